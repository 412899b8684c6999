import 'reflect-metadata';
import { createServer, type Server } from 'node:http';
import { type AddressInfo } from 'node:net';
import { KafkaClient, type IncomingMessage } from '@app/kafka';
import { createDataSource, type DataSource } from '@app/persistence';
import { Webhook } from 'standardwebhooks';
import { dispatcherApp } from '../../apps/dispatcher/src/dispatcher.app';
import { gatewayApp } from '../../apps/gateway/src/gateway.app';
import { registryApp } from '../../apps/registry/src/registry.app';
import { type RunningApp, startTestApp } from '../support/apps';
import {
  createDeliveryFixture,
  type DeliveryFixture,
  produceDeliveries,
  testDispatcherEnv,
  testWebhookSecretKey,
} from '../support/delivery-fixtures';
import { TEST_ADMIN_KEY, TEST_DATABASE_URL, testKafkaOptions } from '../support/env';
import { expectEventually } from '../support/expect-eventually';
import { uniqueName } from '../support/unique';
import { type ReceivedWebhook, WebhookReceiver } from '../support/webhook-receiver';

// Agencies of this file start with this prefix; its dispatcher serves only them (other files run their own).
const PREFIX = 'dwh';
const SECRET_KEY = testWebhookSecretKey();
// Seven attempts over 8.8 s: long enough that records still retrying see a receiver come back on a busy machine.
const SCHEDULE = '0s,100ms,200ms,500ms,1s,2s,5s';
const ATTEMPTS = 7;

interface DeliveryListBody {
  endpoint: { disabled: boolean; lastError: string | null } | null;
  deliveries: {
    recordId: string;
    status: string;
    attempts: number;
    attemptLog: {
      attempt: number;
      outcome: string;
      statusCode: number | null;
      latencyMs: number | null;
      error: string | null;
      nextAttemptAt: string | null;
      at: string;
    }[];
  }[];
  next: string | null;
}

