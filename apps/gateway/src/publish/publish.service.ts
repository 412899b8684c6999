import { Inject, Injectable, Logger, type OnApplicationShutdown, type OnModuleInit } from '@nestjs/common';
import { AuditLog, MAX_RECORDS_PER_ENTRY, type PublishedBatchDetails, RecordAction } from '@app/audit';
import { type Principal } from '@app/auth';
import { AvroJsonMapper, encodeWireFormat, type JsonMappingIssue } from '@app/avro';
import { CatalogueSnapshot, SchemaStore, type TopicView } from '@app/catalogue';
import { AppError, deterministicUuid, GroupCommit, requestContext, retryWithBackoff } from '@app/core';
import {
  KafkaClient,
  type KafkaProducer,
  type OutgoingMessage,
  partitionForKey,
  toCloudEventHeaders,
} from '@app/kafka';
import { DataSource } from '@app/persistence';
import { randomInt, randomUUID } from 'node:crypto';
import { parseIdempotencyKey, parsePublishRequest, type RecordToPublish } from './publish-request';

export const PUBLISH_OPTIONS = Symbol('PUBLISH_OPTIONS');

export interface PublishOptions {
  maxRecords: number;
  /** How long an accepted record id is remembered: a repeat within it is acknowledged, not produced. */
  idempotencyWindowMs: number;
}

export interface PublishedRecordResult {
  id: string;
  partition: number;
  offset: string;
  /** True when this id had been accepted before: acknowledged again, not produced again. */
  duplicate: boolean;
}

export interface InvalidRecord {
  index: number;
  id?: string;
  issues: JsonMappingIssue[];
}

interface AcceptedRecord {
  id: string;
  topic: string;
  publisher: string;
  schemaId: number;
  partition: number;
  offset: string;
}

// A reservation older than this is a leftover of a crashed or failed attempt and may be taken over.
const STALE_RESERVATION_MS = 60_000;
const PURGE_INTERVAL_MS = 10 * 60_000;

/**
 * Publishing: the topic's owner sends JSON records; each is checked against the topic's schema and
 * encoded as Avro (Confluent wire format); the batch is produced with acks=all and answered only after
 * Kafka has it. All or nothing: one invalid record fails the batch before anything is produced. Record
 * ids are remembered (PostgreSQL) so a retried request does not produce a second copy.
 */
@Injectable()
export class PublishService implements OnModuleInit, OnApplicationShutdown {
  private readonly logger = new Logger(PublishService.name);
  private purgeTimer?: NodeJS.Timeout;
  private readonly mappers = new Map<number, AvroJsonMapper>();
  private producer?: Promise<KafkaProducer>;
  private readonly ledger = new GroupCommit<AcceptedRecord>(async (records) => {
    await this.markAccepted(records);
    return records.map(() => undefined);
  });

  constructor(
    private readonly catalogue: CatalogueSnapshot,
    private readonly schemas: SchemaStore,
    private readonly kafka: KafkaClient,
    private readonly dataSource: DataSource,
    private readonly audit: AuditLog,
    @Inject(PUBLISH_OPTIONS) private readonly options: PublishOptions,
  ) {}

  onModuleInit(): void {
    this.purgeTimer = setInterval(() => void this.purgeExpired(), PURGE_INTERVAL_MS);
    this.purgeTimer.unref();
  }

  onApplicationShutdown(): void {
    if (this.purgeTimer) clearInterval(this.purgeTimer);
  }

  /** Forgets accepted ids older than the idempotency window (the audit log keeps the record's history). */
  async purgeExpired(): Promise<number> {
    try {
      const result: [unknown, number] = await this.dataSource.query(
        `DELETE FROM published_records WHERE status = 'accepted' AND accepted_at < $1`,
        [new Date(Date.now() - this.options.idempotencyWindowMs)],
      );
      return result[1];
    } catch (error) {
      this.logger.warn({ msg: 'could not purge the idempotency ledger', error: String(error) });
      return 0;
    }
  }

