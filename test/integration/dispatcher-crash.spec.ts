import 'reflect-metadata';
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { KafkaClient } from '@app/kafka';
import { createDataSource, type DataSource } from '@app/persistence';
import { Webhook } from 'standardwebhooks';
import {
  createDeliveryFixture,
  insertWebhookSecret,
  produceDeliveries,
  testWebhookSecretKey,
} from '../support/delivery-fixtures';
import { TEST_DATABASE_URL, testKafkaOptions, testEnv } from '../support/env';
import { expectEventually } from '../support/expect-eventually';
import { uniqueName } from '../support/unique';
import { WebhookReceiver } from '../support/webhook-receiver';

const ROOT = join(__dirname, '..', '..');
const MAIN = join(ROOT, 'dist', 'apps', 'dispatcher', 'src', 'main.js');
const PREFIX = 'dkl';

/** The built dispatcher as a real process (SIGKILL must kill it without any chance to clean up). */
function startDispatcher(env: Record<string, string>): {
  child: ChildProcess;
  output: () => string;
  exited: Promise<number | null>;
} {
  if (!existsSync(MAIN)) throw new Error(`${MAIN} is missing: run 'npm run build' (npm test does it)`);
  const child = spawn(process.execPath, [MAIN], { env: { PATH: process.env.PATH ?? '', ...env }, cwd: ROOT });
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return { child, output: () => output, exited };
}

describe('dispatcher killed with SIGKILL mid-delivery', () => {
  const kafka = new KafkaClient(testKafkaOptions('test-dispatcher-crash'));
  let dataSource: DataSource;
  let receiver: WebhookReceiver;
  const children: ChildProcess[] = [];

  beforeAll(async () => {
    dataSource = createDataSource(TEST_DATABASE_URL, { poolSize: 2 });
    await dataSource.initialize();
    await kafka.connect();
    // Slow enough that requests are in flight when the process dies.
    receiver = await WebhookReceiver.start(() => ({ status: 200, delayMs: 50 }));
  });

  afterAll(async () => {
    for (const child of children) if (child.exitCode === null) child.kill('SIGKILL');
    await receiver?.close();
    await kafka.onApplicationShutdown();
    await dataSource?.destroy();
  });

  it('delivers every record after a restart; repeats carry the same webhook-id, so the receiver dedupes them', async () => {
    const key = testWebhookSecretKey();
    const fixture = await createDeliveryFixture(dataSource, {
      prefix: PREFIX,
      mode: 'webhook',
      webhookUrl: receiver.url,
    });
    const secret = await insertWebhookSecret(dataSource, key, fixture.subscriptionId);
    const env = testEnv({
      DISPATCHER_PORT: '0',
      DISPATCHER_GROUP_ID: uniqueName('dispatcher-crash'),
      DISPATCHER_AGENCY_PATTERN: `${PREFIX}-.*`,
      CATALOGUE_REFRESH_MS: '200',
      WEBHOOK_SECRET_KEY: key,
      WEBHOOK_TIMEOUT_MS: '1000',
      WEBHOOK_RETRY_SCHEDULE: '0s,100ms,200ms,500ms,1s,1s,1s',
      WEBHOOK_ALLOWED_HOSTS: '127.0.0.1',
      WEBHOOK_ALLOW_HTTP: 'true',
      WEBHOOK_POLL_MS: '50',
    });

    const first = startDispatcher(env);
    children.push(first.child);
    const records = await produceDeliveries(kafka, fixture, 400, { keys: 40 });
    await expectEventually(() => expect(receiver.accepted.length).toBeGreaterThanOrEqual(60), {
      timeoutMs: 40_000,
    });
    first.child.kill('SIGKILL');
    expect(await first.exited).toBeNull();
    const deliveredBeforeKill = receiver.acceptedIds().size;
    expect(deliveredBeforeKill).toBeLessThan(records.length);

    const second = startDispatcher(env);
    children.push(second.child);
    await expectEventually(() => expect(receiver.acceptedIds().size).toBe(records.length), {
      timeoutMs: 60_000,
    }).catch((error: unknown) => {
      throw new Error(`${String(error)}\nrestarted dispatcher output:\n${second.output().slice(-3_000)}`);
    });
    const ids = receiver.acceptedIds();
    for (const record of records) expect(ids.has(record.id)).toBe(true);
    for (const request of receiver.accepted) {
      expect(
        new Webhook(secret).verify(request.body, {
          'webhook-id': request.webhookId,
          'webhook-timestamp': request.timestamp,
          'webhook-signature': request.signature,
        }),
      ).toBeTruthy();
    }
    await expectEventually(async () => {
      const rows: { status: string; count: string }[] = await dataSource.query(
        'SELECT status, count(*) FROM deliveries WHERE subscription_id = $1 GROUP BY status',
        [fixture.subscriptionId],
      );
      expect(rows).toEqual([{ status: 'delivered', count: String(records.length) }]);
    });
    second.child.kill('SIGTERM');
    await second.exited;
  }, 120_000);
});
