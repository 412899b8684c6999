import 'reflect-metadata';
import { randomUUID } from 'node:crypto';
import { KafkaClient } from '@app/kafka';
import { MetricsService } from '@app/observability';
import { type DataSource } from '@app/persistence';
import { dispatcherApp } from '../../apps/dispatcher/src/dispatcher.app';
import { DispatcherMetrics } from '../../apps/dispatcher/src/dispatcher.metrics';
import { DeliveryPurgeService } from '../../apps/dispatcher/src/purge/delivery-purge.service';
import { gatewayApp } from '../../apps/gateway/src/gateway.app';
import { type RunningApp, startTestApp } from '../support/apps';
import {
  createDeliveryFixture,
  type DeliveryFixture,
  insertWebhookSecret,
  produceDeliveries,
  testWebhookSecretKey,
} from '../support/delivery-fixtures';
import { testKafkaOptions } from '../support/env';
import { expectEventually } from '../support/expect-eventually';
import { createScratchDatabase } from '../support/scratch-database';
import { uniqueName } from '../support/unique';
import { WebhookReceiver } from '../support/webhook-receiver';

const PREFIX = 'dpu';
const DAY_MS = 86_400_000;

interface Row {
  record_id: string;
  status: string;
  settled_at: Date | null;
}

/**
 * The outbox purge: settled rows (delivered, dead, cancelled) older than DELIVERY_RETENTION_MS go, in
 * bounded batches, with their attempts; pending and recent rows stay. A scratch database of its own: the
 * purge deletes across all subscriptions, and the test moves rows back in time.
 */
