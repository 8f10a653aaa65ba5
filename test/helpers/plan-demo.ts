import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { readKubectlList } from '#adapters/k8s/kubectl-list.ts';
import { controlPlaneTargets } from '#core/k8s/control-plane-targets.ts';
import type { ControlPlaneTarget } from '#core/k8s/targets.ts';
import { buildNetworkModel } from '#core/network/build-model.ts';
import type { NetworkModel } from '#core/network/model.ts';
import { parseNetworkSnapshot } from '#core/network/parse-snapshot.ts';
import { readFlowLogs } from '#core/plan/flow-input.ts';
import type { FlowRecord } from '#core/plan/flow-record.ts';

/** The path of a file of the bundled plan demo. */
export function planDemoPath(name: string): string {
  return fileURLToPath(new URL(`../fixtures/plan-demo/${name}`, import.meta.url));
}

/** The plan demo's group IDs. */
export const DEMO = {
  cluster: 'sg-0c1a55e7c1a55e7c1',
  additional: 'sg-0add0add0add0add0',
  node: 'sg-0b0de5ec0de5ec0de',
  pod: 'sg-0fa7e5ec0fa7e5ec0',
} as const;

/** The plan demo's inputs, parsed: network model, registrations and flow-log records. */
export function planDemo(): {
  model: NetworkModel;
  targets: ControlPlaneTarget[];
  records: FlowRecord[];
} {
  const read = (name: string) => readFileSync(planDemoPath(name), 'utf8');
  return {
    model: buildNetworkModel(
      parseNetworkSnapshot(JSON.parse(read('network.json')), 'network.json'),
    ),
    targets: controlPlaneTargets(readKubectlList(read('registrations.json'), 'registrations.json')),
    records: readFlowLogs(read('flow-logs.txt')),
  };
}
