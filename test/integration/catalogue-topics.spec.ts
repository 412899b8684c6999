import 'reflect-metadata';
import { ConfigResourceTypes, Kafka, logLevel } from 'kafkajs';
import { registryApp } from '../../apps/registry/src/registry.app';
import { type AuditPage } from '../../apps/registry/src/catalogue/audit/audit-query.service';
import { startTestApp, type RunningApp } from '../support/apps';
import {
  CatalogueApi,
  type ErrorBody,
  kelahiranSchema,
  type TopicView,
  uniqueAgencyId,
  uniqueTopicName,
} from '../support/catalogue-fixtures';
import { testKafkajsConfig } from '../support/env';
import { expectEventually } from '../support/expect-eventually';
import { createScratchDatabase } from '../support/scratch-database';

const kafka = new Kafka({ ...testKafkajsConfig('catalogue-topics-test'), logLevel: logLevel.NOTHING });

async function kafkaTopic(name: string): Promise<{ partitions: number; retentionMs: string | undefined }> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    const metadata = await admin.fetchTopicMetadata({ topics: [name] });
    const configs = await admin.describeConfigs({
      includeSynonyms: false,
      resources: [{ type: ConfigResourceTypes.TOPIC, name, configNames: ['retention.ms'] }],
    });
    return {
      partitions: metadata.topics[0]?.partitions.length ?? 0,
      retentionMs: configs.resources[0]?.configEntries.find((entry) => entry.configName === 'retention.ms')
        ?.configValue,
    };
  } finally {
    await admin.disconnect();
  }
}

describe('catalogue: topics on the real stack', () => {
  let running: RunningApp;
  let api: CatalogueApi;

  beforeAll(async () => {
    running = await startTestApp(registryApp);
    api = new CatalogueApi(running.url);
  }, 60_000);

  afterAll(() => running?.close());

  it('creates the catalogue row, the Kafka topic and the subject ownership, audited', async () => {
    const owner = await api.createAgencyWithKey('owner');
    const other = await api.createAgencyWithKey('other');
    const name = uniqueTopicName();
    const topic = await api.expectStatus<TopicView>(201, 'POST', '/v1/topics', {
      body: {
        name,
        ownerAgencyId: owner.id,
        classification: 'confidential',
        partitions: 3,
        retentionMs: 7_200_000,
        description: 'birth registrations',
      },
    });
    expect(topic).toMatchObject({
      name,
      ownerAgencyId: owner.id,
      subject: `${name}-value`,
      classification: 'confidential',
      partitions: 3,
      retentionMs: 7_200_000,
      description: 'birth registrations',
      createdBy: 'admin:bootstrap',
      schema: null,
    });
    expect(await kafkaTopic(name)).toEqual({ partitions: 3, retentionMs: '7200000' });

    // The owner may register the topic's value schema; another agency may not.
    const schema = JSON.stringify(kelahiranSchema());
    const refused = await api.call('POST', `/subjects/${name}-value/versions`, {
      as: { basic: { user: other.id, key: other.key } },
      body: { schema },
    });
    expect(refused.status).toBe(403);
    const registered = await api.call<{ id: number }>('POST', `/subjects/${name}-value/versions`, {
      as: { basic: { user: owner.id, key: owner.key } },
      body: { schema },
    });
    expect(registered.status).toBe(200);
    const read = await api.expectStatus<TopicView>(200, 'GET', `/v1/topics/${name}`, { as: other.as });
    expect(read.schema).toEqual({ id: registered.body.id, version: 1 });

    const audit = await api.expectStatus<AuditPage>(
      200,
      'GET',
      `/v1/audit?topic=${name}&action=topic.created`,
    );
    expect(audit.entries).toHaveLength(1);
    expect(audit.entries[0]).toMatchObject({
      actor: { type: 'admin', id: 'admin:bootstrap' },
      targetId: name,
      agencyId: owner.id,
      details: {
        subject: `${name}-value`,
        partitions: 3,
        retentionMs: 7_200_000,
        classification: 'confidential',
      },
    });
  });

  it('applies the configured defaults for partitions and retention', async () => {
    const owner = await api.createAgency();
    const name = uniqueTopicName();
    const topic = await api.expectStatus<TopicView>(201, 'POST', '/v1/topics', {
      body: { name, ownerAgencyId: owner.id, classification: 'public' },
    });
    expect(topic).toMatchObject({ partitions: 3, retentionMs: 604_800_000, description: null });
    expect(await kafkaTopic(name)).toEqual({ partitions: 3, retentionMs: '604800000' });
  });

  it('lets any agency browse the catalogue, which never shows who subscribes', async () => {
    const owner = await api.createAgency();
    const browser = await api.createAgencyWithKey('browser');
    const topic = await api.createTopic(owner.id, { classification: 'internal' });
    const listed = await api.expectStatus<TopicView[]>(200, 'GET', `/v1/topics?owner=${owner.id}`, {
      as: browser.as,
    });
    expect(listed).toEqual([expect.objectContaining({ name: topic.name, ownerAgencyId: owner.id })]);
    expect(Object.keys(listed[0] ?? {}).sort()).toEqual(
      [
        'classification',
        'createdAt',
        'createdBy',
        'description',
        'name',
        'ownerAgencyId',
        'partitions',
        'retentionMs',
        'subject',
      ].sort(),
    );
    const byClassification = await api.expectStatus<TopicView[]>(
      200,
      'GET',
      '/v1/topics?classification=internal',
      {
        as: browser.as,
      },
    );
    expect(byClassification.map((item) => item.name)).toContain(topic.name);
    expect(byClassification.every((item) => item.classification === 'internal')).toBe(true);
    expect((await api.call('GET', '/v1/topics?classification=top-secret', { as: browser.as })).status).toBe(
      400,
    );
  });

  it('refuses bad topics: malformed or reserved names 400, duplicates 409, unknown owner 404, non-admin 403', async () => {
    const owner = await api.createAgencyWithKey('bad');
    const base = { ownerAgencyId: owner.id, classification: 'internal' };
    for (const name of [
      'Kependudukan.kelahiran.v1',
      'kependudukan.kelahiran',
      'kependudukan.kelahiran.v0',
      'a..v1',
    ]) {
      const response = await api.call<ErrorBody>('POST', '/v1/topics', { body: { ...base, name } });
      expect([name, response.status]).toEqual([name, 400]);
    }
    const reserved = await api.call<ErrorBody>('POST', '/v1/topics', {
      body: { ...base, name: 'penghubung.deliver.v1' },
    });
    expect(reserved.status).toBe(400);
    expect(reserved.body.error.message).toContain('reserved');
    const badRetention = await api.call<ErrorBody>('POST', '/v1/topics', {
      body: { ...base, name: uniqueTopicName(), retentionMs: 1000 },
    });
    expect(badRetention.status).toBe(400);
    expect(
      (await api.call('POST', '/v1/topics', { body: { ...base, name: uniqueTopicName(), partitions: 0 } }))
        .status,
    ).toBe(400);
    expect(
      (
        await api.call('POST', '/v1/topics', {
          body: { ...base, name: uniqueTopicName(), classification: 'open' },
        })
      ).status,
    ).toBe(400);

    const ghostOwner = await api.call<ErrorBody>('POST', '/v1/topics', {
      body: { ...base, name: uniqueTopicName(), ownerAgencyId: uniqueAgencyId('ghost') },
    });
    expect(ghostOwner.status).toBe(404);

    const topic = await api.createTopic(owner.id);
    const duplicate = await api.call<ErrorBody>('POST', '/v1/topics', {
      body: { ...base, name: topic.name },
    });
    expect(duplicate.status).toBe(409);

    const byAgency = await api.call('POST', '/v1/topics', {
      as: owner.as,
      body: { ...base, name: uniqueTopicName() },
    });
    expect(byAgency.status).toBe(403);

    expect((await api.call('GET', '/v1/topics/Not.A.Topic', { as: owner.as })).status).toBe(400);
    expect((await api.call('GET', `/v1/topics/${uniqueTopicName()}`, { as: owner.as })).status).toBe(404);
  });
});

