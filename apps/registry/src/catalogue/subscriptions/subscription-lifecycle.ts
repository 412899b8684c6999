import { AppError } from '@app/core';
import { type SubscriptionEntity, type SubscriptionStatus } from '@app/persistence';

export type SubscriptionDecision = 'approve' | 'reject' | 'suspend' | 'resume' | 'end';

/** Who the caller is to one subscription; an agency that subscribes to its own topic is both sides. */
export interface SubscriptionParties {
  admin: boolean;
  /** The agency that owns the topic. */
  owner: boolean;
  /** The subscribing agency. */
  subscriber: boolean;
}

interface DecisionRule {
  from: readonly SubscriptionStatus[];
  to: SubscriptionStatus;
  /** Audit action. */
  action: string;
}

/**
 * The status machine. `rejected`, `ended` and `expired` are final: a subscriber who wants data again
 * requests anew, and the new request is decided on its own merits.
 */
export const DECISIONS: Readonly<Record<SubscriptionDecision, DecisionRule>> = {
  approve: { from: ['pending'], to: 'active', action: 'subscription.approved' },
  reject: { from: ['pending'], to: 'rejected', action: 'subscription.rejected' },
  suspend: { from: ['active'], to: 'suspended', action: 'subscription.suspended' },
  resume: { from: ['suspended'], to: 'active', action: 'subscription.resumed' },
  end: { from: ['pending', 'active', 'suspended'], to: 'ended', action: 'subscription.ended' },
};

/** Statuses in which a subscription can still lapse by reaching its expiry. */
export const LIVE_STATUSES: readonly SubscriptionStatus[] = ['pending', 'active', 'suspended'];

/** The status as of `now`: a live subscription past its expiry reads `expired` before any sweep runs. */
export function effectiveStatus(
  subscription: Pick<SubscriptionEntity, 'status' | 'expiresAt'>,
  now: Date = new Date(),
): SubscriptionStatus {
  return LIVE_STATUSES.includes(subscription.status) && subscription.expiresAt.getTime() <= now.getTime()
    ? 'expired'
    : subscription.status;
}

/**
 * Throws 403 when the caller may not take this decision, 409 when the status does not allow it.
 * Approve and reject: the topic's owner or an admin. Suspend and end: either side. Resume: the owner or an
 * admin — or the subscriber, when the subscriber itself suspended it (`suspendedBySubscriber`).
 */
export function assertDecisionAllowed(
  decision: SubscriptionDecision,
  parties: SubscriptionParties,
  status: SubscriptionStatus,
  suspendedBySubscriber: boolean,
): DecisionRule {
  const rule = DECISIONS[decision];
  const deciders = parties.admin || parties.owner;
  const allowed =
    decision === 'approve' || decision === 'reject'
      ? deciders
      : decision === 'resume'
        ? deciders || (parties.subscriber && suspendedBySubscriber)
        : deciders || parties.subscriber;
  if (!allowed) {
    const who =
      decision === 'resume'
        ? "the topic's owner or an admin (or the subscriber, if it suspended the subscription itself)"
        : decision === 'approve' || decision === 'reject'
          ? "the topic's owner or an admin"
          : "the subscriber, the topic's owner or an admin";
    throw AppError.forbidden(`only ${who} may ${decision} this subscription`);
  }
  if (!rule.from.includes(status)) {
    throw AppError.conflict(`cannot ${decision} a subscription that is ${status}`, {
      status,
      allowedFrom: rule.from,
    });
  }
  return rule;
}
