import { Injectable, Logger } from '@nestjs/common';
import { CatalogueSnapshot, SchemaStore } from '@app/catalogue';
import { deterministicUuid, isUuid } from '@app/core';
import { type IncomingMessage } from '@app/kafka';
import { DataSource, type DeliveryMode } from '@app/persistence';
import { DispatcherMetrics } from '../dispatcher.metrics';
import { DeliveryWakeup } from '../webhooks/delivery-wakeup';
import { envelopeJson } from './delivery-envelope';
import { RecordJsonDecoder, UndecodableRecordError } from './record-json-decoder';

interface SubscriptionMode {
  agencyId: string;
  mode: DeliveryMode;
  projectedSubject: string | null;
}

interface StagedRow {
  subscriptionId: string;
  recordId: string;
  agencyId: string;
  mode: 'webhook' | 'pull';
  topic: string;
  publisher: string;
  key: string | null;
  time: Date;
  schemaId: number;
  body: string;
  headers: Record<string, string>;
  partition: number;
  offset: string;
  status: 'pending' | 'dead';
  error: string | null;
}

// Keep the staged headers small and useful: the CloudEvents attributes and the trace.
const KEPT_HEADERS = ['ce_specversion', 'ce_id', 'ce_source', 'ce_type', 'ce_time', 'traceparent'];

/**
 * Stages delivery-topic records of webhook and pull subscriptions in PostgreSQL (the outbox), already
 * decoded to the JSON the subscriber receives. Insert-if-absent on (subscription, record): a batch consumed
 * twice (a crash before the offset commit) stages nothing twice. Records of kafka-mode subscriptions are
 * skipped: the agency reads its delivery topic itself.
 */
@Injectable()
export class DeliveryStagingService {
  private readonly logger = new Logger(DeliveryStagingService.name);
  private readonly decoder: RecordJsonDecoder;
  /** A subscription's mode and agency never change (an amendment is a new subscription): cached for good. */
  private readonly modes = new Map<string, SubscriptionMode>();
  private readonly versions = new Map<string, number | undefined>();

  constructor(
    private readonly dataSource: DataSource,
    private readonly catalogue: CatalogueSnapshot,
    schemas: SchemaStore,
    private readonly metrics: DispatcherMetrics,
    private readonly wakeup: DeliveryWakeup,
  ) {
    this.decoder = new RecordJsonDecoder(schemas);
  }

  /** Stages a batch; resolves once the rows are committed (then the caller may commit the offsets). */
  async stage(messages: readonly IncomingMessage[]): Promise<number> {
    const modes = await this.modesOf(messages);
    const rows: StagedRow[] = [];
    for (const message of messages) {
      const subscriptionId = message.headers.penghubung_subscription;
      const subscription = subscriptionId ? modes.get(subscriptionId) : undefined;
      if (!subscriptionId || !subscription) {
        this.metrics.staged.inc({ mode: 'unknown' });
        this.logger.warn({
          msg: 'delivery record names no known subscription; skipped',
          topic: message.topic,
          partition: message.partition,
          offset: message.offset,
        });
        continue;
      }
      if (subscription.mode === 'kafka') {
        this.metrics.staged.inc({ mode: 'kafka' });
        continue;
      }
      rows.push(await this.toRow(message, subscriptionId, subscription));
    }
    if (rows.length === 0) return 0;
    await this.insert(rows);
    for (const row of rows) this.metrics.staged.inc({ mode: row.mode });
    if (rows.some((row) => row.mode === 'webhook')) this.wakeup.notify();
    return rows.length;
  }

