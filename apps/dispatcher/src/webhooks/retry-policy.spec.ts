import { parseRetryAfter, RetryPolicy } from './retry-policy';
import { retrySchedule } from './webhook-env';

describe('RetryPolicy', () => {
  const schedule = retrySchedule('0s,5s,5m,30m,2h,5h,10h,10h').parse(undefined);

  it('parses the default schedule: eight attempts, the first at once', () => {
    expect(schedule).toEqual([0, 5_000, 300_000, 1_800_000, 7_200_000, 18_000_000, 36_000_000, 36_000_000]);
    expect(retrySchedule('x').parse('0s, 200ms,1m')).toEqual([0, 200, 60_000]);
    expect(() => retrySchedule('x').parse('0s,soon')).toThrow(/duration/);
  });

  it('answers the next delay with jitter within the configured percentage, and none after the last attempt', () => {
    const low = new RetryPolicy({ schedule, jitterPercent: 10, retryAfterMaxMs: 3_600_000 }, () => 0);
    const high = new RetryPolicy({ schedule, jitterPercent: 10, retryAfterMaxMs: 3_600_000 }, () => 1);
    expect(low.maxAttempts).toBe(8);
    expect(low.nextDelayMs(1)).toBe(4_500);
    expect(high.nextDelayMs(1)).toBe(5_500);
    expect(low.nextDelayMs(2)).toBe(270_000);
    expect(low.nextDelayMs(8)).toBeUndefined();
  });

  it('honours a longer Retry-After, up to its cap', () => {
    const policy = new RetryPolicy({ schedule, jitterPercent: 0, retryAfterMaxMs: 60_000 }, () => 0.5);
    expect(policy.nextDelayMs(1, 20_000)).toBe(20_000);
    expect(policy.nextDelayMs(1, 1_000)).toBe(5_000);
    expect(policy.nextDelayMs(1, 600_000)).toBe(60_000);
    expect(policy.nextDelayMs(8, 1_000)).toBeUndefined();
  });

  it('reads Retry-After as seconds or an HTTP date', () => {
    const now = Date.parse('2026-01-01T00:00:00Z');
    expect(parseRetryAfter('120', now)).toBe(120_000);
    expect(parseRetryAfter('Thu, 01 Jan 2026 00:00:30 GMT', now)).toBe(30_000);
    expect(parseRetryAfter('soon', now)).toBeUndefined();
    expect(parseRetryAfter(undefined, now)).toBeUndefined();
  });
});
