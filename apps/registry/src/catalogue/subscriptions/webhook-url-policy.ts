import {
  type AllowedWebhookHost,
  type HostResolver,
  systemResolver,
  WebhookAddressGuard,
  WebhookRefusedError,
} from '@app/webhook-policy';
import { webhookRefused } from './subscriptions.errors';

/**
 * Decides, when a subscription is requested, whether its webhook URL may be called: the same guard the
 * dispatcher applies at send time (HTTPS only, no credentials, every resolved address public unless
 * WEBHOOK_ALLOWED_HOSTS permits it), answered as a 422. DNS may change later (rebinding): that is why the
 * dispatcher checks again the address it actually connects to.
 */
export class WebhookUrlPolicy {
  private readonly guard: WebhookAddressGuard;

  constructor(allowed: readonly AllowedWebhookHost[], resolve: HostResolver = systemResolver) {
    this.guard = new WebhookAddressGuard(allowed, false, resolve);
  }

  /** Resolves when the URL is acceptable; throws a 422 AppError naming the reason otherwise. */
  async check(text: string): Promise<void> {
    try {
      await this.guard.check(text);
    } catch (error) {
      if (error instanceof WebhookRefusedError) throw webhookRefused(error.message);
      throw error;
    }
  }
}
