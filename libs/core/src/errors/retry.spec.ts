import { retryWithBackoff } from './retry';

describe('retryWithBackoff', () => {
  it('retries until the operation succeeds', async () => {
    let calls = 0;
    const result = await retryWithBackoff(
      () => {
        calls++;
        return calls < 3 ? Promise.reject(new Error('not yet')) : Promise.resolve('done');
      },
      { timeoutMs: 5_000, initialDelayMs: 1 },
    );
    expect(result).toBe('done');
    expect(calls).toBe(3);
  });

  it('stops at once on a non-retriable error', async () => {
    let calls = 0;
    await expect(
      retryWithBackoff(
        () => {
          calls++;
          return Promise.reject(new Error('fatal'));
        },
        { timeoutMs: 5_000, initialDelayMs: 1, isRetriable: () => false },
      ),
    ).rejects.toThrow('fatal');
    expect(calls).toBe(1);
  });

  it('gives up with the last error once the deadline has passed', async () => {
    let calls = 0;
    await expect(
      retryWithBackoff(
        () => {
          calls++;
          return Promise.reject(new Error(`attempt ${calls}`));
        },
        { timeoutMs: 50, initialDelayMs: 10, maxDelayMs: 10 },
      ),
    ).rejects.toThrow(/attempt \d+/);
    expect(calls).toBeGreaterThan(1);
  });
});
