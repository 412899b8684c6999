import 'reflect-metadata';
import { KafkaClient } from '@app/kafka';
import { createDataSource, type DataSource } from '@app/persistence';
import { dispatcherApp } from '../../apps/dispatcher/src/dispatcher.app';
import { gatewayApp } from '../../apps/gateway/src/gateway.app';
import { type RunningApp, startTestApp } from '../support/apps';
import { createDeliveryFixture, type DeliveryFixture, produceDeliveries } from '../support/delivery-fixtures';
import { TEST_ADMIN_KEY, TEST_DATABASE_URL, testKafkaOptions } from '../support/env';
import { expectEventually } from '../support/expect-eventually';
import { uniqueName } from '../support/unique';

const PREFIX = 'dpl';

interface PullBody {
  records: {
    id: string;
    key: string;
    subscriptionId: string;
    data: { seq: number };
    topic: string;
    publisher: string;
    schemaId: number;
  }[];
  cursor: string | null;
}

describe('pull API (gateway) over the dispatcher’s staged deliveries', () => {
  const kafka = new KafkaClient(testKafkaOptions('test-pull'));
  let dataSource: DataSource;
  let dispatcher: RunningApp;
  let gateway: RunningApp;

  beforeAll(async () => {
    dataSource = createDataSource(TEST_DATABASE_URL, { poolSize: 4 });
    await dataSource.initialize();
    await kafka.connect();
    dispatcher = await startTestApp(dispatcherApp, {
      DISPATCHER_GROUP_ID: uniqueName('dispatcher-pull'),
      DISPATCHER_AGENCY_PATTERN: `${PREFIX}-.*`,
      CATALOGUE_REFRESH_MS: '200',
    });
    gateway = await startTestApp(gatewayApp, {
      CATALOGUE_REFRESH_MS: '200',
      PULL_VISIBILITY_TIMEOUT_MS: '1500',
      PULL_POLL_INTERVAL_MS: '50',
    });
  });

  afterAll(async () => {
    await dispatcher?.close();
    await gateway?.close();
    await kafka.onApplicationShutdown();
    await dataSource?.destroy();
  });

  async function call<T>(
    method: string,
    path: string,
    key: string | null,
    body?: unknown,
  ): Promise<{ status: number; body: T }> {
    const response = await fetch(`${gateway.url}${path}`, {
      method,
      headers: {
        ...(key === null ? {} : { authorization: `Bearer ${key}` }),
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    const text = await response.text();
    return { status: response.status, body: (text ? JSON.parse(text) : undefined) as T };
  }

  const pull = (fixture: DeliveryFixture, query: string, key = fixture.subscriberKey) =>
    call<PullBody>('GET', `/v1/subscriptions/${fixture.subscriptionId}/records?${query}`, key);
  const ack = (fixture: DeliveryFixture, cursor: string | null, key = fixture.subscriberKey) =>
    call<{ acknowledged: number }>('POST', `/v1/subscriptions/${fixture.subscriptionId}/ack`, key, {
      cursor,
    });

  it('long-polls until records arrive, hands them out in order with a cursor, and forgets them once acknowledged', async () => {
    const fixture = await createDeliveryFixture(dataSource, { prefix: PREFIX, mode: 'pull' });
    const empty = await pull(fixture, 'wait=100ms');
    expect(empty).toEqual({ status: 200, body: { records: [], cursor: null } });

    // The poll starts first; the records are produced while it waits.
    const polling = pull(fixture, 'max=1000&wait=25s');
    const records = await produceDeliveries(kafka, fixture, 30, { keys: 1 });
    const first = await polling;
    expect(first.status).toBe(200);
    expect(first.body.records.length).toBeGreaterThan(0);

    const received = [...first.body.records];
    const cursors = [first.body.cursor];
    while (received.length < records.length) {
      const next = await pull(fixture, 'max=1000&wait=10s');
      expect(next.status).toBe(200);
      received.push(...next.body.records);
      cursors.push(next.body.cursor);
    }
    // One key: its records come in the order produced, each in the webhook body's shape.
    expect(received.map((record) => record.id)).toEqual(records.map((record) => record.id));
    expect(received[0]).toEqual({
      id: records[0]?.id,
      topic: fixture.topic,
      publisher: fixture.publisher,
      time: expect.any(String) as unknown,
      schemaId: fixture.schemaId,
      schemaVersion: 1,
      subscriptionId: fixture.subscriptionId,
      key: 'key-0',
      data: records[0]?.value,
    });
    let acknowledged = 0;
    for (const cursor of cursors) acknowledged += (await ack(fixture, cursor)).body.acknowledged;
    expect(acknowledged).toBe(records.length);
    expect((await ack(fixture, cursors[0] ?? null)).body).toEqual({ acknowledged: 0 });
    expect((await pull(fixture, 'wait=300ms')).body.records).toEqual([]);

    const audit: { count: string }[] = await dataSource.query(
      `SELECT count(*) FROM audit_log WHERE action = 'record.pull_acknowledged' AND target_id = $1`,
      [fixture.subscriptionId],
    );
    expect(Number(audit[0]?.count)).toBe(records.length);
  });

  it('hands unacknowledged records out again after the visibility timeout', async () => {
    const fixture = await createDeliveryFixture(dataSource, { prefix: PREFIX, mode: 'pull' });
    const records = await produceDeliveries(kafka, fixture, 5, { keys: 1 });
    const first = await expectEventually(async () => {
      const answer = await pull(fixture, 'max=5&wait=1s');
      expect(answer.body.records).toHaveLength(5);
      return answer.body;
    });
    // Hidden while the lease runs...
    expect((await pull(fixture, 'max=5')).body.records).toEqual([]);
    // ...and back after it, with the same ids; the first cursor no longer acknowledges them.
    const again = await pull(fixture, 'max=5&wait=10s');
    expect(again.body.records.map((record) => record.id)).toEqual(records.map((record) => record.id));
    expect((await ack(fixture, first.cursor)).body).toEqual({ acknowledged: 0 });
    expect((await ack(fixture, again.body.cursor)).body).toEqual({ acknowledged: 5 });
    const list = await call<{ deliveries: { status: string; attempts: number }[] }>(
      'GET',
      `/v1/subscriptions/${fixture.subscriptionId}/deliveries`,
      fixture.subscriberKey,
    );
    expect(list.body.deliveries.map((delivery) => [delivery.status, delivery.attempts])).toEqual(
      Array(5).fill(['delivered', 2]),
    );
  });

  it('lets only the subscribing agency pull and acknowledge', async () => {
    const fixture = await createDeliveryFixture(dataSource, { prefix: PREFIX, mode: 'pull' });
    const other = await createDeliveryFixture(dataSource, { prefix: PREFIX, mode: 'pull' });
    await produceDeliveries(kafka, fixture, 2);
    const own = await expectEventually(async () => {
      const answer = await pull(fixture, 'max=2&wait=1s');
      expect(answer.body.records).toHaveLength(2);
      return answer.body;
    });

    expect((await pull(fixture, 'max=2', other.subscriberKey)).status).toBe(404);
    expect((await call('GET', `/v1/subscriptions/${fixture.subscriptionId}/records`, null)).status).toBe(401);
    expect((await pull(fixture, 'max=2', TEST_ADMIN_KEY)).status).toBe(403);
    expect((await ack(fixture, own.cursor, other.subscriberKey)).status).toBe(404);
    // Another agency's cursor on its own subscription acknowledges nothing of this one.
    expect((await ack(other, own.cursor, other.subscriberKey)).status).toBe(400);
    expect(
      (await call('GET', `/v1/subscriptions/${fixture.subscriptionId}/deliveries`, other.subscriberKey))
        .status,
    ).toBe(404);
    expect((await ack(fixture, own.cursor)).body).toEqual({ acknowledged: 2 });

    expect((await pull(fixture, 'max=1001')).status).toBe(400);
    expect((await pull(fixture, 'wait=forever')).status).toBe(400);
    expect((await ack(fixture, 'bm90IGEgY3Vyc29y')).status).toBe(400);
    const webhook = await createDeliveryFixture(dataSource, {
      prefix: PREFIX,
      mode: 'webhook',
      webhookUrl: 'https://hooks.example.id/in',
    });
    expect((await pull(webhook, 'max=1')).status).toBe(409);
  });
});
