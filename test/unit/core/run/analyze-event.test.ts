import { describe, expect, it } from 'vitest';
import { InputError } from '#core/errors.ts';
import { resolveAnalyzeRequest } from '#core/run/analyze-event.ts';
import { resolveEnableLoggingRequest } from '#core/run/enable-logging-event.ts';
import { isScheduledEvent } from '#core/run/event-fields.ts';

const PROD = { name: 'prod', account: null, region: null };
const STAGING = { name: 'staging', account: null, region: null };
const PAYMENTS_EU = { name: 'payments', account: '210987654321', region: 'eu-west-1' };
const PAYMENTS_US = { name: 'payments', account: '345678901234', region: 'us-east-2' };
const DEFAULTS = { clusters: [PROD, STAGING], dryRun: false, maxSinceMs: 86_400_000 };
const SCHEDULED = { source: 'aws.events', 'detail-type': 'Scheduled Event', detail: {} };

describe('resolveAnalyzeRequest', () => {
  it('runs the configuration as is for an EventBridge scheduled event', () => {
    // Act
    const request = resolveAnalyzeRequest(SCHEDULED, { ...DEFAULTS, dryRun: true });
    // Assess
    expect(request).toEqual({
      trigger: 'schedule',
      clusters: [PROD, STAGING],
      sinceMs: null,
      dryRun: true,
      notify: true,
      fanOut: true,
      kubernetes: null,
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
        clusters: [PROD, STAGING],
        sinceMs: null,
        dryRun: false,
        notify: true,
        fanOut: null,
        kubernetes: null,
      });
    },
  );

  it.each([
    [
      'a scheduled event whose detail asks for it',
      { ...SCHEDULED, detail: { dryRun: true } },
      false,
    ],
    ['a scheduled event of a deployment configured as a dry run', SCHEDULED, true],
    ['an on-demand event', { dryRun: true }, false],
    ['an on-demand event saying dryRun: false to a dry-run deployment', { dryRun: false }, true],
    ['an on-demand event with since', { since: '2h', dryRun: true }, false],
  ])('honours a dry run asked by %s', (_shape, event, configured) => {
    // Act
    const request = resolveAnalyzeRequest(event, { ...DEFAULTS, dryRun: configured });
    // Assess
    expect(request.dryRun).toBe(true);
  });

  it('lets every field of an on-demand event override the configuration', () => {
    // Act
    const request = resolveAnalyzeRequest(
      {
        clusters: ['staging', 'staging'],
        since: '1h30m',
        dryRun: true,
        notify: false,
        fanOut: true,
        kubernetes: 'audit',
      },
      DEFAULTS,
    );
    // Assess
    expect(request).toEqual({
      trigger: 'on-demand',
      clusters: [STAGING],
      sinceMs: 5_400_000,
      dryRun: true,
      notify: false,
      fanOut: true,
      kubernetes: 'audit',
    });
  });

  it('selects clusters of other accounts by account/region/name, or by a name only one of them has', () => {
    // Prepare
    const defaults = { ...DEFAULTS, clusters: [PROD, PAYMENTS_EU, PAYMENTS_US] };
    // Act
    const byRef = resolveAnalyzeRequest(
      { clusters: ['345678901234/us-east-2/payments'] },
      defaults,
    );
    const byName = resolveAnalyzeRequest({ clusters: ['prod'] }, defaults);
    const ambiguous = (): unknown => resolveAnalyzeRequest({ clusters: ['payments'] }, defaults);
    // Assess
    expect(byRef.clusters).toEqual([PAYMENTS_US]);
    expect(byName.clusters).toEqual([PROD]);
    expect(ambiguous).toThrow(
      "analyze event: field 'clusters[0]' names 'payments', which matches several configured clusters (210987654321/eu-west-1/payments, 345678901234/us-east-2/payments): write account/region/name",
    );
  });

  it.each([
    [
      { cluster: 'prod' },
      "analyze event: unknown field 'cluster' (expected any of clusters, since, dryRun, notify, fanOut, kubernetes)",
    ],
    [
      { clusters: 'prod' },
      "analyze event: field 'clusters' must be a list of clusters (name or account/region/name)",
    ],
    [{ clusters: ['prod', 3] }, "analyze event: field 'clusters[1]' must be a string"],
    [{ clusters: [] }, "analyze event: field 'clusters' is empty"],
    [
      { clusters: ['prod/x'] },
      `analyze event: field 'clusters[0]' "prod/x" must be a cluster name or account/region/name`,
    ],
    [
      { clusters: ['21098765432/eu-west-1/payments'] },
      `analyze event: field 'clusters[0]' "21098765432/eu-west-1/payments": the account must be 12 digits`,
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
    [{ fanOut: 'yes' }, "analyze event: field 'fanOut' must be true or false"],
    [{ kubernetes: 'on' }, "analyze event: field 'kubernetes' must be 'off', 'resolve' or 'audit'"],
    [
      'run',
      'analyze event must be a JSON object with fields clusters, since, dryRun, notify, fanOut, kubernetes',
    ],
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

describe('resolveEnableLoggingRequest', () => {
  it('takes the configured clusters on a schedule, and a subset on demand', () => {
    // Act
    const scheduled = resolveEnableLoggingRequest(SCHEDULED, DEFAULTS.clusters);
    const onDemand = resolveEnableLoggingRequest({ clusters: ['prod'] }, DEFAULTS.clusters);
    // Assess
    expect(scheduled).toEqual({ clusters: [PROD, STAGING], dryRun: false, indexLogStream: false });
    expect(onDemand).toEqual({ clusters: [PROD], dryRun: false, indexLogStream: false });
  });

  it('indexes @logStream only when an on-demand event opts in', () => {
    // Act
    const request = resolveEnableLoggingRequest({ indexLogStream: true }, DEFAULTS.clusters);
    // Assess
    expect(request.indexLogStream).toBe(true);
  });

  it.each([
    ['an on-demand event', { dryRun: true }],
    ['an on-demand event with clusters', { clusters: ['prod'], dryRun: true }],
    ['a scheduled event whose detail asks for it', { ...SCHEDULED, detail: { dryRun: true } }],
  ])('honours dryRun: true on %s', (_shape, event) => {
    // Act
    const request = resolveEnableLoggingRequest(event, DEFAULTS.clusters);
    // Assess
    expect(request.dryRun).toBe(true);
  });

  it('rejects unknown fields and unconfigured clusters', () => {
    // Act
    const unknown = (): unknown => resolveEnableLoggingRequest({ since: '1h' }, [PROD]);
    const other = (): unknown => resolveEnableLoggingRequest({ clusters: ['dev'] }, [PROD]);
    // Assess
    expect(unknown).toThrow(
      "enableLogging event: unknown field 'since' (expected any of clusters, dryRun, indexLogStream)",
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
