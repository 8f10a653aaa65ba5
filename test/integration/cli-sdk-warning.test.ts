import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';

// Runs the built command (`npm test` builds dist/ first) against moto_server, on a command that
// builds an SDK client, without the switch the integration set-up exports.
function fetchLogs(warningSwitch: string | undefined) {
  const env: Record<string, string | undefined> = { ...process.env };
  delete env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED;
  if (warningSwitch !== undefined)
    env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = warningSwitch;
  return spawnSync(
    'node',
    [
      'dist/eks-sg-advisor.cjs',
      'fetch-logs',
      '--cluster',
      'nosuch',
      '--since',
      '5m',
      '--region',
      'us-east-1',
    ],
    { encoding: 'utf8', env },
  );
}

const SDK_WARNS = Number(process.versions.node.split('.')[0]) < 22;

describe('eks-sg-advisor and the AWS SDK Node-version warning', () => {
  it('prints only its own one-line error, without the SDK’s eight-line Node-version warning', () => {
    // Act
    const result = fetchLogs(undefined);
    // Assess
    expect(result.status).toBe(1);
    expect(result.stderr).not.toContain('NodeVersionSupportWarning');
    expect(result.stderr.trim().split('\n')).toHaveLength(1);
  });

  it('keeps the warning when the user asked for it (the switch set to false)', () => {
    // Act
    const result = fetchLogs('false');
    // Assess
    expect(result.stderr.includes('NodeVersionSupportWarning')).toBe(SDK_WARNS);
  });
});
