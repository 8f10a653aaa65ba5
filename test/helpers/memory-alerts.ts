import type { AlertState } from '#core/alerts/alert-state.ts';
import type { AlertStateStore, Notifier, OutboundMessage } from '#core/gateways.ts';

/** An {@link AlertStateStore} in memory; `failSaveWith` makes the next save throw. */
export class MemoryAlertStore implements AlertStateStore {
  readonly items = new Map<string, AlertState>();
  failSaveWith: Error | null = null;

  async load(clusterKey: string): Promise<AlertState[]> {
    return [...this.items.entries()]
      .filter(([key]) => key.startsWith(`${clusterKey}|`))
      .map(([, state]) => state);
  }

  async save(clusterKey: string, states: readonly AlertState[]): Promise<void> {
    const failure = this.failSaveWith;
    this.failSaveWith = null;
    if (failure) throw failure;
    for (const state of states) this.items.set(`${clusterKey}|${state.fingerprint}`, state);
  }
}

/** A {@link Notifier} that records what it published; `failWith` makes publishing throw. */
export class MemoryNotifier implements Notifier {
  readonly published: OutboundMessage[] = [];
  failWith: Error | null = null;

  async publish(message: OutboundMessage): Promise<{ messageId: string }> {
    if (this.failWith) throw this.failWith;
    this.published.push(message);
    return { messageId: `m-${this.published.length}` };
  }
}
