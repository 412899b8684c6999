import { Injectable } from '@nestjs/common';
import { type Principal } from '@app/auth';
import { AppError, isUuid } from '@app/core';
import { findRecordEntries, recordFacts } from '@app/audit';
import { DataSource, DeliveryEntity, PublishedRecordEntity, TopicEntity } from '@app/persistence';

export interface RecordStatus {
  id: string;
  topic: string;
  publisher: string;
  /** accepted → routed; or dead_lettered. `pending` only while a publish request is in flight. */
  status: 'pending' | 'accepted' | 'routed' | 'dead_lettered';
  acceptedAt: string | null;
  partition: number | null;
  offset: string | null;
  schemaId: number | null;
  routing: { routedAt: string; subscriptions: number; deliveries: number } | null;
  /** Routed copies (one per subscription that took the record), with the last hop for webhook and pull. */
  deliveries: {
    agency: string;
    subscriptionId: string;
    fields: string[];
    deliveryTopic: string;
    at: string;
    /** Webhook and pull subscriptions: where the handover to the agency stands (Kafka subscribers read the topic). */
    handover?: {
      mode: string;
      status: 'pending' | 'delivered' | 'dead' | 'cancelled';
      attempts: number;
      nextAttemptAt: string | null;
      lastStatusCode: number | null;
      lastError: string | null;
    };
  }[];
  deadLetter: { code: string; reason: string; at: string } | null;
  summary: string;
}

/** E.g. "; handed over 1 of 2 (webhook, pull); 1 retrying, next attempt at 2026-…". Empty without handovers. */
export function handoverSummary(deliveries: RecordStatus['deliveries']): string {
  const handovers = deliveries.flatMap((delivery) => (delivery.handover ? [delivery.handover] : []));
  if (handovers.length === 0) return '';
  const done = handovers.filter((handover) => handover.status === 'delivered').length;
  const retrying = handovers.filter(
    (handover) => handover.status === 'pending' && handover.mode === 'webhook',
  );
  const awaitingPull = handovers.filter(
    (handover) => handover.status === 'pending' && handover.mode === 'pull',
  ).length;
  const dead = handovers.filter((handover) => handover.status === 'dead').length;
  const next = retrying
    .map((handover) => handover.nextAttemptAt)
    .filter((at): at is string => at !== null)
    .sort()[0];
  const modes = [...new Set(handovers.map((handover) => handover.mode))].join(', ');
  return (
    `; handed over ${done} of ${handovers.length} (${modes})` +
    (retrying.length > 0 ? `; ${retrying.length} retrying${next ? `, next attempt at ${next}` : ''}` : '') +
    (awaitingPull > 0 ? `; ${awaitingPull} waiting to be pulled` : '') +
    (dead > 0 ? `; ${dead} dead-lettered` : '')
  );
}

/**
 * A record's status for its publisher: what the gateway accepted (the ledger) and what the router did with
 * it (the audit log). Anyone but the topic's owner and admins gets 404: no one learns that another
 * agency's record exists.
 */
@Injectable()
export class RecordStatusService {
  constructor(private readonly dataSource: DataSource) {}

  async status(principal: Principal, id: string): Promise<RecordStatus> {
    if (!isUuid(id)) throw AppError.badRequest('record id must be a UUID');
    const recordId = id.toLowerCase();
    const [ledger, entries, handovers] = await Promise.all([
      this.dataSource.getRepository(PublishedRecordEntity).findOneBy({ recordId }),
      findRecordEntries(this.dataSource, recordId),
      this.dataSource.getRepository(DeliveryEntity).findBy({ recordId }),
    ]);
    const facts = recordFacts(entries, recordId);
    const handoverBySubscription = new Map(handovers.map((row) => [row.subscriptionId, row]));
    const topicName = ledger?.topic ?? facts.topic ?? undefined;
    const notFound = AppError.notFound(`record ${recordId} not found`);
    if (!topicName) throw notFound;
    const topic = await this.dataSource.getRepository(TopicEntity).findOneBy({ name: topicName });
    if (!topic) throw notFound;
    if (principal.kind !== 'admin' && principal.agencyId !== topic.ownerAgencyId) throw notFound;

    const { published, routed, deadLettered: dead } = facts;
    const deliveries = facts.deliveries.map((delivery) => {
      const handover = handoverBySubscription.get(delivery.subscriptionId);
      // A settled delivery row may have been purged: the audit log still has its outcome.
      const logged = handover ? undefined : facts.handovers.get(delivery.subscriptionId);
      return {
        agency: delivery.agencyId ?? '',
        subscriptionId: delivery.subscriptionId,
        fields: delivery.fields,
        deliveryTopic: delivery.deliveryTopic,
        at: delivery.at.toISOString(),
        ...(handover
          ? {
              handover: {
                mode: handover.mode,
                status: handover.status,
                attempts: handover.attempts,
                nextAttemptAt: handover.status === 'pending' ? handover.nextAttemptAt.toISOString() : null,
                lastStatusCode: handover.lastStatusCode,
                lastError: handover.lastError,
              },
            }
          : logged
            ? {
                handover: {
                  mode: logged.mode,
                  status: logged.status,
                  attempts: logged.attempts ?? 0,
                  nextAttemptAt: null,
                  lastStatusCode: null,
                  lastError: null,
                },
              }
            : {}),
      };
    });
    const routing = routed
      ? {
          routedAt: routed.at.toISOString(),
          subscriptions: routed.subscriptions,
          deliveries: routed.deliveries,
        }
      : null;
    const deadLetter = dead ? { code: dead.code, reason: dead.reason, at: dead.at.toISOString() } : null;
    const status: RecordStatus['status'] = dead
      ? 'dead_lettered'
      : routed
        ? 'routed'
        : ledger?.status === 'pending'
          ? 'pending'
          : 'accepted';
    const summary =
      status === 'dead_lettered'
        ? `dead-lettered: ${deadLetter?.reason ?? ''}`
        : status === 'routed'
          ? `delivered to ${routing?.deliveries ?? 0} of ${routing?.subscriptions ?? 0} subscriptions${handoverSummary(deliveries)}`
          : status === 'pending'
            ? 'being published'
            : 'accepted by Kafka, not routed yet';
    return {
      id: recordId,
      topic: topicName,
      publisher: topic.ownerAgencyId,
      status,
      acceptedAt: ledger?.acceptedAt?.toISOString() ?? published?.at.toISOString() ?? null,
      partition: ledger?.partition ?? published?.partition ?? null,
      offset: ledger?.offset ?? published?.offset ?? null,
      schemaId: ledger?.schemaId ?? published?.schemaId ?? null,
      routing,
      deliveries,
      deadLetter,
      summary,
    };
  }
}