describe('webhook delivery (dispatcher, real Kafka, PostgreSQL and HTTP receivers)', () => {
  const kafka = new KafkaClient(testKafkaOptions('test-dispatcher-webhooks'));
  let dataSource: DataSource;
  let dispatcher: RunningApp;
  let gateway: RunningApp;
  let registry: RunningApp;
  const receivers: WebhookReceiver[] = [];

  beforeAll(async () => {
    dataSource = createDataSource(TEST_DATABASE_URL, { poolSize: 4 });
    await dataSource.initialize();
    await kafka.connect();
    dispatcher = await startTestApp(
      dispatcherApp,
      testDispatcherEnv({
        group: 'dispatcher-webhooks',
        agencyPrefix: PREFIX,
        secretKey: SECRET_KEY,
        retrySchedule: SCHEDULE,
      }),
    );
    gateway = await startTestApp(gatewayApp, { CATALOGUE_REFRESH_MS: '200' });
    registry = await startTestApp(registryApp, {
      WEBHOOK_SECRET_KEY: SECRET_KEY,
      WEBHOOK_SECRET_OVERLAP_MS: '3600000',
    });
  });

  afterAll(async () => {
    await Promise.allSettled(receivers.map((receiver) => receiver.close()));
    await dispatcher?.close();
    await gateway?.close();
    await registry?.close();
    await kafka.onApplicationShutdown();
    await dataSource?.destroy();
  });

  async function receiver(): Promise<WebhookReceiver> {
    const started = await WebhookReceiver.start();
    receivers.push(started);
    return started;
  }

  async function call<T>(
    app: RunningApp,
    method: string,
    path: string,
    key: string,
    body?: unknown,
  ): Promise<{ status: number; body: T }> {
    const response = await fetch(`${app.url}${path}`, {
      method,
      headers: {
        authorization: `Bearer ${key}`,
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    const text = await response.text();
    return { status: response.status, body: (text ? JSON.parse(text) : undefined) as T };
  }

  /** Creates (or rotates) the subscription's signing secret through the registry, as the subscriber. */
  async function rotateSecret(fixture: DeliveryFixture): Promise<string> {
    const response = await call<{ secret: string }>(
      registry,
      'POST',
      `/v1/subscriptions/${fixture.subscriptionId}/webhook-secret`,
      fixture.subscriberKey,
    );
    expect(response.status).toBe(201);
    expect(response.body.secret).toMatch(/^whsec_/);
    return response.body.secret;
  }

  async function webhookSubscription(
    url: string,
    withSecret = true,
  ): Promise<{ fixture: DeliveryFixture; secret?: string }> {
    const fixture = await createDeliveryFixture(dataSource, {
      prefix: PREFIX,
      mode: 'webhook',
      webhookUrl: url,
    });
    return { fixture, ...(withSecret ? { secret: await rotateSecret(fixture) } : {}) };
  }

  async function deliveries(fixture: DeliveryFixture, query = ''): Promise<DeliveryListBody> {
    const response = await call<DeliveryListBody>(
      gateway,
      'GET',
      `/v1/subscriptions/${fixture.subscriptionId}/deliveries?limit=500${query}`,
      fixture.subscriberKey,
    );
    expect(response.status).toBe(200);
    return response.body;
  }

  function verify(secret: string, request: ReceivedWebhook): unknown {
    return new Webhook(secret).verify(request.body, {
      'webhook-id': request.webhookId,
      'webhook-timestamp': request.timestamp,
      'webhook-signature': request.signature,
    });
  }

  it('POSTs every record once, signed per Standard Webhooks, in key order, and audits the outcome', async () => {
    const hook = await receiver();
    const { fixture, secret } = await webhookSubscription(hook.url);
    const records = await produceDeliveries(kafka, fixture, 40, { keys: 4 });

    await expectEventually(() => expect(hook.acceptedIds().size).toBe(records.length), { timeoutMs: 30_000 });
    for (const record of records) {
      const [request, ...repeats] = hook.requestsFor(record.id);
      if (!request) throw new Error(`record ${record.id} was not delivered`);
      expect(repeats).toHaveLength(0);
      // An independent implementation accepts the signature (and would reject a changed body).
      expect(verify(secret ?? '', request)).toEqual(request.json);
      expect(() =>
        verify(secret ?? '', { ...request, body: request.body.replace('REG-', 'REG-X') }),
      ).toThrow();
      expect(request.json).toEqual({
        id: record.id,
        topic: fixture.topic,
        publisher: fixture.publisher,
        time: expect.any(String) as unknown,
        schemaId: fixture.schemaId,
        schemaVersion: 1,
        subscriptionId: fixture.subscriptionId,
        key: record.key,
        data: record.value,
      });
      expect(request.headers['content-type']).toBe('application/json');
    }
    for (const key of new Set(records.map((record) => record.key))) {
      const sent = records.filter((record) => record.key === key).map((record) => record.value.seq);
      const got = hook.requests
        .filter((request) => request.json.key === key)
        .map((request) => (request.json.data as { seq: number }).seq);
      expect(got).toEqual(sent);
    }

    const list = await expectEventually(async () => {
      const body = await deliveries(fixture, '&status=delivered');
      expect(body.deliveries).toHaveLength(records.length);
      return body;
    });
    for (const delivery of list.deliveries) {
      expect(delivery.attemptLog).toEqual([
        expect.objectContaining({
          attempt: 1,
          outcome: 'delivered',
          statusCode: 200,
          latencyMs: expect.any(Number) as unknown,
        }),
      ]);
    }
    await expectEventually(async () => {
      const rows: { count: string }[] = await dataSource.query(
        `SELECT coalesce(sum(jsonb_array_length(details->'recordIds')), 0) AS count FROM audit_log
          WHERE action = 'records.webhook_delivered' AND agency_id = $1
            AND actor_type = 'system' AND actor_id = 'dispatcher' AND details->>'subscriptionId' = $2`,
        [fixture.subscriber, fixture.subscriptionId],
      );
      expect(Number(rows[0]?.count)).toBe(records.length);
    });
  });

  it('lets deliveries wait while the subscription has no signing secret, then delivers them', async () => {
    const hook = await receiver();
    const { fixture } = await webhookSubscription(hook.url, false);
    const records = await produceDeliveries(kafka, fixture, 3);
    await expectEventually(async () => {
      const body = await deliveries(fixture);
      expect(body.deliveries).toHaveLength(3);
      for (const delivery of body.deliveries) {
        expect(delivery.status).toBe('pending');
        expect(delivery.attempts).toBe(0);
        expect(delivery.attemptLog[0]).toMatchObject({
          outcome: 'waiting',
          error: expect.stringContaining('no signing secret') as unknown,
        });
      }
    });
    expect(hook.requests).toHaveLength(0);

    const secret = await rotateSecret(fixture);
    await expectEventually(() =>
      expect(hook.acceptedIds()).toEqual(new Set(records.map((record) => record.id))),
    );
    for (const request of hook.requests) expect(verify(secret, request)).toBeTruthy();
  });

  it('signs with both secrets during a rotation overlap', async () => {
    const hook = await receiver();
    const { fixture, secret: first } = await webhookSubscription(hook.url);
    const [before] = await produceDeliveries(kafka, fixture, 1);
    await expectEventually(() => expect(hook.acceptedIds().has(before?.id ?? '')).toBe(true));
    const beforeRequest = hook.requestsFor(before?.id ?? '')[0];
    if (!beforeRequest) throw new Error('no request');
    expect(beforeRequest.signature.split(' ')).toHaveLength(1);

    const second = await rotateSecret(fixture);
    expect(second).not.toBe(first);
    const status = await call<{ currentCreatedAt: string; previousValidUntil: string[] }>(
      registry,
      'GET',
      `/v1/subscriptions/${fixture.subscriptionId}/webhook-secret`,
      fixture.subscriberKey,
    );
    expect(status.body.previousValidUntil).toHaveLength(1);
    expect(JSON.stringify(status.body)).not.toContain('whsec_');
    // The dispatcher reads secrets every 100 ms here: a record produced after the rotation carries both.
    const [after] = await produceDeliveries(kafka, fixture, 1, { start: 1 });
    await expectEventually(() => expect(hook.acceptedIds().has(after?.id ?? '')).toBe(true));
    const afterRequest = hook.requestsFor(after?.id ?? '')[0];
    if (!afterRequest) throw new Error('no request');
    expect(afterRequest.signature.split(' ')).toHaveLength(2);
    expect(verify(second, afterRequest)).toBeTruthy();
    expect(verify(first ?? '', afterRequest)).toBeTruthy();

    const audit: { action: string }[] = await dataSource.query(
      `SELECT action FROM audit_log WHERE target_id = $1 AND action LIKE 'webhook_secret.%' ORDER BY seq`,
      [fixture.subscriptionId],
    );
    expect(audit.map((entry) => entry.action)).toEqual(['webhook_secret.created', 'webhook_secret.rotated']);
    const unknownKey = await call(
      registry,
      'POST',
      `/v1/subscriptions/${fixture.subscriptionId}/webhook-secret`,
      'phk_AAAAAAAAAAAA_' + 'a'.repeat(43),
    );
    expect(unknownKey.status).toBe(401);
    // Another agency learns nothing; a pull subscription has no signing secret; an admin may rotate.
    const other = await createDeliveryFixture(dataSource, { prefix: PREFIX, mode: 'pull' });
    const path = (id: string) => `/v1/subscriptions/${id}/webhook-secret`;
    expect((await call(registry, 'POST', path(fixture.subscriptionId), other.subscriberKey)).status).toBe(
      404,
    );
    expect((await call(registry, 'GET', path(fixture.subscriptionId), other.subscriberKey)).status).toBe(404);
    expect((await call(registry, 'POST', path(other.subscriptionId), other.subscriberKey)).status).toBe(409);
    expect((await call(registry, 'POST', path(fixture.subscriptionId), TEST_ADMIN_KEY)).status).toBe(201);
  });

  it('retries a receiver that answers 500 a few times, then 200: every record arrives, same webhook-id', async () => {
    const hook = await receiver();
    hook.respond((request) => ({ status: hook.requestsFor(request.webhookId).length < 2 ? 500 : 200 }));
    const { fixture, secret } = await webhookSubscription(hook.url);
    const records = await produceDeliveries(kafka, fixture, 10);
    await expectEventually(
      () => expect(hook.acceptedIds()).toEqual(new Set(records.map((record) => record.id))),
      {
        timeoutMs: 30_000,
      },
    );
    for (const record of records) {
      const requests = hook.requestsFor(record.id);
      expect(requests.map((request) => request.status)).toEqual([500, 500, 200]);
      for (const request of requests) expect(verify(secret ?? '', request)).toBeTruthy();
    }
    const body = await expectEventually(async () => {
      const list = await deliveries(fixture, '&status=delivered');
      expect(list.deliveries).toHaveLength(records.length);
      return list;
    });
    for (const delivery of body.deliveries) {
      expect(delivery.attemptLog.map((attempt) => [attempt.outcome, attempt.statusCode])).toEqual([
        ['failed', 500],
        ['failed', 500],
        ['delivered', 200],
      ]);
      expect(delivery.attemptLog[0]?.nextAttemptAt).toEqual(expect.any(String));
    }
  });

  it('delivers what was produced while the receiver was down once it is back', async () => {
    const hook = await receiver();
    const { fixture } = await webhookSubscription(hook.url);
    await hook.down();
    const records = await produceDeliveries(kafka, fixture, 10);
    // Staged and tried once each (on a busy machine the first attempts can take a while).
    await expectEventually(
      async () => {
        const body = await deliveries(fixture);
        expect(body.deliveries).toHaveLength(records.length);
        for (const delivery of body.deliveries) expect(delivery.attempts).toBeGreaterThanOrEqual(1);
      },
      { timeoutMs: 30_000 },
    );
    await hook.up();
    await expectEventually(
      () => expect(hook.acceptedIds()).toEqual(new Set(records.map((record) => record.id))),
      {
        timeoutMs: 30_000,
      },
    );
    const body = await deliveries(fixture);
    for (const delivery of body.deliveries) {
      expect(delivery.status).toBe('delivered');
      expect(delivery.attemptLog[0]).toMatchObject({
        outcome: 'failed',
        statusCode: null,
        error: expect.stringMatching(/ECONNREFUSED/) as unknown,
      });
    }
  });

  it('retries a slow receiver after the timeout', async () => {
    const hook = await receiver();
    // The first answer of each record comes after the dispatcher's timeout (1 s); later ones at once.
    hook.respond((request) =>
      hook.requestsFor(request.webhookId).length === 0 ? { status: 200, delayMs: 3_000 } : { status: 200 },
    );
    const { fixture } = await webhookSubscription(hook.url);
    const records = await produceDeliveries(kafka, fixture, 5);
    await expectEventually(
      async () => {
        const body = await deliveries(fixture, '&status=delivered');
        expect(body.deliveries).toHaveLength(records.length);
        for (const delivery of body.deliveries) {
          expect(delivery.attemptLog[0]).toMatchObject({
            outcome: 'failed',
            error: 'no answer within 1000 ms',
          });
          expect(delivery.attemptLog.at(-1)).toMatchObject({ outcome: 'delivered' });
        }
      },
      { timeoutMs: 30_000 },
    );
    for (const record of records) expect(hook.requestsFor(record.id).length).toBeGreaterThanOrEqual(2);
  });

  it('honours Retry-After on 429', async () => {
    const hook = await receiver();
    hook.respond((request) =>
      hook.requestsFor(request.webhookId).length === 0
        ? { status: 429, headers: { 'retry-after': '2' } }
        : { status: 200 },
    );
    const { fixture } = await webhookSubscription(hook.url);
    const [record] = await produceDeliveries(kafka, fixture, 1);
    await expectEventually(() => expect(hook.acceptedIds().has(record?.id ?? '')).toBe(true), {
      timeoutMs: 20_000,
    });
    const [first, second] = hook.requestsFor(record?.id ?? '');
    if (!first || !second) throw new Error('expected two requests');
    // The schedule alone would have retried after 100 ms; the endpoint asked for 2 s.
    expect(second.receivedAt - first.receivedAt).toBeGreaterThanOrEqual(2_000);
    const body = await deliveries(fixture);
    const attempt = body.deliveries[0]?.attemptLog[0];
    expect(attempt).toMatchObject({ outcome: 'failed', statusCode: 429 });
    expect(Date.parse(attempt?.nextAttemptAt ?? '') - Date.parse(attempt?.at ?? '')).toBeGreaterThanOrEqual(
      2_000,
    );
  });

  it('ends the subscription when the endpoint answers 410 Gone, and tells the owner', async () => {
    const hook = await receiver();
    hook.respond(() => ({ status: 410 }));
    const { fixture } = await webhookSubscription(hook.url);
    await produceDeliveries(kafka, fixture, 3, { keys: 1 });
    await expectEventually(async () => {
      const rows: { status: string; status_reason: string; decided_by: string }[] = await dataSource.query(
        'SELECT status, status_reason, decided_by FROM subscriptions WHERE id = $1',
        [fixture.subscriptionId],
      );
      expect(rows[0]).toMatchObject({
        status: 'ended',
        decided_by: 'system:dispatcher',
        status_reason: expect.stringContaining('410 Gone') as unknown,
      });
    });
    const audit: { actor_type: string; actor_id: string; agency_id: string; details: { reason: string } }[] =
      await dataSource.query(
        `SELECT actor_type, actor_id, agency_id, details FROM audit_log WHERE action = 'subscription.ended' AND target_id = $1`,
        [fixture.subscriptionId],
      );
    expect(audit).toEqual([
      expect.objectContaining({
        actor_type: 'system',
        actor_id: 'dispatcher',
        agency_id: fixture.subscriber,
        details: expect.objectContaining({ reason: expect.stringContaining('410') as unknown }) as unknown,
      }),
    ]);
    // Nothing more is attempted: the other records (same key, waiting behind the first) are cancelled.
    await expectEventually(async () => {
      const body = await deliveries(fixture);
      expect(body.deliveries.map((delivery) => delivery.status)).toEqual([
        'cancelled',
        'cancelled',
        'cancelled',
      ]);
    });
    expect(hook.requests).toHaveLength(1);
  });

  it('refuses private, link-local and loopback destinations before connecting', async () => {
    const loopback: Server = createServer((_req, res) => res.end('ok'));
    let reached = 0;
    loopback.on('request', () => reached++);
    await new Promise<void>((resolve) => loopback.listen(0, '::1', resolve));
    const port = (loopback.address() as AddressInfo).port;
    try {
      const targets = [
        'http://10.0.0.1/hooks',
        'http://169.254.169.254/latest/meta-data',
        `http://[::1]:${port}/hooks`,
      ];
      const fixtures = await Promise.all(targets.map((url) => webhookSubscription(url)));
      for (const { fixture } of fixtures) await produceDeliveries(kafka, fixture, 1);
      for (const [index, { fixture }] of fixtures.entries()) {
        const body = await expectEventually(
          async () => {
            const list = await deliveries(fixture);
            expect(list.deliveries[0]?.status).toBe('dead');
            return list;
          },
          { timeoutMs: 30_000 },
        );
        const log = body.deliveries[0]?.attemptLog ?? [];
        expect(log).toHaveLength(ATTEMPTS);
        for (const attempt of log) {
          expect(attempt.outcome === 'refused' || attempt.outcome === 'dead').toBe(true);
          // No connection was attempted: no status and no latency.
          expect(attempt).toMatchObject({
            statusCode: null,
            latencyMs: null,
            error: expect.stringContaining('refused unless WEBHOOK_ALLOWED_HOSTS') as unknown,
          });
        }
        expect(log[0]?.error).toContain(['10.0.0.1', '169.254.169.254', '::1'][index]);
      }
      expect(reached).toBe(0);
    } finally {
      await new Promise<void>((resolve) => loopback.close(() => resolve()));
    }
  });

  it('dead-letters after the last attempt with every attempt, and replays with the same webhook-id', async () => {
    const hook = await receiver();
    hook.respond(() => ({ status: 500 }));
    const { fixture, secret } = await webhookSubscription(hook.url);
    const records = await produceDeliveries(kafka, fixture, 2);
    const dlq = `${fixture.deliveryTopic}.dlq`;
    await expectEventually(
      async () => {
        const body = await deliveries(fixture, '&status=dead');
        expect(body.deliveries).toHaveLength(2);
      },
      { timeoutMs: 30_000 },
    );
    for (const record of records) expect(hook.requestsFor(record.id)).toHaveLength(ATTEMPTS);

    const letters: IncomingMessage[] = [];
    const consumer = await kafka.createConsumer({ groupId: uniqueName('dlq-reader') });
    await consumer.subscribe([dlq], true);
    await consumer.run((message) => {
      letters.push(message);
      return Promise.resolve();
    });
    await expectEventually(() => expect(letters).toHaveLength(2), { timeoutMs: 30_000 });
    await consumer.disconnect();
    for (const letter of letters) {
      const value = JSON.parse(letter.value?.toString('utf8') ?? '{}') as {
        record: { id: string };
        attempts: { statusCode: number }[];
      };
      expect(records.map((record) => record.id)).toContain(value.record.id);
      expect(value.attempts.map((attempt) => attempt.statusCode)).toEqual(Array(ATTEMPTS).fill(500));
      expect(letter.headers).toMatchObject({
        ce_id: value.record.id,
        penghubung_subscription: fixture.subscriptionId,
        penghubung_attempts: String(ATTEMPTS),
        penghubung_attempt_statuses: Array(ATTEMPTS).fill('500').join(','),
      });
    }
    await expectEventually(async () => {
      const rows: { count: string }[] = await dataSource.query(
        `SELECT count(*) FROM audit_log WHERE action = 'record.webhook_dead_lettered' AND details->>'subscriptionId' = $1`,
        [fixture.subscriptionId],
      );
      expect(Number(rows[0]?.count)).toBe(2);
    });

    hook.respond(() => ({ status: 200 }));
    const other = await createDeliveryFixture(dataSource, { prefix: PREFIX, mode: 'pull' });
    const denied = await call(
      gateway,
      'POST',
      `/v1/subscriptions/${fixture.subscriptionId}/replay`,
      other.subscriberKey,
      { deadLettered: true },
    );
    expect(denied.status).toBe(404);
    const invalid = await call(
      gateway,
      'POST',
      `/v1/subscriptions/${fixture.subscriptionId}/replay`,
      fixture.subscriberKey,
      {},
    );
    expect(invalid.status).toBe(400);
    const replay = await call<{ requeued: number }>(
      gateway,
      'POST',
      `/v1/subscriptions/${fixture.subscriptionId}/replay`,
      fixture.subscriberKey,
      {
        deadLettered: true,
      },
    );
    expect(replay).toEqual({ status: 202, body: { requeued: 2 } });
    await expectEventually(
      () => expect(hook.acceptedIds()).toEqual(new Set(records.map((record) => record.id))),
      { timeoutMs: 30_000 },
    );
    for (const request of hook.accepted) expect(verify(secret ?? '', request)).toBeTruthy();
    await expectEventually(async () => {
      const rows: { count: string }[] = await dataSource.query(
        `SELECT coalesce(sum(jsonb_array_length(details->'recordIds')), 0) AS count FROM audit_log
          WHERE action = 'records.webhook_delivered' AND details->>'subscriptionId' = $1`,
        [fixture.subscriptionId],
      );
      expect(Number(rows[0]?.count)).toBe(2);
    });

    // Admins may replay too (a time range this time); nothing is pending, so all are requeued again.
    const byAdmin = await call<{ requeued: number }>(
      gateway,
      'POST',
      `/v1/subscriptions/${fixture.subscriptionId}/replay`,
      TEST_ADMIN_KEY,
      {
        from: new Date(Date.now() - 3_600_000).toISOString(),
        to: new Date(Date.now() + 60_000).toISOString(),
      },
    );
    expect(byAdmin).toEqual({ status: 202, body: { requeued: 2 } });
    await expectEventually(() => expect(hook.accepted).toHaveLength(4), { timeoutMs: 30_000 });
    expect(hook.acceptedIds().size).toBe(2);
  });
});