  async publish(
    principal: Principal,
    topicName: string,
    body: unknown,
    idempotencyKeyHeader: string | undefined,
  ): Promise<PublishedRecordResult[]> {
    const idempotencyKey = parseIdempotencyKey(idempotencyKeyHeader);
    const topic = await this.ownedTopic(principal, topicName);
    const request = parsePublishRequest(body, this.options.maxRecords);
    const schemaId = await this.schemaIdFor(topic, request.schemaVersion);
    const mapper = await this.mapperFor(schemaId);
    const publisher = topic.ownerAgencyId;

    const invalid: InvalidRecord[] = [];
    const encoded: { record: RecordToPublish; id: string; value: Buffer }[] = [];
    for (const record of request.records) {
      const mapped = mapper.fromJson(record.value);
      const id =
        record.id ??
        (idempotencyKey
          ? deterministicUuid(`${publisher}:${topicName}:${idempotencyKey}:${record.index}`)
          : randomUUID());
      if ('issues' in mapped) {
        invalid.push({ index: record.index, ...(record.id ? { id: record.id } : {}), issues: mapped.issues });
        continue;
      }
      encoded.push({ record, id, value: encodeWireFormat(schemaId, mapper.encode(mapped.value)) });
    }
    if (invalid.length > 0) {
      throw AppError.schemaViolation(
        `${invalid.length} of ${request.records.length} records do not match the schema of ${topicName}; nothing was published`,
        { schemaId, invalid },
      );
    }

    // Ids the publisher chose (or derived from its Idempotency-Key) may come again: they are reserved before
    // producing, so that a repeat is answered from the ledger and two requests cannot both produce one id.
    // Ids the gateway drew at random cannot be repeated by anyone: they skip that round trip.
    const chosen = encoded.filter((item) => item.record.id !== undefined || idempotencyKey !== undefined);
    const reserved = await this.reserve(
      chosen.map((item) => item.id),
      publisher,
      topicName,
      schemaId,
    );
    const known = await this.knownRecords(
      chosen.map((item) => item.id).filter((id) => !reserved.has(id)),
      [...reserved],
      publisher,
      topicName,
    );
    const fresh = encoded.filter((item) => !known.has(item.id));

    let located: { partition: number; offset: string }[] = [];
    if (fresh.length > 0) {
      try {
        located = await this.produce(topic, fresh, publisher);
      } catch (error) {
        await this.release(fresh.map((item) => item.id));
        this.logger.warn({
          msg: 'produce failed',
          topic: topicName,
          error: error instanceof Error ? error.message : String(error),
        });
        throw AppError.dependencyUnavailable(
          'Kafka did not acknowledge the records; nothing was published, retry',
          error,
        );
      }
      await this.acceptOrRetryLater(fresh, located, publisher, topicName, schemaId);
    }

    const freshPositions = new Map(fresh.map((item, index) => [item.id, located[index]]));
    return encoded.map((item) => {
      const position = freshPositions.get(item.id) ?? known.get(item.id);
      if (!position) throw new Error(`record ${item.id} has no position`);
      return {
        id: item.id,
        partition: position.partition,
        offset: position.offset,
        duplicate: known.has(item.id),
      };
    });
  }

  private async ownedTopic(principal: Principal, name: string): Promise<TopicView> {
    let topic = this.catalogue.current().topics.get(name);
    // Created a moment ago? Read the catalogue again before answering 404.
    if (!topic) topic = (await this.catalogue.fresh()).topics.get(name);
    if (!topic) throw AppError.notFound(`topic ${name} does not exist`);
    if (principal.kind !== 'agency' || principal.agencyId !== topic.ownerAgencyId) {
      throw AppError.forbidden(`only the owner of ${name} (${topic.ownerAgencyId}) may publish to it`);
    }
    return topic;
  }

  private async schemaIdFor(topic: TopicView, version: number | undefined): Promise<number> {
    let state = this.catalogue.current();
    const lookup = (): number | undefined =>
      version === undefined
        ? state.latestBySubject.get(topic.subject)?.schemaId
        : state.versionsBySubject.get(topic.subject)?.get(version);
    let id = lookup();
    if (id === undefined) {
      state = await this.catalogue.fresh();
      id = lookup();
    }
    if (id === undefined) {
      throw version === undefined
        ? AppError.conflict(`topic ${topic.name} has no registered schema yet (subject ${topic.subject})`)
        : AppError.notFound(`subject ${topic.subject} has no live version ${version}`);
    }
    return id;
  }

  private async mapperFor(schemaId: number): Promise<AvroJsonMapper> {
    let mapper = this.mappers.get(schemaId);
    if (!mapper) {
      const stored = await this.schemas.byId(schemaId);
      if (!stored) throw AppError.dependencyUnavailable(`schema ${schemaId} could not be read`);
      mapper = AvroJsonMapper.forSchema(stored.parsed.json, stored.parsed.namedTypes);
      this.mappers.set(schemaId, mapper);
    }
    return mapper;
  }

