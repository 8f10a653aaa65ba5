import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { readKubectlList } from '#adapters/k8s/kubectl-list.ts';
import { InputError } from '#core/errors.ts';
import { controlPlaneTargets } from '#core/k8s/control-plane-targets.ts';

const CLUSTER_DIR = fileURLToPath(new URL('../../../fixtures/k8s/cluster/', import.meta.url));

describe('readKubectlList', () => {
  it('reads typed lists (items without kind), as the Kubernetes API returns them, into the audit objects', () => {
    // Prepare: the audit fixtures, one List per resource, given together as an array.
    const lists = readdirSync(CLUSTER_DIR)
      .filter((f) => f.endsWith('.json'))
      .map((f) => JSON.parse(readFileSync(`${CLUSTER_DIR}${f}`, 'utf8')));

    // Act
    const objects = readKubectlList(JSON.stringify(lists), 'cluster.json');

    // Assess
    const targets = controlPlaneTargets(objects);
    expect(targets.map((t) => t.name)).toEqual(
      expect.arrayContaining([
        'v1beta1.metrics.k8s.io',
        'vingress.elbv2.k8s.aws',
        'externalsecrets.external-secrets.io',
      ]),
    );
    const metrics = targets.find((t) => t.name === 'v1beta1.metrics.k8s.io');
    expect(metrics?.endpoints.map((e) => e.port)).toEqual([10251, 10251]);
    expect(objects.securityGroupPolicies?.length).toBeGreaterThan(0);
  });

  it('reads the mixed List of kubectl get -A -o json, and ignores kinds it does not use', () => {
    // Prepare
    const list = {
      kind: 'List',
      items: [
        { kind: 'APIService', metadata: { name: 'v1.apps' }, spec: {} },
        { kind: 'ConfigMap', metadata: { name: 'x', namespace: 'y' } },
      ],
    };

    // Act
    const objects = readKubectlList(JSON.stringify(list), 'r.json');

    // Assess
    expect(objects.apiServices).toEqual([{ name: 'v1.apps', service: null, available: null }]);
    expect(objects.services).toEqual([]);
  });

  it('refuses text that is not JSON, naming the file', () => {
    // Act / Assess
    expect(() => readKubectlList('apiVersion: v1', 'r.yaml')).toThrow(
      /registrations r\.yaml are not valid JSON/,
    );
  });

  it('refuses an item whose shape is not the API one, as bad input', () => {
    // Prepare
    const list = {
      kind: 'List',
      items: [{ kind: 'Service', metadata: { name: 's', namespace: 'n' }, spec: { ports: 'all' } }],
    };

    // Act
    const read = () => readKubectlList(JSON.stringify(list), 'r.json');

    // Assess
    expect(read).toThrow(InputError);
    expect(read).toThrow(/registrations r\.json: services/);
  });
});
