import 'reflect-metadata';
import { randomUUID } from 'node:crypto';
import { gatewayApp } from '../../apps/gateway/src/gateway.app';
import { registryApp } from '../../apps/registry/src/registry.app';
import { type RunningApp, startTestApp } from '../support/apps';
import { CatalogueApi, kelahiranBirth, type TestAgency } from '../support/catalogue-fixtures';
import { expectEventually } from '../support/expect-eventually';
import { createScratchDatabase } from '../support/scratch-database';
import { TcpProxy } from '../support/tcp-proxy';

/**
 * The gateway with PostgreSQL gone for a while (a real TCP proxy in front of the real database, cut and
 * restored): what needs the database answers 503 DEPENDENCY_UNAVAILABLE, never 500; what Kafka alone can
 * take is still accepted, and its ledger entry is written once the database is back.
 */
describe('gateway while PostgreSQL is unavailable', () => {
  let db: Awaited<ReturnType<typeof createScratchDatabase>>;
  let proxy: TcpProxy;
  let registry: RunningApp;
  let gateway: RunningApp;
  let publisher: TestAgency;
  let topic: string;

  beforeAll(async () => {
    db = await createScratchDatabase('gwdown');
    const target = new URL(db.url);
    proxy = await TcpProxy.start(target.hostname, Number(target.port || 5432));
    const viaProxy = new URL(db.url);
    viaProxy.hostname = '127.0.0.1';
    viaProxy.port = String(proxy.port);
    registry = await startTestApp(registryApp, { DATABASE_URL: db.url });
    gateway = await startTestApp(gatewayApp, { DATABASE_URL: viaProxy.toString() });
    const catalogue = new CatalogueApi(registry.url);
    publisher = await catalogue.createAgencyWithKey('gwdown');
    topic = (await catalogue.createTopic(publisher.id, { partitions: 2 })).name;
    await catalogue.registerSchema(topic);
  }, 60_000);

  afterAll(async () => {
    proxy?.restore();
    await gateway?.close();
    await registry?.close();
    await proxy?.close();
    await db?.drop();
  }, 60_000);

  const publish = async (records: Record<string, unknown>[]) => {
    const response = await fetch(`${gateway.url}/v1/topics/${topic}/records`, {
      method: 'POST',
      headers: { authorization: `Bearer ${publisher.key}`, 'content-type': 'application/json' },
      body: JSON.stringify({ records }),
    });
    return {
      status: response.status,
      body: (await response.json()) as {
        records?: { id: string; offset: string }[];
        error?: { code: string; message: string };
      },
    };
  };
  const status = async (id: string) => {
    const response = await fetch(`${gateway.url}/v1/records/${id}`, {
      headers: { authorization: `Bearer ${publisher.key}` },
    });
    return {
      status: response.status,
      body: (await response.json()) as { status?: string; error?: { code: string } },
    };
  };

  it('answers 503 for what needs the database, still accepts what only needs Kafka, and catches up', async () => {
    // Up: the gateway knows the topic, its schema and the key (all kept in memory once read).
    await expectEventually(async () =>
      expect((await publish([{ value: kelahiranBirth(1) }])).status).toBe(202),
    );

    proxy.cut('refuse');
    // An id chosen by the publisher must be checked against the ledger before producing: not possible now.
    const chosen = randomUUID();
    const refused = await publish([{ id: chosen, value: kelahiranBirth(2) }]);
    expect(refused.status).toBe(503);
    expect(refused.body.error).toEqual({
      code: 'DEPENDENCY_UNAVAILABLE',
      message: expect.stringContaining('unavailable; retry') as string,
    });
    // An id the gateway draws needs no ledger look-up: Kafka acknowledges, the ledger is written later.
    const accepted = await publish([{ value: kelahiranBirth(3) }]);
    expect(accepted.status).toBe(202);
    const acceptedId = accepted.body.records?.[0]?.id ?? '';
    const lookup = await status(acceptedId);
    expect(lookup.status).toBe(503);
    expect(lookup.body.error?.code).toBe('DEPENDENCY_UNAVAILABLE');
    expect(proxy.attemptsWhileCut).toBeGreaterThan(0);

    proxy.restore();
    // The refused record can be sent again and is published once.
    const retried = await expectEventually(async () => {
      const again = await publish([{ id: chosen, value: kelahiranBirth(2) }]);
      expect(again.status).toBe(202);
      return again;
    });
    expect(retried.body.records?.[0]?.id).toBe(chosen);
    // The record accepted during the outage reaches the ledger by the background retry.
    await expectEventually(
      async () => {
        const after = await status(acceptedId);
        expect(after.status).toBe(200);
        expect(after.body.status).toBe('accepted');
      },
      { timeoutMs: 30_000 },
    );
  }, 90_000);
});
