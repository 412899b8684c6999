import { type DeliveryMode, type SubscriptionEntity, type SubscriptionStatus } from '@app/persistence';
import { effectiveStatus } from './subscription-lifecycle';

/** A subscription as the API shows it to the subscriber, the topic's owner and admins. */
export interface SubscriptionView {
  id: string;
  topic: string;
  agencyId: string;
  purpose: string;
  legalBasis: string;
  /** Leaf field paths (a record named whole was expanded when requested). */
  fields: string[];
  filter: string | null;
  deliveryMode: DeliveryMode;
  /** Shown to the subscriber and admins only: the topic's owner need not know the subscriber's systems. */
  webhookUrl: string | null;
  /** Webhooks: records with the same key go in order, one at a time; false sends each on its own. */
  orderedDelivery: boolean;
  expiresAt: string;
  /** As of now: a live subscription past its expiry reads `expired` even before the sweep marks it. */
  status: SubscriptionStatus;
  statusReason: string | null;
  decidedBy: string | null;
  decidedAt: string | null;
  projectedSubject: string | null;
  supersedes: string | null;
  createdBy: string;
  createdAt: string;
  updatedAt: string;
}

export function subscriptionView(
  subscription: SubscriptionEntity,
  options: { showWebhookUrl: boolean; now?: Date },
): SubscriptionView {
  return {
    id: subscription.id,
    topic: subscription.topic,
    agencyId: subscription.agencyId,
    purpose: subscription.purpose,
    legalBasis: subscription.legalBasis,
    fields: subscription.fields,
    filter: subscription.filter,
    deliveryMode: subscription.deliveryMode,
    webhookUrl: options.showWebhookUrl ? subscription.webhookUrl : null,
    orderedDelivery: subscription.orderedDelivery,
    expiresAt: subscription.expiresAt.toISOString(),
    status: effectiveStatus(subscription, options.now),
    statusReason: subscription.statusReason,
    decidedBy: subscription.decidedBy,
    decidedAt: subscription.decidedAt?.toISOString() ?? null,
    projectedSubject: subscription.projectedSubject,
    supersedes: subscription.supersedes,
    createdBy: subscription.createdBy,
    createdAt: subscription.createdAt.toISOString(),
    updatedAt: subscription.updatedAt.toISOString(),
  };
}
