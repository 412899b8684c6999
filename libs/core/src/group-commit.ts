interface Pending<T, R> {
  items: T[];
  resolve(results: R[]): void;
  reject(error: unknown): void;
}

/**
 * Group commit: calls that arrive while a write is running are written together by the next one, so that
 * many concurrent callers share one round trip (one statement, one transaction) instead of queueing for
 * one each. Each caller resumes when its own items are written and gets their results. If a shared write
 * fails, each call is written again on its own, so that one bad call does not fail the others — unless
 * `retryAlone` is false (writes that may have partly happened, e.g. to Kafka): then every call fails.
 */
export class GroupCommit<T, R = void> {
  private readonly queue: Pending<T, R>[] = [];
  private flushing = false;

  /** `write` must return one result per item, in order. */
  constructor(
    private readonly write: (items: T[]) => Promise<R[]>,
    private readonly options: { retryAlone: boolean } = { retryAlone: true },
  ) {}

  submit(items: T[]): Promise<R[]> {
    if (items.length === 0) return Promise.resolve([]);
    return new Promise((resolve, reject) => {
      this.queue.push({ items, resolve, reject });
      if (!this.flushing) {
        this.flushing = true;
        // Let the callers of this turn of the event loop join the first write.
        setImmediate(() => void this.flush());
      }
    });
  }

  private async flush(): Promise<void> {
    while (this.queue.length > 0) {
      const calls = this.queue.splice(0, this.queue.length);
      try {
        const results = await this.write(calls.flatMap((call) => call.items));
        let offset = 0;
        for (const call of calls) {
          call.resolve(results.slice(offset, offset + call.items.length));
          offset += call.items.length;
        }
      } catch (error) {
        if (calls.length === 1 || !this.options.retryAlone) {
          for (const call of calls) call.reject(error);
          continue;
        }
        for (const call of calls) {
          try {
            call.resolve(await this.write(call.items));
          } catch (callError) {
            call.reject(callError);
          }
        }
      }
    }
    this.flushing = false;
  }
}
