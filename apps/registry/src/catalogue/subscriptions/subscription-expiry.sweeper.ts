import {
  type BeforeApplicationShutdown,
  Inject,
  Injectable,
  Logger,
  type OnApplicationBootstrap,
} from '@nestjs/common';
import { CATALOGUE_OPTIONS, type CatalogueOptions } from '../catalogue-options';
import { SubscriptionsService } from './subscriptions.service';

/**
 * Marks lapsed subscriptions `expired` every SUBSCRIPTION_EXPIRY_SWEEP_MS, so that the status column and
 * the audit log catch up with what reads already report. Several registry instances may sweep at once.
 */
@Injectable()
export class SubscriptionExpirySweeper implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger(SubscriptionExpirySweeper.name);
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;

  constructor(
    private readonly subscriptions: SubscriptionsService,
    @Inject(CATALOGUE_OPTIONS) private readonly options: CatalogueOptions,
  ) {}

  onApplicationBootstrap(): void {
    if (this.options.expirySweepMs <= 0) return;
    this.timer = setInterval(() => {
      this.running ??= this.sweep().finally(() => (this.running = undefined));
    }, this.options.expirySweepMs);
    this.timer.unref();
  }

  /** Stops the timer and waits for a sweep in progress, before the database pool closes. */
  async beforeApplicationShutdown(): Promise<void> {
    clearInterval(this.timer);
    this.timer = undefined;
    await this.running;
  }

  private async sweep(): Promise<void> {
    try {
      const expired = await this.subscriptions.expireDue();
      if (expired > 0) this.logger.log({ msg: 'subscriptions expired', count: expired });
    } catch (error) {
      this.logger.warn({
        msg: 'subscription expiry sweep failed; retrying at the next interval',
        error: error instanceof Error ? error.message : String(error),
      });
    }
  }
}
