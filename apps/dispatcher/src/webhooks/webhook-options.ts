import { type SubscriptionView } from '@app/catalogue';
import { type AllowedWebhookHost } from '@app/webhook-policy';

export const WEBHOOK_OPTIONS = Symbol('WEBHOOK_OPTIONS');

export interface WebhookOptions {
  deliveryTopicPrefix: string;
  deliveryTopicPartitions: number;
  secretKey: Buffer | undefined;
  secretCacheMs: number;
  noSecretRetryMs: number;
  timeoutMs: number;
  schedule: readonly number[];
  jitterPercent: number;
  retryAfterMaxMs: number;
  endpointConcurrency: number;
  maxInFlight: number;
  /** WEBHOOK_ORDER_PER_KEY: false turns key order off for every subscription. */
  orderPerKey: boolean;
  disableAfterMs: number;
  allowedHosts: readonly AllowedWebhookHost[];
  allowHttp: boolean;
  pollMs: number;
  /** The agencies this instance serves. */
  agencies: RegExp;
}

/** A webhook delivery claimed by this instance (leased: no other worker takes it until the lease ends). */
export interface ClaimedDelivery {
  id: string;
  subscriptionId: string;
  recordId: string;
  agencyId: string;
  topic: string;
  recordKey: string | null;
  recordTime: Date;
  schemaId: number;
  body: string;
  headers: Record<string, string>;
  attempts: number;
  replays: number;
}

export type AttemptOutcome = 'delivered' | 'failed' | 'refused' | 'gone' | 'waiting' | 'dead';

/** What one attempt changed: the delivery row, its attempt record and (for finals) an audit entry. */
export interface DeliveryOutcome {
  delivery: ClaimedDelivery;
  outcome: AttemptOutcome;
  /** The row's status afterwards. */
  status: 'pending' | 'delivered' | 'dead' | 'cancelled';
  /** Attempts counted afterwards (`waiting` does not count). */
  attempts: number;
  nextAttemptAt: Date | null;
  statusCode: number | null;
  latencyMs: number | null;
  error: string | null;
  attemptedAt: Date;
}

/**
 * Whether a subscription's records are held in key order (one in flight per key): its own `orderedDelivery`
 * (absent: true), unless WEBHOOK_ORDER_PER_KEY turns ordering off for all.
 */
export function keepsKeyOrder(
  orderPerKey: boolean,
  subscription: Pick<SubscriptionView, 'orderedDelivery'>,
): boolean {
  return orderPerKey && subscription.orderedDelivery !== false;
}
