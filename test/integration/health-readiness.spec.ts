import 'reflect-metadata';
import { gatewayApp } from '../../apps/gateway/src/gateway.app';
import { expectEventually } from '../support/expect-eventually';
import { startTestApp, type RunningApp } from '../support/apps';
import { KafkaBroker } from '../support/kafka-broker';

/**
 * Uses a broker of its own (not the suite's shared one) because it stops and restarts it.
 */
describe('/health/ready follows the real dependencies', () => {
  const broker = new KafkaBroker(Number(process.env.TEST_KAFKA_SPARE_PORT ?? 19192), 'kafka-test-health');
  let running: RunningApp | undefined;

  beforeAll(async () => {
    await broker.start();
    running = await startTestApp(gatewayApp, { KAFKA_BROKERS: broker.brokers });
  }, 120_000);

  afterAll(async () => {
    await running?.close();
    await broker.stop();
  }, 60_000);

  async function readiness(): Promise<{
    status: number;
    body: { status: string; checks: Record<string, { status: string }> };
  }> {
    const response = await fetch(`${running?.url}/health/ready`);
    return { status: response.status, body: (await response.json()) as never };
  }

  it('is ready with Kafka and PostgreSQL up, unavailable while Kafka is down, ready again when it is back', async () => {
    const up = await readiness();
    expect(up).toEqual({
      status: 200,
      body: { status: 'ok', checks: { kafka: { status: 'up' }, postgres: { status: 'up' } } },
    });

    await broker.stop();
    const down = await expectEventually(async () => {
      const result = await readiness();
      expect(result.status).toBe(503);
      return result;
    });
    expect(down.body.status).toBe('unavailable');
    expect(down.body.checks.kafka?.status).toBe('down');
    expect(down.body.checks.postgres?.status).toBe('up');

    const live = await fetch(`${running?.url}/health/live`);
    expect(live.status).toBe(200);

    await broker.start();
    await expectEventually(async () => expect((await readiness()).status).toBe(200), { timeoutMs: 30_000 });
  }, 120_000);

  it('serves Prometheus metrics', async () => {
    const response = await fetch(`${running?.url}/metrics`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toContain('text/plain');
    const text = await response.text();
    expect(text).toContain('process_cpu_user_seconds_total');
    expect(text).toContain('http_request_duration_seconds_bucket');
  });
});
