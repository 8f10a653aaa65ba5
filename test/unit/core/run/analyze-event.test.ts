import { describe, expect, it } from 'vitest';
import { InputError } from '#core/errors.ts';
import { resolveAnalyzeRequest } from '#core/run/analyze-event.ts';
import { resolveEnableLoggingClusters } from '#core/run/enable-logging-event.ts';
import { isScheduledEvent } from '#core/run/event-fields.ts';

const DEFAULTS = { clusters: ['prod', 'staging'], dryRun: false, maxSinceMs: 86_400_000 };
const SCHEDULED = { source: 'aws.events', 'detail-type': 'Scheduled Event', detail: {} };

describe('resolveAnalyzeRequest', () => {
  it('runs the configuration as is for an EventBridge scheduled event', () => {
    // Act
    const request = resolveAnalyzeRequest(SCHEDULED, { ...DEFAULTS, dryRun: true });
    // Assess
    expect(request).toEqual({
      trigger: 'schedule',
      clusters: ['prod', 'staging'],
      sinceMs: null,
      dryRun: true,
      notify: true,
    });
  });

  it.each([[{}], [null], [undefined]])(
    'treats an empty on-demand event (%j) as a normal run',
    (event) => {
      // Act
      const request = resolveAnalyzeRequest(event, DEFAULTS);
      // Assess
      expect(request).toEqual({
        trigger: 'on-demand',
        clusters: ['prod', 'staging'],
        sinceMs: null,
        dryRun: false,
        notify: true,
      });
    },
  );

  it('lets every field of an on-demand event override the configuration', () => {
    // Act
    const request = resolveAnalyzeRequest(
      { clusters: ['staging', 'staging'], since: '1h30m', dryRun: true, notify: false },
      DEFAULTS,
    );
    // Assess
    expect(request).toEqual({
      trigger: 'on-demand',
      clusters: ['staging'],
      sinceMs: 5_400_000,
      dryRun: true,
      notify: false,
    });
  });

  it.each([
    [
      { cluster: 'prod' },
      "analyze event: unknown field 'cluster' (expected any of clusters, since, dryRun, notify)",
    ],
    [{ clusters: 'prod' }, "analyze event: field 'clusters' must be a list of cluster names"],
    [{ clusters: ['prod', 3] }, "analyze event: field 'clusters[1]' must be a string"],
    [{ clusters: [] }, "analyze event: field 'clusters' is empty"],
    [
      { clusters: ['prod/x'] },
      `analyze event: field 'clusters[0]' is not a valid EKS cluster name (got "prod/x")`,
    ],
    [
      { clusters: ['dev'] },
      "analyze event: field 'clusters[0]' names 'dev', which is not configured (configured: prod, staging)",
    ],
    [{ since: 2 }, `analyze event: field 'since' must be a duration such as "2h"`],
    [
      { since: 'two hours' },
      `analyze event: field 'since' must be a duration such as 30m, 2h or 1d (got "two hours")`,
    ],
    [
      { since: '2d' },
      "analyze event: field 'since' must be at most 1d, the look-back cap (got '2d')",
    ],
    [{ dryRun: 'yes' }, "analyze event: field 'dryRun' must be true or false"],
    [{ notify: 0 }, "analyze event: field 'notify' must be true or false"],
    ['run', 'analyze event must be a JSON object with fields clusters, since, dryRun, notify'],
  ])('rejects %j naming the field', (event, message) => {
    // Act
    const act = (): unknown => resolveAnalyzeRequest(event, DEFAULTS);
    // Assess
    expect(act).toThrow(InputError);
    expect(act).toThrow(message);
  });

  it('does not take an EventBridge event of another kind for a schedule', () => {
    // Act
    const act = (): unknown =>
      resolveAnalyzeRequest({ ...SCHEDULED, 'detail-type': 'EKS Cluster State Change' }, DEFAULTS);
    // Assess
    expect(act).toThrow(/unknown field 'source'/);
  });
});

describe('resolveEnableLoggingClusters', () => {
  it('takes the configured clusters on a schedule, and a subset on demand', () => {
    // Act
    const scheduled = resolveEnableLoggingClusters(SCHEDULED, DEFAULTS.clusters);
    const onDemand = resolveEnableLoggingClusters({ clusters: ['prod'] }, DEFAULTS.clusters);
    // Assess
    expect(scheduled).toEqual(['prod', 'staging']);
    expect(onDemand).toEqual(['prod']);
  });

  it('rejects unknown fields and unconfigured clusters', () => {
    // Act
    const unknown = (): unknown => resolveEnableLoggingClusters({ since: '1h' }, ['prod']);
    const other = (): unknown => resolveEnableLoggingClusters({ clusters: ['dev'] }, ['prod']);
    // Assess
    expect(unknown).toThrow(
      "enableLogging event: unknown field 'since' (expected any of clusters)",
    );
    expect(other).toThrow(
      "enableLogging event: field 'clusters[0]' names 'dev', which is not configured",
    );
  });
});

describe('isScheduledEvent', () => {
  it('recognises only EventBridge scheduled events', () => {
    // Act
    const answers = [SCHEDULED, { source: 'aws.events' }, 'x', null].map(isScheduledEvent);
    // Assess
    expect(answers).toEqual([true, false, false, false]);
  });
});