  /**
   * Ids that could not be reserved: accepted before, within the window (answered with their positions), or
   * a conflict: used by another topic or publisher, or being published by another request right now. On a
   * conflict the reservations of this request are released: nothing of it is published.
   */
  private async knownRecords(
    ids: string[],
    reserved: string[],
    publisher: string,
    topic: string,
  ): Promise<Map<string, { partition: number; offset: string }>> {
    const known = new Map<string, { partition: number; offset: string }>();
    if (ids.length === 0) return known;
    const rows: {
      record_id: string;
      topic: string;
      publisher_agency_id: string;
      status: string;
      partition: number | null;
      offset: string | null;
    }[] = await this.dataSource.query(
      `SELECT record_id, topic, publisher_agency_id, status, partition, "offset"
         FROM published_records WHERE record_id = ANY($1::uuid[])`,
      [ids],
    );
    const conflict = async (message: string): Promise<never> => {
      await this.release(reserved);
      throw AppError.conflict(message);
    };
    for (const row of rows) {
      if (row.publisher_agency_id !== publisher || row.topic !== topic) {
        await conflict(`record id ${row.record_id} is already used by another record`);
      }
      // Not taken over by the reservation, so within the window (accepted) or fresh (pending).
      if (row.status === 'accepted' && row.offset !== null) {
        known.set(row.record_id, { partition: row.partition ?? 0, offset: row.offset });
      }
    }
    const busy = ids.filter((id) => !known.has(id));
    if (busy.length > 0) {
      await conflict(`records ${busy.join(', ')} are being published by another request; retry shortly`);
    }
    return known;
  }

  /**
   * Reserves the ids before producing, so that two concurrent requests with the same id cannot both
   * produce. Stale reservations and accepted rows past the window (of the same publisher and topic) are
   * taken over. Returns the ids reserved.
   */
  private async reserve(
    ids: string[],
    publisher: string,
    topic: string,
    schemaId: number,
  ): Promise<Set<string>> {
    if (ids.length === 0) return new Set();
    const now = new Date();
    const staleBefore = new Date(now.getTime() - STALE_RESERVATION_MS);
    const expiredBefore = new Date(now.getTime() - this.options.idempotencyWindowMs);
    const rows: { record_id: string }[] = await this.dataSource.query(
      `INSERT INTO published_records (record_id, topic, publisher_agency_id, status, schema_id, reserved_at)
       SELECT unnest($1::uuid[]), $2, $3, 'pending', $4, $5
       ON CONFLICT (record_id) DO UPDATE
         SET status = 'pending', schema_id = EXCLUDED.schema_id, reserved_at = EXCLUDED.reserved_at,
             partition = NULL, "offset" = NULL, accepted_at = NULL
         WHERE published_records.publisher_agency_id = EXCLUDED.publisher_agency_id
           AND published_records.topic = EXCLUDED.topic
           AND ((published_records.status = 'pending' AND published_records.reserved_at < $6)
             OR (published_records.status = 'accepted' AND published_records.accepted_at < $7))
       RETURNING record_id`,
      [ids, topic, publisher, schemaId, now, staleBefore, expiredBefore],
    );
    return new Set(rows.map((row) => row.record_id));
  }

  /**
   * Records Kafka acknowledged, into the ledger: reserved rows become accepted, rows of ids the gateway drew
   * are inserted accepted. One statement for every request of a group commit.
   */
  private async markAccepted(records: AcceptedRecord[]): Promise<void> {
    const now = new Date();
    await this.dataSource.query(
      `INSERT INTO published_records
              (record_id, topic, publisher_agency_id, status, schema_id, partition, "offset", reserved_at, accepted_at)
       SELECT r.record_id, r.topic, r.publisher, 'accepted', r.schema_id, r.partition, r."offset", $7, $7
         FROM unnest($1::uuid[], $2::varchar[], $3::varchar[], $4::int[], $5::int[], $6::bigint[])
              AS r(record_id, topic, publisher, schema_id, partition, "offset")
       ON CONFLICT (record_id) DO UPDATE
          SET status = 'accepted', partition = EXCLUDED.partition, "offset" = EXCLUDED."offset",
              accepted_at = EXCLUDED.accepted_at
        WHERE published_records.publisher_agency_id = EXCLUDED.publisher_agency_id
          AND published_records.topic = EXCLUDED.topic`,
      [
        records.map((record) => record.id),
        records.map((record) => record.topic),
        records.map((record) => record.publisher),
        records.map((record) => record.schemaId),
        records.map((record) => record.partition),
        records.map((record) => record.offset),
        now,
      ],
    );
  }