  private async toRow(
    message: IncomingMessage,
    subscriptionId: string,
    subscription: SubscriptionMode,
  ): Promise<StagedRow> {
    const headers = message.headers;
    const recordId =
      headers.ce_id && isUuid(headers.ce_id)
        ? headers.ce_id.toLowerCase()
        : deterministicUuid(`${message.topic}/${message.partition}/${message.offset}`);
    // ce_type names the data topic (copies written by earlier versions also carry penghubung_topic).
    const topic = headers.ce_type ?? headers.penghubung_topic ?? '';
    const publisher = headers.ce_source ?? '';
    const parsedTime = headers.ce_time ? new Date(headers.ce_time) : new Date(Number(message.timestamp));
    const time = Number.isNaN(parsedTime.getTime()) ? new Date(Number(message.timestamp)) : parsedTime;
    let schemaId = 0;
    let data: unknown = null;
    let status: StagedRow['status'] = 'pending';
    let error: string | null = null;
    try {
      ({ schemaId, data } = await this.decoder.decode(message.value));
    } catch (failure) {
      if (!(failure instanceof UndecodableRecordError)) throw failure;
      // Never deliverable: kept as dead with the reason, visible in the subscriber's delivery list.
      status = 'dead';
      error = `undecodable: ${failure.message}`;
      this.logger.error({
        msg: 'delivery record cannot be decoded',
        subscriptionId,
        recordId,
        error: failure.message,
      });
    }
    const schemaVersion = schemaId ? this.versionOf(subscription.projectedSubject, schemaId) : undefined;
    const body = envelopeJson({
      id: recordId,
      topic,
      publisher,
      time: time.toISOString(),
      schemaId,
      ...(schemaVersion === undefined ? {} : { schemaVersion }),
      subscriptionId,
      key: message.key,
      data,
    });
    const kept: Record<string, string> = {};
    for (const name of KEPT_HEADERS) {
      const value = headers[name];
      if (value !== undefined) kept[name] = value;
    }
    return {
      subscriptionId,
      recordId,
      agencyId: subscription.agencyId,
      mode: subscription.mode as 'webhook' | 'pull',
      topic,
      publisher,
      key: message.key,
      time,
      schemaId,
      body,
      headers: kept,
      partition: message.partition,
      offset: message.offset,
      status,
      error,
    };
  }

  private versionOf(subject: string | null, schemaId: number): number | undefined {
    if (!subject) return undefined;
    const cacheKey = `${subject}|${schemaId}`;
    if (this.versions.has(cacheKey)) return this.versions.get(cacheKey);
    let found: number | undefined;
    for (const [version, id] of this.catalogue.current().versionsBySubject.get(subject) ?? []) {
      if (id === schemaId) found = version;
    }
    if (found !== undefined) this.versions.set(cacheKey, found);
    return found;
  }

  private async modesOf(messages: readonly IncomingMessage[]): Promise<Map<string, SubscriptionMode>> {
    const wanted = new Set<string>();
    for (const message of messages) {
      const id = message.headers.penghubung_subscription;
      if (id && !this.modes.has(id)) wanted.add(id);
    }
    if (wanted.size > 0) {
      for (const list of this.catalogue.current().subscriptionsByTopic.values()) {
        for (const subscription of list) {
          if (!wanted.has(subscription.id)) continue;
          this.modes.set(subscription.id, {
            agencyId: subscription.agencyId,
            mode: subscription.deliveryMode,
            projectedSubject: subscription.projectedSubject,
          });
          wanted.delete(subscription.id);
        }
      }
    }
    const unknown = [...wanted].filter(isUuid);
    if (unknown.length > 0) {
      // Not active any more (or approved after the last refresh): the row itself still says how it is delivered.
      const rows = await this.dataSource.query<
        { id: string; agency_id: string; delivery_mode: DeliveryMode; projected_subject: string | null }[]
      >(
        'SELECT id, agency_id, delivery_mode, projected_subject FROM subscriptions WHERE id = ANY($1::uuid[])',
        [unknown],
      );
      for (const row of rows) {
        this.modes.set(row.id, {
          agencyId: row.agency_id,
          mode: row.delivery_mode,
          projectedSubject: row.projected_subject,
        });
      }
    }
    return this.modes;
  }

  private async insert(rows: StagedRow[]): Promise<void> {
    const column = <T>(pick: (row: StagedRow) => T): T[] => rows.map(pick);
    await this.dataSource.query(
      `INSERT INTO deliveries (subscription_id, record_id, agency_id, mode, topic, publisher, record_key, record_time,
                               schema_id, body, headers, source_partition, source_offset, status, last_error)
       SELECT * FROM unnest($1::uuid[], $2::uuid[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[],
                            $8::timestamptz[], $9::int[], $10::text[], $11::jsonb[], $12::int[], $13::bigint[],
                            $14::text[], $15::text[])
       ON CONFLICT (subscription_id, record_id) DO NOTHING`,
      [
        column((row) => row.subscriptionId),
        column((row) => row.recordId),
        column((row) => row.agencyId),
        column((row) => row.mode),
        column((row) => row.topic),
        column((row) => row.publisher),
        column((row) => row.key),
        column((row) => row.time),
        column((row) => row.schemaId),
        column((row) => row.body),
        column((row) => JSON.stringify(row.headers)),
        column((row) => row.partition),
        column((row) => row.offset),
        column((row) => row.status),
        column((row) => row.error),
      ],
    );
  }
}
