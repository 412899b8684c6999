import 'reflect-metadata';
import { KafkaClient } from '@app/kafka';
import { createDataSource, type DataSource } from '@app/persistence';
import { dispatcherApp } from '../../apps/dispatcher/src/dispatcher.app';
import { gatewayApp } from '../../apps/gateway/src/gateway.app';
import { type RunningApp, startTestApp } from '../support/apps';
import {
  createDeliveryFixture,
  insertWebhookSecret,
  produceDeliveries,
  testWebhookSecretKey,
} from '../support/delivery-fixtures';
import { TEST_DATABASE_URL, testKafkaOptions } from '../support/env';
import { expectEventually } from '../support/expect-eventually';
import { uniqueName } from '../support/unique';
import { WebhookReceiver } from '../support/webhook-receiver';

const PREFIX = 'dds';

interface DeliveryListBody {
  endpoint: { disabled: boolean; disabledReason: string | null; failingSince: string | null } | null;
  deliveries: { recordId: string; status: string }[];
}

describe('a webhook endpoint failing continuously', () => {
  const kafka = new KafkaClient(testKafkaOptions('test-endpoint-disable'));
  const secretKey = testWebhookSecretKey();
  let dataSource: DataSource;
  let dispatcher: RunningApp;
  let gateway: RunningApp;
  let receiver: WebhookReceiver;

  beforeAll(async () => {
    dataSource = createDataSource(TEST_DATABASE_URL, { poolSize: 2 });
    await dataSource.initialize();
    await kafka.connect();
    receiver = await WebhookReceiver.start(() => ({ status: 500 }));
    dispatcher = await startTestApp(dispatcherApp, {
      DISPATCHER_GROUP_ID: uniqueName('dispatcher-disable'),
      DISPATCHER_AGENCY_PATTERN: `${PREFIX}-.*`,
      CATALOGUE_REFRESH_MS: '200',
      WEBHOOK_SECRET_KEY: secretKey,
      WEBHOOK_TIMEOUT_MS: '1000',
      // Many quick attempts: the endpoint is disabled (after 1.5 s of failures) long before they run out.
      WEBHOOK_RETRY_SCHEDULE: Array(40).fill('200ms').join(','),
      WEBHOOK_DISABLE_AFTER_MS: '1500',
      WEBHOOK_ALLOWED_HOSTS: '127.0.0.1',
      WEBHOOK_ALLOW_HTTP: 'true',
      WEBHOOK_POLL_MS: '50',
    });
    gateway = await startTestApp(gatewayApp, { CATALOGUE_REFRESH_MS: '200' });
  });

  afterAll(async () => {
    await receiver?.close();
    await dispatcher?.close();
    await gateway?.close();
    await kafka.onApplicationShutdown();
    await dataSource?.destroy();
  });

  it('is disabled with its reason for the agency, stops receiving attempts, and is enabled again by a replay', async () => {
    const fixture = await createDeliveryFixture(dataSource, {
      prefix: PREFIX,
      mode: 'webhook',
      webhookUrl: receiver.url,
    });
    await insertWebhookSecret(dataSource, secretKey, fixture.subscriptionId);
    const records = await produceDeliveries(kafka, fixture, 3);
    const list = async (): Promise<DeliveryListBody> => {
      const response = await fetch(`${gateway.url}/v1/subscriptions/${fixture.subscriptionId}/deliveries`, {
        headers: { authorization: `Bearer ${fixture.subscriberKey}` },
      });
      expect(response.status).toBe(200);
      return (await response.json()) as DeliveryListBody;
    };

    const disabled = await expectEventually(
      async () => {
        const body = await list();
        expect(body.endpoint?.disabled).toBe(true);
        return body;
      },
      { timeoutMs: 20_000 },
    );
    expect(disabled.endpoint?.disabledReason).toMatch(
      /failing without a success since .*; last error: HTTP 500/,
    );
    expect(disabled.deliveries.map((delivery) => delivery.status)).toEqual(['pending', 'pending', 'pending']);
    const audit: { actor_id: string; agency_id: string }[] = await dataSource.query(
      `SELECT actor_id, agency_id FROM audit_log WHERE action = 'webhook_endpoint.disabled' AND target_id = $1`,
      [fixture.subscriptionId],
    );
    expect(audit).toEqual([{ actor_id: 'dispatcher', agency_id: fixture.subscriber }]);
    const metrics = await (await fetch(`${dispatcher.url}/metrics`)).text();
    expect(metrics).toMatch(/penghubung_dispatcher_webhook_endpoints_disabled [1-9]/);

    // No more attempts while disabled (each counted; none answered after the count settles).
    const attemptsWhenDisabled = await expectEventually(async () => {
      const rows: { count: string }[] = await dataSource.query(
        `SELECT count(*) FROM delivery_attempts a JOIN deliveries d ON d.id = a.delivery_id WHERE d.subscription_id = $1`,
        [fixture.subscriptionId],
      );
      const before = Number(rows[0]?.count);
      expect(receiver.requests.length).toBe(before);
      return before;
    });

    receiver.respond(() => ({ status: 200 }));
    const replay = await fetch(`${gateway.url}/v1/subscriptions/${fixture.subscriptionId}/replay`, {
      method: 'POST',
      headers: { authorization: `Bearer ${fixture.subscriberKey}`, 'content-type': 'application/json' },
      body: JSON.stringify({ deadLettered: true }),
    });
    expect(replay.status).toBe(202);
    await expectEventually(
      () => expect(receiver.acceptedIds()).toEqual(new Set(records.map((record) => record.id))),
      {
        timeoutMs: 20_000,
      },
    );
    expect(receiver.requests.length).toBeGreaterThan(attemptsWhenDisabled);
    const after = await list();
    expect(after.endpoint).toMatchObject({ disabled: false, disabledReason: null });
  });
});
