import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import type { Report } from '#core/model/report.ts';
import { invokeAnswer, runOsls } from '#test/helpers/osls.ts';

function seed(env: Record<string, string | undefined>) {
  return spawnSync('node', ['scripts/run-ts.mjs', 'scripts/seed-local-moto.ts'], {
    encoding: 'utf8',
    env,
  });
}

describe('the README’s offline run: scripts/seed-local-moto.ts then osls invoke local', () => {
  it('seeds moto so that `invoke local -f analyze --path events/analyze.json` reports the demo cluster’s blocked metrics-server', async () => {
    // Prepare
    const seeded = seed(process.env);
    expect(seeded.status, seeded.stderr).toBe(0);
    const queueParam = /--param (localWorkQueueUrl=\S+)/.exec(seeded.stdout)?.[1] ?? '';

    // Act
    const run = await runOsls(
      [
        'invoke',
        'local',
        '--stage',
        'local',
        '-f',
        'analyze',
        '--path',
        'events/analyze.json',
        '--param',
        queueParam,
      ],
      120,
    );

    // Assess
    expect(run.status, (run.stdout + run.stderr).slice(-2000)).toBe(0);
    const answer = invokeAnswer(run.stdout) as { clusters: { status: string; report: Report }[] };
    expect(answer.clusters[0]?.status).toBe('analysed');
    expect(answer.clusters[0]?.report.findings).toEqual([
      expect.objectContaining({ name: 'v1beta1.metrics.k8s.io', port: 10251, verdict: 'blocked' }),
    ]);
  });

  it('refuses to write anywhere but a local endpoint', () => {
    // Act
    const seeded = seed({
      ...process.env,
      AWS_ENDPOINT_URL: 'https://ec2.us-east-1.amazonaws.com',
    });

    // Assess
    expect(seeded.status).toBe(2);
    expect(seeded.stderr).toMatch(/AWS_ENDPOINT_URL must name a local moto_server/);
  });
});
