import 'reflect-metadata';
import { KafkaClient } from '@app/kafka';
import { createDataSource, type DataSource } from '@app/persistence';
import { dispatcherApp } from '../../apps/dispatcher/src/dispatcher.app';
import { type RunningApp, startTestApp } from '../support/apps';
import {
  createDeliveryFixture,
  type DeliveryFixture,
  insertAgency,
  insertWebhookSecret,
  type ProducedDelivery,
  produceDeliveries,
  testDispatcherEnv,
  testWebhookSecretKey,
} from '../support/delivery-fixtures';
import { TEST_DATABASE_URL, testKafkaOptions } from '../support/env';
import { expectEventually } from '../support/expect-eventually';
import { WebhookReceiver } from '../support/webhook-receiver';

const PREFIX = 'dor';
const SECRET_KEY = testWebhookSecretKey();
// Forty attempts 200 ms apart: the failing record is still retrying (not dead) when the test releases it.
const SCHEDULE = ['0s', ...Array.from({ length: 39 }, () => '200ms')].join(',');

/**
 * Per-subscription ordering: with `orderedDelivery` a failing record holds the later records of its key
 * (and only of its key); without it, they go past it.
 */
describe('webhook ordering per subscription (real Kafka, PostgreSQL and HTTP receivers)', () => {
  const kafka = new KafkaClient(testKafkaOptions('test-dispatcher-ordering'));
  let dataSource: DataSource;
  let dispatcher: RunningApp;
  // One subscribing agency for both cases, so one delivery topic: the dispatcher's consumer is set up once
  // (a new agency's topic makes it subscribe again, a consumer-group rebalance that can take a while).
  let subscriber: { id: string; key: string };
  const receivers: WebhookReceiver[] = [];

  beforeAll(async () => {
    dataSource = createDataSource(TEST_DATABASE_URL, { poolSize: 2 });
    await dataSource.initialize();
    await kafka.connect();
    subscriber = await insertAgency(dataSource, PREFIX);
    dispatcher = await startTestApp(
      dispatcherApp,
      testDispatcherEnv({
        group: 'dispatcher-ordering',
        agencyPrefix: PREFIX,
        secretKey: SECRET_KEY,
        retrySchedule: SCHEDULE,
      }),
    );
  });

  afterAll(async () => {
    await dispatcher?.close();
    await Promise.allSettled(receivers.map((receiver) => receiver.close()));
    await kafka.onApplicationShutdown();
    await dataSource?.destroy();
  });

  /**
   * A subscription whose receiver answers 500 to the first record of key `key-0` until released, and 200 to
   * everything else; then that record and five more of its key, and five of key `key-1`.
   */
  async function scenario(orderedDelivery: boolean): Promise<{
    fixture: DeliveryFixture;
    receiver: WebhookReceiver;
    blocker: ProducedDelivery;
    sameKey: ProducedDelivery[];
    otherKey: ProducedDelivery[];
    release(): void;
  }> {
    let released = false;
    let blockerId = '';
    const receiver = await WebhookReceiver.start((request) => ({
      status: request.webhookId === blockerId && !released ? 500 : 200,
    }));
    receivers.push(receiver);
    const fixture = await createDeliveryFixture(dataSource, {
      prefix: PREFIX,
      mode: 'webhook',
      webhookUrl: receiver.url,
      subscriber,
      orderedDelivery,
    });
    await insertWebhookSecret(dataSource, SECRET_KEY, fixture.subscriptionId);
    // Keys alternate key-0, key-1, ...; the records of one key share a partition, so they are staged in order.
    const records = await produceDeliveries(kafka, fixture, 12, { keys: 2 });
    const [blocker, ...rest] = records;
    if (!blocker) throw new Error('no records produced');
    blockerId = blocker.id;
    return {
      fixture,
      receiver,
      blocker,
      sameKey: rest.filter((record) => record.key === blocker.key),
      otherKey: rest.filter((record) => record.key !== blocker.key),
      release: () => {
        released = true;
      },
    };
  }

  function accepted(receiver: WebhookReceiver, records: ProducedDelivery[]): number {
    const ids = receiver.acceptedIds();
    return records.filter((record) => ids.has(record.id)).length;
  }

  it('ordered (the default): a failing record holds the later records of its key, not those of other keys', async () => {
    const { receiver, blocker, sameKey, otherKey, release } = await scenario(true);
    expect(sameKey).toHaveLength(5);
    // Other keys flow, and the failing record has been tried (and refused) several times meanwhile.
    await expectEventually(
      () => {
        expect(accepted(receiver, otherKey)).toBe(otherKey.length);
        expect(receiver.requestsFor(blocker.id).length).toBeGreaterThanOrEqual(3);
      },
      { timeoutMs: 30_000 },
    );
    const seenBeforeRelease = receiver.requests.filter((request) => request.json.key === blocker.key);
    expect(seenBeforeRelease.every((request) => request.webhookId === blocker.id)).toBe(true);
    expect(seenBeforeRelease.every((request) => request.status === 500)).toBe(true);

    release();
    await expectEventually(() => expect(accepted(receiver, [blocker, ...sameKey])).toBe(sameKey.length + 1), {
      timeoutMs: 30_000,
    });
    // Once it is through, the key goes on in the order the records were staged.
    const order = receiver.accepted
      .filter((request) => request.json.key === blocker.key)
      .map((request) => request.webhookId);
    expect(order).toEqual([blocker, ...sameKey].map((record) => record.id));
  });

  it('unordered (orderedDelivery false): the later records of the key go past the failing one', async () => {
    const { receiver, blocker, sameKey, otherKey, release } = await scenario(false);
    await expectEventually(
      () => {
        expect(accepted(receiver, sameKey)).toBe(sameKey.length);
        expect(accepted(receiver, otherKey)).toBe(otherKey.length);
      },
      { timeoutMs: 30_000 },
    );
    // Everything of its key arrived while it was still failing.
    expect(accepted(receiver, [blocker])).toBe(0);
    expect(receiver.requestsFor(blocker.id).length).toBeGreaterThanOrEqual(1);

    release();
    await expectEventually(() => expect(accepted(receiver, [blocker])).toBe(1), { timeoutMs: 30_000 });
    expect(receiver.acceptedIds().size).toBe(1 + sameKey.length + otherKey.length);
  });
});
