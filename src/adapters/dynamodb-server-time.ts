import type { Clock, ServerTime } from '#core/ports.ts';

/** The part of an SDK v3 client's resolved configuration that holds its clock correction. */
export interface ClockCorrectedClient {
  readonly config: { readonly systemClockOffset?: number };
}

/**
 * {@link ServerTime} from an AWS SDK v3 client (the state table's DynamoDB client): the SDK
 * compares the `Date` header of every response with the local clock and, when they differ by
 * five minutes or more, keeps the difference in `config.systemClockOffset` (it signs with it too).
 * The local time (`clock`, the system clock when deployed) plus that offset is the service's
 * time; before the first response it is the local time. The run loads its window state first, so the offset is known when it plans.
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
    return this.clock.now() + (this.client.config.systemClockOffset ?? 0);
  }
}
