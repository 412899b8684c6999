import 'reflect-metadata';
import { KafkaClient } from '@app/kafka';
import { createDataSource, type DataSource } from '@app/persistence';
import { Webhook } from 'standardwebhooks';
import {
  createDeliveryFixture,
  insertWebhookSecret,
  type ProducedDelivery,
  produceDeliveries,
  testWebhookSecretKey,
} from '../support/delivery-fixtures';
import { TEST_DATABASE_URL, testKafkaOptions, testEnv } from '../support/env';
import { expectEventually } from '../support/expect-eventually';
import { AppProcess } from '../support/processes';
import { type CutMode, freePort, TcpProxy } from '../support/tcp-proxy';
import { signingKeyOf } from '../../apps/dispatcher/src/webhooks/webhook-signature';
import { WebhookSecretsStore } from '../../apps/dispatcher/src/webhooks/webhook-secrets.store';
import { uniqueName } from '../support/unique';
import { WebhookReceiver } from '../support/webhook-receiver';

const PREFIX = 'dpg';
const SECRET_KEY = testWebhookSecretKey();

interface Readiness {
  status: string;
  checks: Record<string, { status: string; error?: string }>;
}

/**
 * The dispatcher loses PostgreSQL while it delivers, then gets it back. The shared server is never
 * stopped: the dispatcher reaches it through a TCP proxy of the test's own, which cuts every connection
 * and refuses (or silently holds) new ones.
 */
