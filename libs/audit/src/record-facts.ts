import { AuditEntryEntity, type DataSource, type EntityManager } from '@app/persistence';

/**
 * Audit actions about data records. The gateway writes one `records.published` entry per publish request
 * (per 500 records) naming the records it accepted; the router writes, per routed batch, one `records.routed` entry and one `records.delivered` entry per
 * subscription that received some of its records, each naming its records in `details.recordIds` (a row
 * per record and subscription made the audit log the router's bottleneck). Dead letters stay one entry per
 * record. `record.published`, `record.routed` and `record.delivered` (one per record) are what earlier
 * versions wrote; they are still read.
 */
export const RecordAction = {
  batchPublished: 'records.published',
  published: 'record.published',
  deadLettered: 'record.dead_lettered',
  batchRouted: 'records.routed',
  batchDelivered: 'records.delivered',
  batchWebhookDelivered: 'records.webhook_delivered',
  webhookDelivered: 'record.webhook_delivered',
  webhookDeadLettered: 'record.webhook_dead_lettered',
  pullAcknowledged: 'record.pull_acknowledged',
  routed: 'record.routed',
  delivered: 'record.delivered',
} as const;

/** The most records one batch entry names: keeps each entry, and every trail that shows it, small. */
export const MAX_RECORDS_PER_ENTRY = 500;

/** Details of a `records.published` entry (the gateway's): arrays aligned with `recordIds`. */
export interface PublishedBatchDetails {
  recordIds: string[];
  partitions: number[];
  offsets: string[];
  schemaId: number;
  via: 'http';
}

/** Details of a `records.routed` entry: arrays aligned with `recordIds`. */
export interface RoutedBatchDetails {
  partition: number;
  recordIds: string[];
  offsets: string[];
  schemaIds: number[];
  /** Copies produced per record. */
  deliveries: number[];
  /** Active subscriptions of the topic when the records were routed. */
  subscriptions: number;
}

/** Details of a `records.delivered` entry: the records one subscription received, with the same fields. */
export interface DeliveredBatchDetails {
  subscriptionId: string;
  fields: string[];
  deliveryTopic: string;
  schemaId: number;
  recordIds: string[];
}

/** Audit entries that concern a record (its own entries and the batch entries naming it), oldest first. */
export function findRecordEntries(
  source: DataSource | EntityManager,
  recordId: string,
): Promise<AuditEntryEntity[]> {
  return source
    .getRepository(AuditEntryEntity)
    .createQueryBuilder('entry')
    .where(concernsRecord('entry'), recordParameters(recordId))
    .orderBy('entry.seq', 'ASC')
    .getMany();
}

/** A WHERE condition on an audit_log alias, with `recordParameters`: the entry concerns the record. */
export function concernsRecord(alias: string): string {
  // The second branch is served by the GIN index audit_log_record_ids.
  return `(${alias}.recordId = :recordId OR ${alias}.details -> 'recordIds' @> CAST(:recordIdJson AS jsonb))`;
}

export function recordParameters(recordId: string): { recordId: string; recordIdJson: string } {
  return { recordId, recordIdJson: JSON.stringify([recordId]) };
}

export interface RecordFacts {
  topic: string | null;
  published: {
    agencyId: string | null;
    at: Date;
    seq: string;
    partition: number | null;
    offset: string | null;
    schemaId: number | null;
    /** `http` when the gateway accepted it; null when known from the router only (e.g. a direct producer). */
    via: string | null;
  } | null;
  routed: { at: Date; seq: string; subscriptions: number; deliveries: number } | null;
  /** One per subscription (a batch routed again after a crash may be logged twice: the first entry counts). */
  deliveries: {
    agencyId: string | null;
    subscriptionId: string;
    fields: string[];
    deliveryTopic: string;
    schemaId: number | null;
    at: Date;
    seq: string;
  }[];
  deadLettered: { code: string; reason: string; at: Date; seq: string } | null;
  /**
   * Final handovers to agencies, per subscription, from the dispatcher's and the pull API's entries: what
   * remains once the delivery rows are purged. The latest entry of a subscription counts (a replay).
   */
  handovers: Map<
    string,
    { status: 'delivered' | 'dead'; mode: 'webhook' | 'pull'; at: Date; attempts: number | null }
  >;
}

