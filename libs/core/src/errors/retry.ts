export interface RetryOptions {
  /** Give up once this much time has passed since the first attempt. */
  timeoutMs: number;
  initialDelayMs?: number;
  maxDelayMs?: number;
  /** Stop at once on errors that trying again cannot fix. */
  isRetriable?: (error: unknown) => boolean;
  onRetry?: (error: unknown, attempt: number, delayMs: number) => void;
}

/**
 * Retries `operation` with exponential backoff and full jitter until it succeeds, the deadline passes or
 * a non-retriable error is thrown; the last error is rethrown. Bounded by time, never by hope.
 */
export async function retryWithBackoff<T>(
  operation: (attempt: number) => Promise<T>,
  options: RetryOptions,
): Promise<T> {
  const deadline = Date.now() + options.timeoutMs;
  const initial = options.initialDelayMs ?? 200;
  const max = options.maxDelayMs ?? 5_000;
  for (let attempt = 1; ; attempt++) {
    try {
      return await operation(attempt);
    } catch (error) {
      if (options.isRetriable && !options.isRetriable(error)) throw error;
      const backoff = Math.min(max, initial * 2 ** (attempt - 1));
      const delay = Math.round(backoff / 2 + Math.random() * (backoff / 2));
      if (Date.now() + delay >= deadline) throw error;
      options.onRetry?.(error, attempt, delay);
      await new Promise((resolve) => setTimeout(resolve, delay));
    }
  }
}
