import {
  type AuditInput,
  type DeliveredBatchDetails,
  MAX_RECORDS_PER_ENTRY,
  RecordAction,
  type RoutedBatchDetails,
} from '@app/audit';
import {
  AvroJsonMapper,
  canonicalSchemaJson,
  decodeWireFormat,
  encodeWireFormat,
  WireFormatError,
  type ParsedSchema,
} from '@app/avro';
import { type CatalogueState, type SchemaStore, type SubscriptionView } from '@app/catalogue';
import { deterministicUuid, isUuid } from '@app/core';
import { type BatchResult, type IncomingMessage, type InputBatch, type OutgoingMessage } from '@app/kafka';
import {
  compileFilter,
  compileProjection,
  parseFilter,
  type Projector,
  type RecordPredicate,
  subscriptionSchema,
  subscriptionSubject,
  validateProjection,
} from '@app/routing';

/** Why a record was dead-lettered; also the value of the `penghubung_dlq_code` header. */
export type DeadLetterCode =
  | 'UNKNOWN_TOPIC'
  | 'NOT_WIRE_FORMAT'
  | 'UNKNOWN_SCHEMA'
  | 'SCHEMA_NOT_IN_SUBJECT'
  | 'UNDECODABLE'
  | 'PROJECTION_FAILED';

export interface RoutingOutcome extends BatchResult {
  audit: AuditInput[];
  counts: { records: number; deliveries: number; deadLettered: number; filteredOut: number };
  /** Milliseconds from acceptance (ce_time or Kafka timestamp) to routing, per record. */
  latenciesMs: number[];
  deadLetterCodes: DeadLetterCode[];
}

export interface RecordRouterOptions {
  deliveryTopicPrefix: string;
  dlqTopic: string;
  /** Registers a projected schema under a subscription's subject when the registry lacks it; returns its id. */
  registerProjectedSchema(subject: string, schema: string): Promise<number>;
  /** A catalogue state read after the call (shared and rate-limited by the caller): for schemas not seen yet. */
  refreshCatalogue(): Promise<CatalogueState>;
}

class DeadLetter extends Error {
  constructor(
    readonly code: DeadLetterCode,
    message: string,
  ) {
    super(message);
  }
}

/** How one subscription receives records of one writer schema; `skip` when none of its fields exist there. */
type Deliver = Extract<CompiledSubscription, { kind: 'deliver' }>;
type CompiledSubscription =
  | { kind: 'skip' }
  | {
      kind: 'deliver';
      predicate: RecordPredicate | undefined;
      projector: Projector;
      codec: AvroJsonMapper;
      schemaId: number;
      /** The `penghubung_subscription` header value, encoded once. */
      subscriptionHeader: Buffer;
    };

const AUDIT_ROUTER = { type: 'system' as const, id: 'router' };

/**
 * The routing decision for a batch, free of Kafka and HTTP: decode each record by its schema id, check that
 * the schema belongs to the topic's subject, then for each active subscription evaluate its filter, project
 * the approved fields and encode them with the subscription's projected schema. Bad records become dead
 * letters with a reason; transient failures (database, registry) throw so the batch is retried whole.
 */
export class RecordRouter {
  private readonly compiled = new Map<string, Promise<CompiledSubscription>>();
  private readonly termsKeys = new WeakMap<SubscriptionView, string>();
  // The JSON mapping's avsc types: 64-bit longs as bigint (no precision loss), the same values the gateway encodes.
  private readonly codecs = new Map<number, AvroJsonMapper>();
  private readonly headerBytes = new HeaderBytes();

  constructor(
    private readonly schemas: SchemaStore,
    private readonly options: RecordRouterOptions,
  ) {}