describe('dispatcher while PostgreSQL is briefly unavailable', () => {
  const kafka = new KafkaClient(testKafkaOptions('test-dispatcher-pg-outage'));
  let dataSource: DataSource;
  let proxy: TcpProxy;
  const processes: AppProcess[] = [];
  const receivers: WebhookReceiver[] = [];

  beforeAll(async () => {
    dataSource = createDataSource(TEST_DATABASE_URL, { poolSize: 2 });
    await dataSource.initialize();
    await kafka.connect();
    const target = new URL(TEST_DATABASE_URL);
    proxy = await TcpProxy.start(target.hostname, Number(target.port || 5432));
  });

  afterAll(async () => {
    await Promise.allSettled(processes.map((process) => process.kill()));
    await Promise.allSettled(receivers.map((receiver) => receiver.close()));
    await proxy?.close();
    await kafka.onApplicationShutdown();
    await dataSource?.destroy();
  });

  async function readiness(port: number): Promise<{ status: number; body: Readiness }> {
    const response = await fetch(`http://127.0.0.1:${port}/health/ready`);
    return { status: response.status, body: (await response.json()) as Readiness };
  }

  it.each<CutMode>(['refuse', 'hold'])(
    'delivers every record when PostgreSQL goes away mid-delivery and comes back (new connections: %s)',
    async (mode) => {
      // A little slow, so that requests are in flight when the database goes.
      const receiver = await WebhookReceiver.start(() => ({ status: 200, delayMs: 20 }));
      receivers.push(receiver);
      const fixture = await createDeliveryFixture(dataSource, {
        prefix: PREFIX,
        mode: 'webhook',
        webhookUrl: receiver.url,
      });
      const secret = await insertWebhookSecret(dataSource, SECRET_KEY, fixture.subscriptionId);
      const viaProxy = new URL(TEST_DATABASE_URL);
      viaProxy.hostname = '127.0.0.1';
      viaProxy.port = String(proxy.port);
      const port = await freePort();
      const dispatcher = new AppProcess(
        'dist/apps/dispatcher/src/main.js',
        testEnv({
          DATABASE_URL: viaProxy.toString(),
          DISPATCHER_PORT: String(port),
          DISPATCHER_GROUP_ID: uniqueName('dispatcher-pg-outage'),
          DISPATCHER_AGENCY_PATTERN: `${PREFIX}-.*`,
          CATALOGUE_REFRESH_MS: '200',
          WEBHOOK_SECRET_KEY: SECRET_KEY,
          WEBHOOK_TIMEOUT_MS: '1000',
          WEBHOOK_RETRY_SCHEDULE: '0s,100ms,200ms,500ms,1s,1s,1s',
          WEBHOOK_ALLOWED_HOSTS: '127.0.0.1',
          WEBHOOK_ALLOW_HTTP: 'true',
          WEBHOOK_POLL_MS: '50',
          LOG_LEVEL: 'warn',
        }),
      );
      processes.push(dispatcher);
      const explain = (error: unknown): never => {
        throw new Error(`${String(error)}\ndispatcher output:\n${dispatcher.log.slice(-4_000)}`);
      };
      /** Claimed deliveries whose lease has not run out, read past the proxy. */
      const leased = async (): Promise<number> => {
        const [row]: { count: string }[] = await dataSource.query(
          `SELECT count(*) FROM deliveries WHERE subscription_id = $1 AND status = 'pending' AND next_attempt_at > now()`,
          [fixture.subscriptionId],
        );
        return Number(row?.count);
      };
      dispatcher.start();
      await expectEventually(async () => expect((await readiness(port)).status).toBe(200), {
        timeoutMs: 30_000,
      }).catch(explain);

      const before = await produceDeliveries(kafka, fixture, 300, { keys: 30 });
      await expectEventually(() => expect(receiver.acceptedIds().size).toBeGreaterThanOrEqual(40), {
        timeoutMs: 30_000,
      }).catch(explain);

      proxy.cut(mode);
      const deliveredAtCut = receiver.acceptedIds().size;
      const leasedAtCut = await leased();
      const down = await expectEventually(
        async () => {
          const answer = await readiness(port);
          expect(answer.status).toBe(503);
          expect(answer.body.checks.postgres?.status).toBe('down');
          expect(answer.body.checks.kafka?.status).toBe('up');
          return answer;
        },
        { timeoutMs: 20_000 },
      ).catch(explain);
      expect(down.body.status).toBe('unavailable');
      // Records keep arriving on the delivery topic while the database is away; they must not be lost.
      const during = await produceDeliveries(kafka, fixture, 200, { keys: 30, start: 300 });
      // The outage lasts until every lease the dispatcher took before it has run out (looked at past the
      // proxy), so that claims, outcomes and staging all had to wait, and until it has visibly kept trying.
      await expectEventually(
        async () => {
          expect(await leased()).toBe(0);
          expect(proxy.attemptsWhileCut).toBeGreaterThanOrEqual(5);
        },
        { timeoutMs: 30_000, intervalMs: 250 },
      ).catch(explain);
      expect(dispatcher.running).toBe(true);
      // The cut came mid-delivery: records were claimed (in flight or queued) and others not sent yet.
      expect(leasedAtCut).toBeGreaterThan(0);
      expect(deliveredAtCut).toBeLessThan(before.length + during.length);

      proxy.restore();
      await expectEventually(async () => expect((await readiness(port)).status).toBe(200), {
        timeoutMs: 30_000,
      }).catch(explain);

      const records: ProducedDelivery[] = [...before, ...during];
      const expected = new Set(records.map((record) => record.id));
      await expectEventually(() => expect(receiver.acceptedIds().size).toBe(expected.size), {
        timeoutMs: 60_000,
      }).catch(explain);
      // Nothing missing, nothing unknown: the set of webhook-ids is exactly the records produced.
      expect([...receiver.acceptedIds()].sort()).toEqual([...expected].sort());
      // Delivery is at least once, so a receiver must dedupe by webhook-id. Here there is nothing to dedupe:
      // records answered during the outage had their leases run out, but the dispatcher writes the outcomes
      // it holds before it claims again, so none of them is sent a second time.
      expect(receiver.accepted).toHaveLength(records.length);
      const verifier = new Webhook(secret);
      for (const request of receiver.accepted) {
        expect(
          verifier.verify(request.body, {
            'webhook-id': request.webhookId,
            'webhook-timestamp': request.timestamp,
            'webhook-signature': request.signature,
          }),
        ).toEqual(request.json);
      }
      // The outbox agrees once the outcomes that waited for the database are written.
      await expectEventually(
        async () => {
          const rows: { status: string; count: string }[] = await dataSource.query(
            'SELECT status, count(*) FROM deliveries WHERE subscription_id = $1 GROUP BY status',
            [fixture.subscriptionId],
          );
          expect(rows).toEqual([{ status: 'delivered', count: String(records.length) }]);
        },
        { timeoutMs: 30_000 },
      ).catch(explain);
      expect(dispatcher.running).toBe(true);
      await dispatcher.stop();
    },
    180_000,
  );
});

