import { describe, expect, it } from 'vitest';
import { runCliCaptured } from '#test/helpers/cli-io.ts';

describe('eks-sg-advisor explain', () => {
  it('reads a multi-line kubectl get apiservice paste from stdin, line by line', async () => {
    // Prepare
    const table = [
      'NAME                     SERVICE                      AVAILABLE                      AGE',
      'v1beta1.metrics.k8s.io   kube-system/metrics-server   False (FailedDiscoveryCheck)   10d',
    ].join('\n');
    // Act
    const { code, stdout } = await runCliCaptured(['explain', '-', '--format', 'json'], table);
    // Assess
    expect(code).toBe(0);
    expect(JSON.parse(stdout)).toMatchObject({
      name: 'v1beta1.metrics.k8s.io',
      securityGroupFix: 'maybe',
      portsToOpen: [10250, 10251, 4443],
    });
  });

  it('prints what failed, the class, whether a rule helps and the port, naming IANA names as such', async () => {
    // Act
    const { code, stdout } = await runCliCaptured([
      'explain',
      'IP 192.216.0.8.38074 > 192.216.7.111.pharos: Flags [S], seq 1, win 62727, length 0',
    ]);
    // Assess
    expect(code).toBe(0);
    expect(stdout).toContain(
      'Failed:   A connection attempt (SYN) from 192.216.0.8 to 192.216.7.111 on TCP 4443',
    );
    expect(stdout).toContain('Error:    timeout');
    expect(stdout).toContain('SG fix:   yes');
    expect(stdout).toContain(
      'Open:     TCP 4443 (IANA name: pharos; not the product listening there)',
    );
  });

  it('says when no rule helps and opens nothing', async () => {
    // Act
    const { stdout } = await runCliCaptured([
      'explain',
      'Internal error occurred: failed calling webhook "validate.kyverno.svc-fail": failed to call webhook: an error on the server ("dial tcp 10.42.2.66:5432: i/o timeout") has prevented the request from succeeding',
    ]);
    // Assess
    expect(stdout).toContain('Error:    http-status');
    expect(stdout).toContain('Open:     nothing');
    expect(stdout).not.toContain('5432');
  });
});
