import 'reflect-metadata';
import { randomUUID } from 'node:crypto';
import { AuditLog } from '@app/audit';
import { createDataSource, type DataSource } from '@app/persistence';
import { registryApp } from '../../apps/registry/src/registry.app';
import { type AuditEntryView } from '../../apps/registry/src/catalogue/audit/audit-entry-view';
import { type AuditPage } from '../../apps/registry/src/catalogue/audit/audit-query.service';
import { type RecordTrail } from '../../apps/registry/src/catalogue/records/record-trail';
import { startTestApp, type RunningApp } from '../support/apps';
import { CatalogueApi, type ErrorBody, kelahiranRequest } from '../support/catalogue-fixtures';
import { TEST_DATABASE_URL } from '../support/env';

describe('catalogue: audit log API and record trails on the real stack', () => {
  let running: RunningApp;
  let api: CatalogueApi;
  let dataSource: DataSource;

  beforeAll(async () => {
    running = await startTestApp(registryApp);
    api = new CatalogueApi(running.url);
    dataSource = createDataSource(TEST_DATABASE_URL, { poolSize: 2 });
    await dataSource.initialize();
  }, 60_000);

  afterAll(async () => {
    await running?.close();
    await dataSource?.destroy();
  });

  it('filters by agency, action, actor, topic and time, newest first, page by page', async () => {
    const agency = await api.createAgencyWithKey('pages');
    for (let index = 0; index < 3; index++) await api.createKey(agency.id, agency.as);
    const all = await api.expectStatus<AuditPage>(200, 'GET', `/v1/audit?agency=${agency.id}`);
    expect(all.entries.map((entry) => entry.action)).toEqual([
      'api_key.created',
      'api_key.created',
      'api_key.created',
      'api_key.created',
      'agency.created',
    ]);
    expect(all.nextCursor).toBeNull();
    const seqs = all.entries.map((entry) => BigInt(entry.seq));
    expect([...seqs].sort((a, b) => (a > b ? -1 : 1))).toEqual(seqs);

    const pages: AuditEntryView[][] = [];
    let cursor: string | null = '';
    while (cursor !== null) {
      const page: AuditPage = await api.expectStatus<AuditPage>(
        200,
        'GET',
        `/v1/audit?agency=${agency.id}&limit=2${cursor ? `&cursor=${cursor}` : ''}`,
      );
      pages.push(page.entries);
      cursor = page.nextCursor;
    }
    expect(pages.map((page) => page.length)).toEqual([2, 2, 1]);
    expect(pages.flat().map((entry) => entry.id)).toEqual(all.entries.map((entry) => entry.id));

    const byAgencyActor = await api.expectStatus<AuditPage>(
      200,
      'GET',
      `/v1/audit?actor=${agency.id}&action=api_key.created`,
    );
    expect(byAgencyActor.entries).toHaveLength(3);
    const first = all.entries[all.entries.length - 1];
    const last = all.entries[0];
    const window = await api.expectStatus<AuditPage>(
      200,
      'GET',
      `/v1/audit?agency=${agency.id}&from=${encodeURIComponent(first?.occurredAt ?? '')}&to=${encodeURIComponent(last?.occurredAt ?? '')}`,
    );
    // `to` is exclusive: the newest entry is outside the window unless it shares the millisecond.
    expect(window.entries.length).toBeGreaterThanOrEqual(1);
    expect(window.entries.every((entry) => entry.occurredAt < (last?.occurredAt ?? ''))).toBe(true);
    const future = await api.expectStatus<AuditPage>(
      200,
      'GET',
      `/v1/audit?agency=${agency.id}&from=2999-01-01T00:00:00Z`,
    );
    expect(future.entries).toEqual([]);
  });

  it('refuses bad queries with 400', async () => {
    for (const query of [
      'limit=501',
      'limit=0',
      'limit=many',
      'recordId=not-a-uuid',
      'cursor=abc',
      'from=yesterday',
      'action=DROP%20TABLE',
      'agency=Not_A_Slug',
      'unknown=1',
    ]) {
      const response = await api.call<ErrorBody>('GET', `/v1/audit?${query}`);
      expect([query, response.status]).toEqual([query, 400]);
    }
    expect((await api.call('GET', '/v1/audit?limit=500')).status).toBe(200);
  });

  it('shows an agency its own actions, entries about it and its topics, and nothing else', async () => {
    const owner = await api.createAgencyWithKey('aud-owner');
    const subscriber = await api.createAgencyWithKey('aud-sub');
    const stranger = await api.createAgencyWithKey('aud-str');
    const topic = await api.createTopic(owner.id);
    await api.registerSchema(topic.name);
    const requested = await api.requestSubscription(subscriber.as, kelahiranRequest(topic.name));
    expect(requested.status).toBe(201);

    const ownerView = await api.expectStatus<AuditPage>(200, 'GET', `/v1/audit?topic=${topic.name}`, {
      as: owner.as,
    });
    expect(ownerView.entries.map((entry) => entry.action)).toEqual([
      'subscription.requested',
      'topic.created',
    ]);
    // Where another agency called from is not the owner's business.
    expect(ownerView.entries[0]).toMatchObject({
      actor: { id: subscriber.id },
      sourceIp: null,
      requestId: null,
    });

    const subscriberView = await api.expectStatus<AuditPage>(200, 'GET', '/v1/audit', { as: subscriber.as });
    const mine = subscriberView.entries.filter((entry) => entry.topic === topic.name);
    expect(mine.map((entry) => entry.action)).toEqual(['subscription.requested']);
    expect(mine[0]?.sourceIp).toContain('127.0.0.1');
    expect(subscriberView.entries.every((entry) => entry.action !== 'topic.created')).toBe(true);
    expect(subscriberView.entries.map((entry) => entry.agencyId ?? entry.actor.id)).not.toContain(owner.id);

    const strangerView = await api.expectStatus<AuditPage>(200, 'GET', '/v1/audit?limit=500', {
      as: stranger.as,
    });
    expect(strangerView.entries.length).toBeGreaterThan(0);
    for (const entry of strangerView.entries) {
      expect([entry.action, entry.agencyId ?? entry.actor.id]).toEqual([entry.action, stranger.id]);
    }
    const probing = await api.expectStatus<AuditPage>(200, 'GET', `/v1/audit?agency=${owner.id}`, {
      as: stranger.as,
    });
    expect(probing.entries).toEqual([]);
  });

  it('verifies the chain for admins only', async () => {
    const agency = await api.createAgencyWithKey('verify');
    const result = await api.expectStatus<{ valid: boolean; entries: number; head: string }>(
      200,
      'POST',
      '/v1/audit/verify',
    );
    expect(result.valid).toBe(true);
    expect(result.entries).toBeGreaterThan(0);
    expect(result.head).toMatch(/^[0-9a-f]{64}$/);
    expect((await api.call('POST', '/v1/audit/verify', { as: agency.as })).status).toBe(403);
  });

  it("answers a record's trail to the topic owner and admins, and 404 to everyone else", async () => {
    const owner = await api.createAgencyWithKey('trail-owner');
    const receiver = await api.createAgencyWithKey('trail-recv');
    const other = await api.createAgencyWithKey('trail-other');
    const topic = await api.createTopic(owner.id);
    const recordId = randomUUID();
    const subscriptionId = randomUUID();
    // What the gateway and the router will write.
    const audit = new AuditLog(dataSource);
    await audit.record({
      actor: { type: 'agency', id: owner.id },
      action: 'record.published',
      targetType: 'record',
      targetId: recordId,
      topic: topic.name,
      recordId,
      details: { schemaId: 7, partition: 0, offset: '42' },
    });
    // The router's batch entries name this record among others.
    const neighbour = randomUUID();
    const otherSubscription = randomUUID();
    const router = { type: 'system' as const, id: 'router' };
    const deliveredTo = (agencyId: string, subscription: string, fields: string[], recordIds: string[]) => ({
      actor: router,
      action: 'records.delivered',
      targetType: 'subscription',
      targetId: subscription,
      agencyId,
      topic: topic.name,
      details: {
        subscriptionId: subscription,
        fields,
        deliveryTopic: `penghubung.deliver.${agencyId}`,
        schemaId: 9,
        recordIds,
      },
    });
    await audit.recordMany([
      {
        actor: router,
        action: 'records.routed',
        agencyId: owner.id,
        topic: topic.name,
        details: {
          partition: 0,
          recordIds: [neighbour, recordId],
          offsets: ['41', '42'],
          schemaIds: [7, 7],
          deliveries: [1, 2],
          subscriptions: 2,
        },
      },
      deliveredTo(receiver.id, subscriptionId, ['registrationId', 'child.birthDate'], [neighbour, recordId]),
      deliveredTo(other.id, otherSubscription, ['registrationId'], [recordId]),
      deliveredTo(other.id, randomUUID(), ['child.nik'], [neighbour]),
    ]);

    const trail = await api.expectStatus<RecordTrail>(200, 'GET', `/v1/records/${recordId}/trail`, {
      as: owner.as,
    });
    expect(trail).toMatchObject({
      recordId,
      topic: topic.name,
      published: { agencyId: owner.id, offset: '42', partition: 0, schemaId: 7 },
      deliveries: [
        { agencyId: receiver.id, fields: ['registrationId', 'child.birthDate'], subscriptionId, schemaId: 9 },
        { agencyId: other.id, fields: ['registrationId'], subscriptionId: otherSubscription },
      ],
    });
    expect(trail.deliveries).toHaveLength(2);
    expect(trail.entries.map((entry) => entry.action)).toEqual([
      'record.published',
      'records.routed',
      'records.delivered',
      'records.delivered',
    ]);
    expect((await api.call('GET', `/v1/records/${recordId}/trail`)).status).toBe(200);

    for (const as of [receiver.as, other.as]) {
      const response = await api.call<ErrorBody>('GET', `/v1/records/${recordId}/trail`, { as });
      expect(response.status).toBe(404);
      expect(response.body.error.message).toBe(`record ${recordId} not found`);
    }
    expect((await api.call('GET', `/v1/records/${randomUUID()}/trail`)).status).toBe(404);
    expect((await api.call('GET', '/v1/records/not-a-uuid/trail')).status).toBe(400);

    const byRecord = await api.expectStatus<AuditPage>(200, 'GET', `/v1/audit?recordId=${recordId}`);
    expect(byRecord.entries).toHaveLength(4);
    // The receiver sees its own delivery in the audit log, not the other one.
    const receiverView = await api.expectStatus<AuditPage>(200, 'GET', `/v1/audit?recordId=${recordId}`, {
      as: receiver.as,
    });
    expect(receiverView.entries.map((entry) => [entry.action, entry.agencyId])).toEqual([
      ['records.delivered', receiver.id],
    ]);
  });
});
