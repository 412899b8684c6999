export interface RetryPolicyOptions {
  /** Delay before each attempt (ms); its length is the number of attempts. */
  schedule: readonly number[];
  jitterPercent: number;
  retryAfterMaxMs: number;
}

/** When to try again after a failed attempt, or that there is no next attempt (dead letter). */
export class RetryPolicy {
  constructor(
    private readonly options: RetryPolicyOptions,
    private readonly random: () => number = Math.random,
  ) {}

  get maxAttempts(): number {
    return this.options.schedule.length;
  }

  /**
   * The delay before the attempt after `attemptsMade` failed ones (ms), or undefined when they were all.
   * A `Retry-After` asked for by the endpoint (429, 503) is honoured when longer, up to the configured cap.
   */
  nextDelayMs(attemptsMade: number, retryAfterMs?: number): number | undefined {
    const scheduled = this.options.schedule[attemptsMade];
    if (scheduled === undefined) return undefined;
    const spread = (scheduled * this.options.jitterPercent) / 100;
    const jittered = Math.max(0, Math.round(scheduled + (this.random() * 2 - 1) * spread));
    if (retryAfterMs === undefined) return jittered;
    return Math.max(jittered, Math.min(retryAfterMs, this.options.retryAfterMaxMs));
  }
}

/** `Retry-After` as delay-seconds or an HTTP date → milliseconds from `now`; undefined when absent or unreadable. */
export function parseRetryAfter(value: string | undefined, now = Date.now()): number | undefined {
  if (value === undefined) return undefined;
  const text = value.trim();
  if (/^\d+$/.test(text)) return Number(text) * 1_000;
  const date = Date.parse(text);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}