/** What the audit entries of a record say about it, whichever shape (per record or per batch) they have. */
export function recordFacts(entries: AuditEntryEntity[], recordId: string): RecordFacts {
  const facts: RecordFacts = {
    topic: entries.find((entry) => entry.topic !== null)?.topic ?? null,
    published: null,
    routed: null,
    deliveries: [],
    deadLettered: null,
    handovers: new Map(),
  };
  let derived: RecordFacts['published'] = null;
  const seenSubscriptions = new Set<string>();
  const addDelivery = (entry: AuditEntryEntity, details: Record<string, unknown>): void => {
    const subscriptionId =
      text(details.subscriptionId) || (entry.targetType === 'subscription' ? (entry.targetId ?? '') : '');
    if (seenSubscriptions.has(subscriptionId)) return;
    seenSubscriptions.add(subscriptionId);
    facts.deliveries.push({
      agencyId: entry.agencyId,
      subscriptionId,
      fields: strings(details.fields),
      deliveryTopic: text(details.deliveryTopic),
      schemaId: numberOrNull(details.schemaId),
      at: entry.occurredAt,
      seq: entry.seq,
    });
  };
  for (const entry of entries) {
    const details = entry.details as Record<string, unknown>;
    switch (entry.action) {
      case RecordAction.published:
        facts.published ??= {
          agencyId: entry.actorId,
          at: entry.occurredAt,
          seq: entry.seq,
          partition: numberOrNull(details.partition),
          offset: text(details.offset) || null,
          schemaId: numberOrNull(details.schemaId),
          via: text(details.via) || null,
        };
        break;
      case RecordAction.batchPublished: {
        const index = strings(details.recordIds).indexOf(recordId);
        if (index < 0) break;
        const at = (name: string): unknown =>
          Array.isArray(details[name]) ? details[name][index] : undefined;
        facts.published ??= {
          agencyId: entry.actorId,
          at: entry.occurredAt,
          seq: entry.seq,
          partition: numberOrNull(at('partitions')),
          offset: text(at('offsets')) || null,
          schemaId: numberOrNull(details.schemaId),
          via: text(details.via) || null,
        };
        break;
      }
      case RecordAction.routed:
        facts.routed ??= {
          at: entry.occurredAt,
          seq: entry.seq,
          subscriptions: numberOrNull(details.subscriptions) ?? 0,
          deliveries: numberOrNull(details.deliveries) ?? 0,
        };
        break;
      case RecordAction.batchRouted: {
        const index = strings(details.recordIds).indexOf(recordId);
        if (index < 0 || facts.routed) break;
        const at = (name: string): unknown =>
          Array.isArray(details[name]) ? details[name][index] : undefined;
        facts.routed = {
          at: entry.occurredAt,
          seq: entry.seq,
          subscriptions: numberOrNull(details.subscriptions) ?? 0,
          deliveries: numberOrNull(at('deliveries')) ?? 0,
        };
        derived ??= {
          agencyId: entry.agencyId,
          at: entry.occurredAt,
          seq: entry.seq,
          partition: numberOrNull(details.partition),
          offset: text(at('offsets')) || null,
          schemaId: numberOrNull(at('schemaIds')),
          via: null,
        };
        break;
      }
      case RecordAction.delivered:
        addDelivery(entry, details);
        break;
      case RecordAction.batchDelivered:
        if (strings(details.recordIds).includes(recordId)) addDelivery(entry, details);
        break;
      case RecordAction.batchWebhookDelivered: {
        const index = strings(details.recordIds).indexOf(recordId);
        if (index < 0) break;
        const attempts = Array.isArray(details.attempts) ? numberOrNull(details.attempts[index]) : null;
        facts.handovers.set(text(details.subscriptionId), {
          status: 'delivered',
          mode: 'webhook',
          at: entry.occurredAt,
          attempts,
        });
        break;
      }
      case RecordAction.webhookDelivered:
      case RecordAction.webhookDeadLettered:
      case RecordAction.pullAcknowledged:
        facts.handovers.set(text(details.subscriptionId) || (entry.targetId ?? ''), {
          status: entry.action === RecordAction.webhookDeadLettered ? 'dead' : 'delivered',
          mode: entry.action === RecordAction.pullAcknowledged ? 'pull' : 'webhook',
          at: entry.occurredAt,
          attempts: numberOrNull(details.attempts),
        });
        break;
      case RecordAction.deadLettered:
        facts.deadLettered ??= {
          code: text(details.code),
          reason: text(details.reason),
          at: entry.occurredAt,
          seq: entry.seq,
        };
        break;
      default:
        break;
    }
  }
  // The gateway's own entry, when there is one, is the better account of the publish (it may come later).
  facts.published ??= derived;
  return facts;
}

function text(value: unknown): string {
  return typeof value === 'string' || typeof value === 'number' || typeof value === 'bigint'
    ? String(value)
    : '';
}

function numberOrNull(value: unknown): number | null {
  const number = typeof value === 'string' && value !== '' ? Number(value) : value;
  return typeof number === 'number' && Number.isFinite(number) ? number : null;
}

function strings(value: unknown): string[] {
  return Array.isArray(value) ? value.filter((item): item is string => typeof item === 'string') : [];
}
