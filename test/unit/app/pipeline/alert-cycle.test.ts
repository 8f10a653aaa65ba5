import { describe, expect, it } from 'vitest';
import { runAlertCycle } from '#app/pipeline/alert-cycle.ts';
import type { AlertState } from '#core/alerts/alert-state.ts';
import { AlertStateNotSavedError, AwsCallError, StateConflictError } from '#core/errors.ts';
import type { AlertStateStore, Notifier, OutboundMessage } from '#core/gateways.ts';
import { aFinding, aRecommendation, aReport, MINUTE, T0 } from '#test/helpers/reports.ts';

// In-memory implementations of the two ports, recording the order of calls.
class MemoryStore implements AlertStateStore {
  readonly items = new Map<string, AlertState>();
  saveFailsWith: Error | null = null;
  constructor(private readonly log: string[]) {}
  async load(): Promise<AlertState[]> {
    this.log.push('load');
    return [...this.items.values()];
  }
  async save(_key: string, states: readonly AlertState[]): Promise<void> {
    this.log.push(`save ${states.length}`);
    if (this.saveFailsWith) throw this.saveFailsWith;
    for (const state of states) this.items.set(state.fingerprint, state);
  }
}

class MemoryNotifier implements Notifier {
  readonly published: OutboundMessage[] = [];
  failWith: Error | null = null;
  constructor(private readonly log: string[]) {}
  async publish(message: OutboundMessage): Promise<{ messageId: string }> {
    this.log.push('publish');
    if (this.failWith) throw this.failWith;
    this.published.push(message);
    return { messageId: `m-${this.published.length}` };
  }
}

function setup() {
  const log: string[] = [];
  return { log, store: new MemoryStore(log), notifier: new MemoryNotifier(log) };
}

const report = aReport([aFinding()], [aRecommendation()]);

describe('runAlertCycle', () => {
  it('publishes the delta, then saves the state', async () => {
    // Prepare
    const { log, store, notifier } = setup();

    // Act
    const result = await runAlertCycle({ store, notifier }, 'demo', report, T0);

    // Assess
    expect(log).toEqual(['load', 'publish', 'save 1']);
    expect(result.published).toMatchObject({ messageId: 'm-1', omittedAlerts: 0 });
    expect(notifier.published[0]?.subject).toBe('[eks-sg-advisor] demo: 1 new (critical)');
  });

  it('publishes nothing on a run with nothing new, changed or resolved', async () => {
    // Prepare
    const { log, store, notifier } = setup();
    await runAlertCycle({ store, notifier }, 'demo', report, T0);
    log.length = 0;

    // Act
    const result = await runAlertCycle({ store, notifier }, 'demo', report, T0 + 5 * MINUTE);

    // Assess
    expect(result.published).toBeNull();
    expect(log).toEqual(['load']);
    expect(notifier.published).toHaveLength(1);
  });

  it('saves nothing when the publish fails, so the next run notifies again', async () => {
    // Prepare
    const { log, store, notifier } = setup();
    notifier.failWith = new AwsCallError('Publish', 'topic t: InternalError');

    // Act
    const error = await runAlertCycle({ store, notifier }, 'demo', report, T0).catch(
      (caught: unknown) => caught,
    );
    notifier.failWith = null;
    const retry = await runAlertCycle({ store, notifier }, 'demo', report, T0 + MINUTE);

    // Assess
    expect(error).toBeInstanceOf(AwsCallError);
    expect(log).toEqual(['load', 'publish', 'load', 'publish', 'save 1']);
    expect(retry.diff.new).toHaveLength(1);
  });

  it('says the notification went out when the save after it fails, naming the operation', async () => {
    // Prepare
    const { store, notifier } = setup();
    store.saveFailsWith = new AwsCallError(
      'PutItem',
      'table t, cluster#demo: ThrottlingException: Rate exceeded (5 attempts)',
    );

    // Act
    const error = await runAlertCycle({ store, notifier }, 'demo', report, T0).catch(
      (caught: unknown) => caught,
    );

    // Assess
    expect(error).toBeInstanceOf(AlertStateNotSavedError);
    expect(error).toBeInstanceOf(AwsCallError);
    const notSaved = error as AlertStateNotSavedError;
    expect(notSaved.operation).toBe('PutItem');
    expect(notSaved.messageId).toBe('m-1');
    expect(notSaved.message).toBe(
      `PutItem: table t, cluster#demo: ThrottlingException: Rate exceeded (5 attempts); notification ${notSaved.notificationId} was already published (message m-1), so the next run will publish it again with the same notificationId`,
    );
  });

  it('passes a state conflict through unchanged', async () => {
    // Prepare
    const { store, notifier } = setup();
    store.saveFailsWith = new StateConflictError(['f1'], 'changed by another run');

    // Act
    const act = runAlertCycle({ store, notifier }, 'demo', report, T0);

    // Assess
    await expect(act).rejects.toBe(store.saveFailsWith);
  });
});