  async route(batch: InputBatch, initialState: CatalogueState): Promise<RoutingOutcome> {
    let state = initialState;
    const outcome: RoutingOutcome = {
      outputs: [],
      audit: [],
      counts: { records: 0, deliveries: 0, deadLettered: 0, filteredOut: 0 },
      latenciesMs: [],
      deadLetterCodes: [],
    };
    const byTopic = new Map<string, OutgoingMessage[]>();
    const emit = (topic: string, message: OutgoingMessage): void => {
      const list = byTopic.get(topic) ?? [];
      list.push(message);
      byTopic.set(topic, list);
    };
    const now = Date.now();
    const routed: RoutedRecord[] = [];
    const delivered = new Map<Deliver, DeliveredGroup>();
    let readAfterFetch = false;

    for (const message of batch.messages) {
      outcome.counts.records++;
      const recordId = recordIdOf(message);
      // A record's deliveries are kept only if the whole record routes: a dead letter is all-or-nothing.
      const pending: { topic: string; message: OutgoingMessage }[] = [];
      const received: { compiled: Deliver; subscription: SubscriptionView; deliveryTopic: string }[] = [];
      let deliveries = 0;
      let filteredOut = 0;
      try {
        const topic = state.topics.get(message.topic);
        if (!topic) throw new DeadLetter('UNKNOWN_TOPIC', `topic ${message.topic} is not in the catalogue`);
        if (!message.value) throw new DeadLetter('NOT_WIRE_FORMAT', 'record has no value');
        let wire: { schemaId: number; payload: Buffer };
        try {
          wire = decodeWireFormat(message.value);
        } catch (error) {
          if (error instanceof WireFormatError) throw new DeadLetter('NOT_WIRE_FORMAT', error.message);
          throw error;
        }
        if (!state.schemaIdsBySubject.get(topic.subject)?.has(wire.schemaId) && !readAfterFetch) {
          // The schema may have been registered after the last refresh: read the catalogue again before
          // judging. One read started now sees every schema registered before this batch was produced.
          state = await this.options.refreshCatalogue();
          readAfterFetch = true;
        }
        if (!state.schemaIdsBySubject.get(topic.subject)?.has(wire.schemaId)) {
          const known = await this.schemas.byId(wire.schemaId);
          throw known
            ? new DeadLetter(
                'SCHEMA_NOT_IN_SUBJECT',
                `schema id ${wire.schemaId} is not a version of subject ${topic.subject}`,
              )
            : new DeadLetter('UNKNOWN_SCHEMA', `schema id ${wire.schemaId} is not registered`);
        }
        const writer = await this.schemas.byId(wire.schemaId);
        if (!writer) throw new DeadLetter('UNKNOWN_SCHEMA', `schema id ${wire.schemaId} is not registered`);
        let value: unknown;
        try {
          value = this.codecOf(writer.id, writer.parsed).decode(wire.payload);
        } catch (error) {
          // The schema is known and cached: a failure here can only be the bytes.
          throw new DeadLetter(
            'UNDECODABLE',
            `payload is not valid Avro for schema ${writer.id}: ${(error as Error).message}`,
          );
        }

        const headers = cloudEventHeaders(message, recordId, topic.ownerAgencyId, this.headerBytes);
        const subscriptions = (state.subscriptionsByTopic.get(message.topic) ?? []).filter(
          (subscription) => subscription.expiresAt.getTime() > now,
        );
        for (const subscription of subscriptions) {
          const compiled = await this.compile(subscription, writer.id, writer.parsed);
          if (compiled.kind === 'skip' || (compiled.predicate && !compiled.predicate(value))) {
            filteredOut++;
            continue;
          }
          let projected: Buffer;
          try {
            projected = compiled.codec.encode(compiled.projector(value));
          } catch (error) {
            throw new DeadLetter(
              'PROJECTION_FAILED',
              `subscription ${subscription.id}: ${(error as Error).message}`,
            );
          }
          const deliveryTopic = `${this.options.deliveryTopicPrefix}${subscription.agencyId}`;
          pending.push({
            topic: deliveryTopic,
            message: {
              key: message.rawKey,
              value: encodeWireFormat(compiled.schemaId, projected),
              // ce_type already names the data topic; the subscription is the one thing a copy adds.
              headers: { ...headers, penghubung_subscription: compiled.subscriptionHeader },
            },
          });
          deliveries++;
          received.push({ compiled, subscription, deliveryTopic });
        }
        for (const output of pending) emit(output.topic, output.message);
        routed.push({
          recordId,
          offset: message.offset,
          schemaId: wire.schemaId,
          deliveries,
          subscriptions: subscriptions.length,
        });
        for (const { compiled, subscription, deliveryTopic } of received) {
          // One group per subscription and writer schema: exactly what a compiled subscription stands for.
          let group = delivered.get(compiled);
          if (!group) {
            group = {
              subscription,
              agencyId: subscription.agencyId,
              topic: message.topic,
              deliveryTopic,
              schemaId: compiled.schemaId,
              records: [],
            };
            delivered.set(compiled, group);
          }
          group.records.push({ recordId, offset: message.offset });
        }
        outcome.counts.deliveries += deliveries;
        outcome.counts.filteredOut += filteredOut;
        outcome.latenciesMs.push(now - acceptedAt(message));
      } catch (error) {
        if (!(error instanceof DeadLetter)) throw error;
        outcome.counts.deadLettered++;
        outcome.deadLetterCodes.push(error.code);
        emit(this.options.dlqTopic, {
          key: message.key,
          value: message.value,
          headers: {
            ...message.headers,
            penghubung_dlq_code: error.code,
            penghubung_dlq_reason: error.message,
            penghubung_dlq_topic: message.topic,
            penghubung_dlq_partition: String(message.partition),
            penghubung_dlq_offset: message.offset,
            penghubung_record_id: recordId,
          },
        });
        outcome.audit.push({
          id: deterministicUuid(`dead-lettered:${recordId}`),
          actor: AUDIT_ROUTER,
          action: 'record.dead_lettered',
          topic: message.topic,
          recordId,
          details: {
            code: error.code,
            reason: error.message,
            partition: message.partition,
            offset: message.offset,
          },
        });
      }
    }
    outcome.outputs = [...byTopic].map(([topic, messages]) => ({ topic, messages }));
    const owner = state.topics.get(batch.topic)?.ownerAgencyId;
    outcome.audit.push(
      ...routedEntries(batch, owner, routed),
      ...[...delivered.values()].flatMap((group) => deliveredEntries(batch, group)),
    );
    return outcome;
  }

