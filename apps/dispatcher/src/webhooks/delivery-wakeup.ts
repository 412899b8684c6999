import { Injectable } from '@nestjs/common';

/**
 * Wakes the webhook workers. `notify`: there may be new work (records staged, outcomes written, catalogue
 * changed), so subscriptions found drained are worth asking again. `nudge`: capacity was freed, nothing new.
 */
@Injectable()
export class DeliveryWakeup {
  private waiter?: () => void;
  private signalled = false;
  /** Grows with every `notify`: lets the workers tell "new work" from "capacity freed". */
  generation = 0;

  notify(): void {
    this.generation++;
    this.nudge();
  }

  nudge(): void {
    this.signalled = true;
    const waiter = this.waiter;
    this.waiter = undefined;
    waiter?.();
  }

  /** Resolves at the next signal (or at once if one came since the last wait): true; after `timeoutMs`: false. */
  wait(timeoutMs: number): Promise<boolean> {
    if (this.signalled) {
      this.signalled = false;
      return Promise.resolve(true);
    }
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.waiter = undefined;
        resolve(false);
      }, timeoutMs);
      this.waiter = () => {
        clearTimeout(timer);
        this.signalled = false;
        resolve(true);
      };
    });
  }
}