describe('catalogue: readiness reports topics missing in Kafka', () => {
  let db: Awaited<ReturnType<typeof createScratchDatabase>>;
  let running: RunningApp;
  let api: CatalogueApi;

  beforeAll(async () => {
    db = await createScratchDatabase('catalogue_drift');
    running = await startTestApp(registryApp, { DATABASE_URL: db.url });
    api = new CatalogueApi(running.url);
  }, 60_000);

  afterAll(async () => {
    await running?.close();
    await db?.drop();
  });

  async function readiness(): Promise<{
    status: number;
    body: { checks: Record<string, { status: string; error?: string }> };
  }> {
    const response = await fetch(`${running.url}/health/ready`);
    return { status: response.status, body: (await response.json()) as never };
  }

  it('goes 503 naming the topic when it is deleted behind the catalogue, and 200 once it is back', async () => {
    const owner = await api.createAgency();
    const topic = await api.createTopic(owner.id, { partitions: 1 });
    expect((await readiness()).body.checks['catalogue-topics']).toEqual({ status: 'up' });

    const admin = kafka.admin();
    await admin.connect();
    try {
      await admin.deleteTopics({ topics: [topic.name] });
      const down = await expectEventually(async () => {
        const result = await readiness();
        expect(result.status).toBe(503);
        return result;
      });
      expect(down.body.checks['catalogue-topics']).toEqual({
        status: 'down',
        error: `1 catalogue topic(s) missing in Kafka: ${topic.name}`,
      });

      await expectEventually(() => admin.createTopics({ topics: [{ topic: topic.name, numPartitions: 1 }] }));
      await expectEventually(async () => expect((await readiness()).status).toBe(200), { timeoutMs: 30_000 });
    } finally {
      await admin.disconnect();
    }
  });
});