  private codecOf(schemaId: number, parsed: ParsedSchema): AvroJsonMapper {
    let codec = this.codecs.get(schemaId);
    if (!codec) {
      codec = AvroJsonMapper.forSchema(parsed.json, parsed.namedTypes);
      this.codecs.set(schemaId, codec);
    }
    return codec;
  }

  /** Identity of a subscription's terms; computed once per catalogue snapshot object, not once per record. */
  private termsKey(subscription: SubscriptionView): string {
    let key = this.termsKeys.get(subscription);
    if (key === undefined) {
      key = `${subscription.id}|${subscription.filter ?? ''}|${subscription.fields.join(',')}`;
      this.termsKeys.set(subscription, key);
    }
    return key;
  }

  /** Filter, projector and projected schema of one subscription for one writer schema, compiled once. */
  private compile(
    subscription: SubscriptionView,
    writerId: number,
    writer: ParsedSchema,
  ): Promise<CompiledSubscription> {
    const key = `${this.termsKey(subscription)}|${writerId}`;
    let compiled = this.compiled.get(key);
    if (!compiled) {
      compiled = this.doCompile(subscription, writer);
      this.compiled.set(key, compiled);
      compiled.catch(() => this.compiled.delete(key));
    }
    return compiled;
  }

  private async doCompile(
    subscription: SubscriptionView,
    writer: ParsedSchema,
  ): Promise<CompiledSubscription> {
    // A record written with an older schema may lack fields approved later: it is delivered with the approved
    // fields it has, and never with more.
    const unknown = new Set(validateProjection(writer.json, subscription.fields).map((issue) => issue.path));
    const fields = subscription.fields.filter((field) => !unknown.has(field));
    if (fields.length === 0) return { kind: 'skip' };
    const projectedJson = subscriptionSchema(writer.json, fields);
    const projectedText = JSON.stringify(projectedJson);
    const subject = subscription.projectedSubject ?? subscriptionSubject(subscription.id);
    const schemaId = await this.findOrRegister(subject, projectedJson, projectedText);
    return {
      kind: 'deliver',
      predicate: subscription.filter ? this.compileFilterOrDeny(subscription.filter, writer.json) : undefined,
      projector: compileProjection(writer.json, fields),
      codec: AvroJsonMapper.forSchema(projectedJson),
      schemaId,
      subscriptionHeader: Buffer.from(subscription.id),
    };
  }

  /** A filter naming fields this writer schema lacks cannot be evaluated: deny by default, match nothing. */
  private compileFilterOrDeny(filter: string, writer: unknown): RecordPredicate {
    try {
      return compileFilter(parseFilter(filter), writer);
    } catch {
      return () => false;
    }
  }

  private async findOrRegister(
    subject: string,
    projectedJson: unknown,
    projectedText: string,
  ): Promise<number> {
    const canonical = canonicalSchemaJson(projectedJson);
    const state = await this.options.refreshCatalogue();
    for (const id of state.schemaIdsBySubject.get(subject) ?? []) {
      const stored = await this.schemas.byId(id);
      if (stored && canonicalSchemaJson(stored.parsed.json) === canonical) return id;
    }
    return this.options.registerProjectedSchema(subject, projectedText);
  }
}

interface RoutedRecord {
  recordId: string;
  offset: string;
  schemaId: number;
  deliveries: number;
  subscriptions: number;
}

interface DeliveredGroup {
  subscription: SubscriptionView;
  agencyId: string;
  topic: string;
  deliveryTopic: string;
  schemaId: number;
  records: { recordId: string; offset: string }[];
}