describe('webhook signing keys while PostgreSQL is away', () => {
  let direct: DataSource;
  let viaProxy: DataSource;
  let proxy: TcpProxy;

  beforeAll(async () => {
    direct = createDataSource(TEST_DATABASE_URL, { poolSize: 2 });
    await direct.initialize();
    const target = new URL(TEST_DATABASE_URL);
    proxy = await TcpProxy.start(target.hostname, Number(target.port || 5432));
    const url = new URL(TEST_DATABASE_URL);
    url.hostname = '127.0.0.1';
    url.port = String(proxy.port);
    viaProxy = createDataSource(url.toString(), { poolSize: 2 });
    await viaProxy.initialize();
  });

  afterAll(async () => {
    await proxy?.close();
    await viaProxy?.destroy().catch(() => undefined);
    await direct?.destroy();
  });

  it('keeps signing with the keys read last, and a rotated key only until its overlap ends', async () => {
    const fixture = await createDeliveryFixture(direct, {
      prefix: PREFIX,
      mode: 'webhook',
      webhookUrl: 'https://example.org/h',
    });
    const previous = await insertWebhookSecret(direct, SECRET_KEY, fixture.subscriptionId);
    // Rotated: the previous secret signs for two more seconds, next to the current one.
    await direct.query(
      `UPDATE webhook_secrets SET valid_until = now() + interval '2 seconds' WHERE subscription_id = $1`,
      [fixture.subscriptionId],
    );
    const current = await insertWebhookSecret(direct, SECRET_KEY, fixture.subscriptionId);
    // Re-read at every call, so that every call after the cut meets the failure.
    const store = new WebhookSecretsStore(viaProxy, Buffer.from(SECRET_KEY, 'base64'), 0);
    const both = [signingKeyOf(current), signingKeyOf(previous)];
    expect(await store.keysFor(fixture.subscriptionId)).toEqual(both);

    proxy.cut('refuse');
    expect(await store.keysFor(fixture.subscriptionId)).toEqual(both);
    await expectEventually(async () =>
      expect(await store.keysFor(fixture.subscriptionId)).toEqual([signingKeyOf(current)]),
    );
    expect(proxy.attemptsWhileCut).toBeGreaterThan(0);

    proxy.restore();
    const another = await createDeliveryFixture(direct, {
      prefix: PREFIX,
      mode: 'webhook',
      webhookUrl: 'https://example.org/h',
    });
    const fresh = await insertWebhookSecret(direct, SECRET_KEY, another.subscriptionId);
    // Read again once the database is back (after the short pause that follows a failed read).
    await expectEventually(async () =>
      expect(await store.keysFor(another.subscriptionId)).toEqual([signingKeyOf(fresh)]),
    );
  });

  it('has nothing to sign with when the very first read fails', async () => {
    const store = new WebhookSecretsStore(viaProxy, Buffer.from(SECRET_KEY, 'base64'), 0);
    proxy.cut('refuse');
    try {
      await expect(store.keysFor('00000000-0000-4000-8000-000000000000')).rejects.toThrow();
    } finally {
      proxy.restore();
    }
  });
});
