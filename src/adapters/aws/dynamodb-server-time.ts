import type { Clock, ServerTime } from '#core/gateways.ts';

/** The part of an SDK v3 client's resolved configuration that holds its clock correction. */
export interface ClockCorrectedClient {
  readonly config: { readonly systemClockOffset?: number };
}

/** Offsets smaller than this are the `Date` header's whole seconds and the latency, not skew. */
export const CLOCK_SKEW_THRESHOLD_MS = 60_000;

/**
 * {@link ServerTime} from an AWS SDK v3 client (the state table's DynamoDB client): the SDK
 * compares the `Date` header of responses with the local clock and keeps the difference in
 * `config.systemClockOffset` (it signs with it too). The local time (`clock`, the system clock
 * when deployed) plus that offset is the service's time, when the offset is a skew (a minute or
 * more; the header has whole seconds); otherwise, and before the first response, the local time. The run loads its window state first, so the offset is known when it plans.
 *
 * @example
 * const serverTime = new SdkServerTime(dynamodb, systemClock);
 * serverTime.now(); // Date.now() + dynamodb.config.systemClockOffset
 */
export class SdkServerTime implements ServerTime {
  constructor(
    private readonly client: ClockCorrectedClient,
    private readonly clock: Clock,
  ) {}

  now(): number {
    const offset = this.client.config.systemClockOffset ?? 0;
    return this.clock.now() + (Math.abs(offset) >= CLOCK_SKEW_THRESHOLD_MS ? offset : 0);
  }
}