/** Consecutive runs of at most MAX_RECORDS_PER_ENTRY items that agree on `same`. */
function runs<T>(items: T[], same: (a: T, b: T) => boolean): T[][] {
  const result: T[][] = [];
  let current: T[] = [];
  for (const item of items) {
    const first = current[0];
    if (first !== undefined && (current.length >= MAX_RECORDS_PER_ENTRY || !same(first, item))) {
      result.push(current);
      current = [];
    }
    current.push(item);
  }
  if (current.length > 0) result.push(current);
  return result;
}

/**
 * One `records.routed` entry per run of records (ids deterministic in the offsets they cover, so a batch
 * retried whole is not logged twice). It is also the publication record of records that did not come
 * through the gateway.
 */
function routedEntries(batch: InputBatch, owner: string | undefined, routed: RoutedRecord[]): AuditInput[] {
  return runs(routed, (a, b) => a.subscriptions === b.subscriptions).map((run) => {
    const details: RoutedBatchDetails = {
      partition: batch.partition,
      recordIds: run.map((record) => record.recordId),
      offsets: run.map((record) => record.offset),
      schemaIds: run.map((record) => record.schemaId),
      deliveries: run.map((record) => record.deliveries),
      subscriptions: run[0]?.subscriptions ?? 0,
    };
    return {
      id: deterministicUuid(
        `routed:${batch.topic}/${batch.partition}/${details.offsets[0]}-${details.offsets.at(-1)}`,
      ),
      actor: AUDIT_ROUTER,
      action: RecordAction.batchRouted,
      ...(owner ? { agencyId: owner } : {}),
      topic: batch.topic,
      details: { ...details },
    };
  });
}

/** One `records.delivered` entry per subscription and run of the records it received (agency = receiver). */
function deliveredEntries(batch: InputBatch, group: DeliveredGroup): AuditInput[] {
  return runs(group.records, () => true).map((run) => {
    const details: DeliveredBatchDetails = {
      subscriptionId: group.subscription.id,
      fields: group.subscription.fields,
      deliveryTopic: group.deliveryTopic,
      schemaId: group.schemaId,
      recordIds: run.map((record) => record.recordId),
    };
    const span = `${run[0]?.offset}-${run.at(-1)?.offset}`;
    return {
      id: deterministicUuid(
        `delivered:${batch.topic}/${batch.partition}/${span}/${group.subscription.id}/${group.schemaId}`,
      ),
      actor: AUDIT_ROUTER,
      action: RecordAction.batchDelivered,
      agencyId: group.agencyId,
      topic: group.topic,
      targetType: 'subscription',
      targetId: group.subscription.id,
      details: { ...details },
    };
  });
}

function recordIdOf(message: IncomingMessage): string {
  const given = message.headers.ce_id;
  return given && isUuid(given)
    ? given.toLowerCase()
    : deterministicUuid(`${message.topic}/${message.partition}/${message.offset}`);
}

function acceptedAt(message: IncomingMessage): number {
  const time = message.headers.ce_time ? Date.parse(message.headers.ce_time) : NaN;
  return Number.isNaN(time) ? Number(message.timestamp) : time;
}

const SPEC_VERSION = Buffer.from('1.0');
const AVRO = Buffer.from('application/avro');

/**
 * Header values as bytes, encoded once and shared by every copy that carries them (a record's copies share
 * its CloudEvents headers; all copies of a subscription share its id): the producer then writes them
 * without turning a string into bytes for each copy.
 */
class HeaderBytes {
  private readonly cache = new Map<string, Buffer>();

  of(text: string): Buffer {
    let bytes = this.cache.get(text);
    if (!bytes) {
      if (this.cache.size > 10_000) this.cache.clear();
      bytes = Buffer.from(text);
      this.cache.set(text, bytes);
    }
    return bytes;
  }
}

/** The CloudEvents headers of a delivery: the publisher's, completed for records from foreign producers. */
function cloudEventHeaders(
  message: IncomingMessage,
  recordId: string,
  owner: string,
  bytes: HeaderBytes,
): Record<string, Buffer> {
  const given = message.rawHeaders.ce_id;
  return {
    ...message.rawHeaders,
    ce_specversion: SPEC_VERSION,
    ce_id: given && message.headers.ce_id === recordId ? given : Buffer.from(recordId),
    // The topic's owner is the only agency allowed to publish to it, whatever a producer claims.
    ce_source: bytes.of(owner),
    ce_type: bytes.of(message.topic),
    ce_time: message.rawHeaders.ce_time ?? Buffer.from(new Date(Number(message.timestamp)).toISOString()),
    'content-type': AVRO,
  };
}