  private async release(ids: string[]): Promise<void> {
    if (ids.length === 0) return;
    await this.dataSource
      .query(`DELETE FROM published_records WHERE record_id = ANY($1::uuid[]) AND status = 'pending'`, [ids])
      .catch((error: unknown) =>
        this.logger.warn({ msg: 'could not release reservations', error: String(error) }),
      );
  }

  private async produce(
    topic: TopicView,
    items: { record: RecordToPublish; id: string; value: Buffer }[],
    publisher: string,
  ): Promise<{ partition: number; offset: string }[]> {
    const partitions = await this.kafka.partitionCount(topic.name);
    if (!partitions) throw AppError.dependencyUnavailable(`Kafka topic ${topic.name} does not exist`);
    const context = requestContext.current();
    const time = new Date().toISOString();
    const messages: (OutgoingMessage & { partition: number })[] = items.map((item) => ({
      key: item.record.key,
      value: item.value,
      // Keyed records follow Kafka's default partitioner; unkeyed ones are spread at random.
      partition:
        item.record.key === null ? randomInt(partitions) : partitionForKey(item.record.key, partitions),
      headers: toCloudEventHeaders({
        id: item.id,
        source: publisher,
        type: topic.name,
        time,
        ...(context?.traceparent ? { traceparent: context.traceparent } : {}),
      }),
    }));
    this.producer ??= this.kafka.createProducer();
    const producer = await this.producer;
    return producer.sendLocated(topic.name, messages);
  }

  /**
   * Kafka has the records: they are accepted whatever happens next. If the ledger cannot be updated now
   * (PostgreSQL briefly down), the answer is still 202 and the update is retried in the background.
   */
  private async acceptOrRetryLater(
    items: { id: string }[],
    located: { partition: number; offset: string }[],
    publisher: string,
    topic: string,
    schemaId: number,
  ): Promise<void> {
    try {
      await this.accept(items, located, publisher, topic, schemaId);
    } catch (error) {
      this.logger.error({
        msg: 'accepted records not yet in the ledger; retrying in the background',
        topic,
        error: String(error),
      });
      void retryWithBackoff(() => this.accept(items, located, publisher, topic, schemaId), {
        timeoutMs: 10 * 60_000,
        initialDelayMs: 1_000,
        maxDelayMs: 30_000,
      }).catch((final: unknown) =>
        this.logger.error({
          msg: 'giving up on the ledger update',
          topic,
          ids: items.map((item) => item.id),
          error: String(final),
        }),
      );
    }
  }

  private async accept(
    items: { id: string }[],
    located: { partition: number; offset: string }[],
    publisher: string,
    topic: string,
    schemaId: number,
  ): Promise<void> {
    const ids = items.map((item) => item.id);
    // The ledger and the log are written side by side, each group-committed with other requests'; the
    // answer waits for both.
    await Promise.all([
      this.ledger.submit(
        items.map((item, index) => ({
          id: item.id,
          topic,
          publisher,
          schemaId,
          partition: located[index]?.partition ?? -1,
          offset: located[index]?.offset ?? '-1',
        })),
      ),
      // One entry per request (per 500 records), group-committed with other requests' entries. Should the
      // gateway die right here, the router's records.routed entry still tells who published the record.
      this.audit.recordMany(
        chunk(ids, MAX_RECORDS_PER_ENTRY).map((chunkIds, index) => {
          const positions = located.slice(
            index * MAX_RECORDS_PER_ENTRY,
            index * MAX_RECORDS_PER_ENTRY + chunkIds.length,
          );
          const details: PublishedBatchDetails = {
            recordIds: chunkIds,
            partitions: positions.map((position) => position.partition),
            offsets: positions.map((position) => position.offset),
            schemaId,
            via: 'http',
          };
          return {
            // Written again if the ledger update is retried: the same id, so logged once.
            id: deterministicUuid(`published:${chunkIds[0]}@${details.offsets[0]}`),
            actor: { type: 'agency' as const, id: publisher },
            action: RecordAction.batchPublished,
            agencyId: publisher,
            topic,
            details: { ...details },
          };
        }),
      ),
    ]);
  }
}

function chunk<T>(items: T[], size: number): T[][] {
  const chunks: T[][] = [];
  for (let start = 0; start < items.length; start += size) chunks.push(items.slice(start, start + size));
  return chunks;
}