describe('purge of settled outbox rows', () => {
  let db: Awaited<ReturnType<typeof createScratchDatabase>>;
  let dataSource: DataSource;

  beforeAll(async () => {
    db = await createScratchDatabase('purge');
    dataSource = db.dataSource;
  });

  afterAll(async () => {
    await db?.drop();
  });

  /** Stages one row the way the dispatcher does (status given), with `attempts` attempt rows. */
  async function stage(
    fixture: DeliveryFixture,
    status: 'pending' | 'dead' = 'pending',
    attempts = 0,
  ): Promise<string> {
    const recordId = randomUUID();
    const [{ id }] = await dataSource.query<[{ id: string }]>(
      `INSERT INTO deliveries (subscription_id, record_id, agency_id, mode, topic, publisher, record_key, record_time,
                               schema_id, body, source_partition, source_offset, status)
       VALUES ($1, $2, $3, 'webhook', $4, $5, 'k', now(), $6, '{}', 0, 0, $7) RETURNING id::text AS id`,
      [
        fixture.subscriptionId,
        recordId,
        fixture.subscriber,
        fixture.topic,
        fixture.publisher,
        fixture.schemaId,
        status,
      ],
    );
    for (let attempt = 1; attempt <= attempts; attempt++) {
      await dataSource.query(
        `INSERT INTO delivery_attempts (delivery_id, attempt, outcome, status_code, attempted_at)
         VALUES ($1, $2, 'failed', 500, now())`,
        [id, attempt],
      );
    }
    return recordId;
  }

  async function settle(recordIds: string[], status: string): Promise<void> {
    await dataSource.query(`UPDATE deliveries SET status = $2 WHERE record_id = ANY($1::uuid[])`, [
      recordIds,
      status,
    ]);
  }

  /** Moves the moment rows settled (or were staged) back by `ms`. */
  async function age(recordIds: string[], ms: number): Promise<void> {
    await dataSource.query(
      `UPDATE deliveries SET settled_at = settled_at - ($2::bigint * interval '1 millisecond'),
                             created_at = created_at - ($2::bigint * interval '1 millisecond')
        WHERE record_id = ANY($1::uuid[])`,
      [recordIds, ms],
    );
  }

  async function rows(fixture: DeliveryFixture): Promise<Row[]> {
    return dataSource.query(
      'SELECT record_id, status, settled_at FROM deliveries WHERE subscription_id = $1 ORDER BY id',
      [fixture.subscriptionId],
    );
  }

  it('records when a row settles: set by every change to a final status, cleared by a replay', async () => {
    const fixture = await createDeliveryFixture(dataSource, {
      prefix: PREFIX,
      mode: 'webhook',
      webhookUrl: 'https://example.org/h',
    });
    const pending = await stage(fixture);
    const dead = await stage(fixture, 'dead');
    const byId = async () => new Map((await rows(fixture)).map((row) => [row.record_id, row]));

    let seen = await byId();
    expect(seen.get(pending)?.settled_at).toBeNull();
    expect(seen.get(dead)?.settled_at).toBeInstanceOf(Date);

    // A failed attempt keeps it pending: not settled.
    await dataSource.query(`UPDATE deliveries SET status = 'pending', attempts = 1 WHERE record_id = $1`, [
      pending,
    ]);
    expect((await byId()).get(pending)?.settled_at).toBeNull();

    await settle([pending], 'delivered');
    seen = await byId();
    const settledAt = seen.get(pending)?.settled_at;
    expect(settledAt).toBeInstanceOf(Date);
    expect(Math.abs((settledAt?.getTime() ?? 0) - Date.now())).toBeLessThan(60_000);

    // Replayed: pending again, so never purged while it waits; delivered again: settled anew.
    await settle([pending], 'pending');
    expect((await byId()).get(pending)?.settled_at).toBeNull();
    await settle([pending, dead], 'cancelled');
    seen = await byId();
    expect(seen.get(pending)?.settled_at).toBeInstanceOf(Date);
    expect(seen.get(dead)?.settled_at).toBeInstanceOf(Date);
  });

  it('deletes old settled rows with their attempts in bounded batches, and keeps pending and recent ones', async () => {
    const fixture = await createDeliveryFixture(dataSource, {
      prefix: PREFIX,
      mode: 'webhook',
      webhookUrl: 'https://example.org/h',
    });
    const oldDelivered: string[] = [];
    for (let index = 0; index < 17; index++) oldDelivered.push(await stage(fixture, 'pending', 2));
    const oldDead = [await stage(fixture, 'pending', 3)];
    const oldCancelled = [await stage(fixture)];
    const recentDelivered = [await stage(fixture, 'pending', 1), await stage(fixture)];
    const oldPending = [await stage(fixture, 'pending', 4), await stage(fixture)];
    await settle([...oldDelivered, ...recentDelivered], 'delivered');
    await settle(oldDead, 'dead');
    await settle(oldCancelled, 'cancelled');
    await age([...oldDelivered, ...oldDead, ...oldCancelled], 2 * DAY_MS);
    // Staged a month ago and still retrying: kept, however old.
    await age(oldPending, 30 * DAY_MS);
    await age(recentDelivered, DAY_MS - 60 * 60_000);

    const metrics = new DispatcherMetrics(new MetricsService());
    const purge = new DeliveryPurgeService(dataSource, metrics, {
      retentionMs: DAY_MS,
      intervalMs: 0,
      batchSize: 7,
    });
    const result = await purge.purge();

    expect(result.deleted).toEqual({ delivered: 17, dead: 1, cancelled: 1 });
    // 19 rows at 7 per statement: 7, 7, 5.
    expect(result.batches).toBe(3);
    const left = await rows(fixture);
    expect(left.map((row) => row.record_id).sort()).toEqual([...recentDelivered, ...oldPending].sort());
    const attempts: { record_id: string; count: string }[] = await dataSource.query(
      `SELECT d.record_id, count(a.id) AS count FROM deliveries d LEFT JOIN delivery_attempts a ON a.delivery_id = d.id
        WHERE d.subscription_id = $1 GROUP BY d.record_id`,
      [fixture.subscriptionId],
    );
    expect(new Map(attempts.map((row) => [row.record_id, Number(row.count)]))).toEqual(
      new Map([
        [recentDelivered[0], 1],
        [recentDelivered[1], 0],
        [oldPending[0], 4],
        [oldPending[1], 0],
      ]),
    );
    // Attempts of purged rows went with them (no orphans anywhere).
    const [orphans] = await dataSource.query<[{ count: string }]>(
      'SELECT count(*) FROM delivery_attempts a WHERE NOT EXISTS (SELECT 1 FROM deliveries d WHERE d.id = a.delivery_id)',
    );
    expect(Number(orphans.count)).toBe(0);
    expect((await metrics.purged.get()).values).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ labels: { status: 'delivered' }, value: 17 }),
        expect.objectContaining({ labels: { status: 'dead' }, value: 1 }),
        expect.objectContaining({ labels: { status: 'cancelled' }, value: 1 }),
      ]),
    );

    // Nothing left to purge: one statement that finds nothing.
    expect(await purge.purge()).toEqual({ deleted: {}, batches: 1 });
  });

  describe('in the running dispatcher', () => {
    const kafka = new KafkaClient(testKafkaOptions('test-dispatcher-purge'));
    const key = testWebhookSecretKey();
    let dispatcher: RunningApp;
    let gateway: RunningApp;
    let receiver: WebhookReceiver;

    beforeAll(async () => {
      await kafka.connect();
      receiver = await WebhookReceiver.start();
      dispatcher = await startTestApp(dispatcherApp, {
        DATABASE_URL: db.url,
        DISPATCHER_GROUP_ID: uniqueName('dispatcher-purge'),
        DISPATCHER_AGENCY_PATTERN: `${PREFIX}-.*`,
        CATALOGUE_REFRESH_MS: '200',
        WEBHOOK_SECRET_KEY: key,
        WEBHOOK_ALLOWED_HOSTS: '127.0.0.1',
        WEBHOOK_ALLOW_HTTP: 'true',
        WEBHOOK_POLL_MS: '50',
        DELIVERY_RETENTION_MS: String(DAY_MS),
        DELIVERY_PURGE_INTERVAL_MS: '100',
        DELIVERY_PURGE_BATCH: '4',
      });
      gateway = await startTestApp(gatewayApp, { DATABASE_URL: db.url, CATALOGUE_REFRESH_MS: '200' });
    });

    afterAll(async () => {
      await dispatcher?.close();
      await gateway?.close();
      await receiver?.close();
      await kafka.onApplicationShutdown();
    });

    it('purges delivered webhooks past the retention on its own; the audit log keeps their outcome', async () => {
      const fixture = await createDeliveryFixture(dataSource, {
        prefix: PREFIX,
        mode: 'webhook',
        webhookUrl: receiver.url,
      });
      await insertWebhookSecret(dataSource, key, fixture.subscriptionId);
      const records = await produceDeliveries(kafka, fixture, 10, { keys: 3 });
      await expectEventually(
        async () => {
          const seen = await rows(fixture);
          expect(seen.filter((row) => row.status === 'delivered')).toHaveLength(records.length);
        },
        { timeoutMs: 30_000 },
      );
      expect(receiver.acceptedIds().size).toBe(records.length);

      const old = records.slice(0, 6).map((record) => record.id);
      const recent = records.slice(6).map((record) => record.id);
      await age(old, 2 * DAY_MS);
      await expectEventually(async () =>
        expect((await rows(fixture)).map((row) => row.record_id).sort()).toEqual([...recent].sort()),
      );
      const metrics = await (await fetch(`${dispatcher.url}/metrics`)).text();
      expect(metrics).toMatch(/penghubung_dispatcher_deliveries_purged_total\{status="delivered"\} 6\b/);

      // The subscriber's delivery list shows what the outbox still holds ...
      const listed = await fetch(
        `${gateway.url}/v1/subscriptions/${fixture.subscriptionId}/deliveries?limit=100`,
        {
          headers: { authorization: `Bearer ${fixture.subscriberKey}` },
        },
      );
      expect(listed.status).toBe(200);
      const body = (await listed.json()) as { deliveries: { recordId: string }[] };
      expect(body.deliveries.map((delivery) => delivery.recordId).sort()).toEqual([...recent].sort());
      // ... and the audit log still says that every record, purged or not, was delivered.
      const audited: { record_id: string }[] = await dataSource.query(
        `SELECT jsonb_array_elements_text(details->'recordIds') AS record_id FROM audit_log
          WHERE action = 'records.webhook_delivered' AND details->>'subscriptionId' = $1`,
        [fixture.subscriptionId],
      );
      expect(audited.map((row) => row.record_id).sort()).toEqual(records.map((record) => record.id).sort());
    });
  });
});
