import 'reflect-metadata';
import { createDataSource, type DataSource } from '@app/persistence';
import { registryApp } from '../../apps/registry/src/registry.app';
import { type AuditPage } from '../../apps/registry/src/catalogue/audit/audit-query.service';
import { startTestApp, type RunningApp } from '../support/apps';
import {
  CatalogueApi,
  type Credentials,
  type ErrorBody,
  inDays,
  kelahiranRequest,
  kelahiranSchema,
  type SubscriptionView,
  type TestAgency,
  type TopicView,
  uniqueTopicName,
} from '../support/catalogue-fixtures';
import { TEST_DATABASE_URL } from '../support/env';
import { expectEventually } from '../support/expect-eventually';

type SubscriptionResponse = SubscriptionView & ErrorBody;

interface Scenario {
  owner: TestAgency;
  subscriber: TestAgency;
  stranger: TestAgency;
  topic: TopicView;
}

describe('catalogue: subscriptions on the real stack', () => {
  let running: RunningApp;
  let api: CatalogueApi;
  let dataSource: DataSource;

  beforeAll(async () => {
    // No sweep here: these tests see expiry computed on read; the sweep has a test of its own.
    running = await startTestApp(registryApp, {
      SUBSCRIPTION_EXPIRY_SWEEP_MS: '0',
      SUBSCRIPTION_MAX_EXPIRY_DAYS: '400',
      WEBHOOK_ALLOWED_HOSTS: '10.10.0.0/16',
    });
    api = new CatalogueApi(running.url);
    dataSource = createDataSource(TEST_DATABASE_URL, { poolSize: 2 });
    await dataSource.initialize();
  }, 60_000);

  afterAll(async () => {
    await running?.close();
    await dataSource?.destroy();
  });

  async function scenario(options: { schema?: boolean } = {}): Promise<Scenario> {
    const [owner, subscriber, stranger] = await Promise.all([
      api.createAgencyWithKey('owner'),
      api.createAgencyWithKey('sub'),
      api.createAgencyWithKey('stranger'),
    ]);
    const topic = await api.createTopic(owner.id);
    if (options.schema ?? true) await api.registerSchema(topic.name);
    return { owner, subscriber, stranger, topic };
  }

  async function pending(s: Scenario, overrides: Record<string, unknown> = {}): Promise<SubscriptionView> {
    const response = await api.requestSubscription(
      s.subscriber.as,
      kelahiranRequest(s.topic.name, overrides),
    );
    if (response.status !== 201) throw new Error(`request failed: ${JSON.stringify(response.body)}`);
    return response.body;
  }

  function decide(
    as: Credentials,
    id: string,
    decision: string,
    reason = `${decision} in test`,
  ): Promise<{ status: number; body: SubscriptionResponse }> {
    return api.call<SubscriptionResponse>('POST', `/v1/subscriptions/${id}/${decision}`, {
      as,
      body: { reason },
    });
  }

  async function active(s: Scenario, overrides: Record<string, unknown> = {}): Promise<SubscriptionView> {
    const subscription = await pending(s, overrides);
    const approved = await decide(s.owner.as, subscription.id, 'approve');
    if (approved.status !== 200) throw new Error(`approve failed: ${JSON.stringify(approved.body)}`);
    return approved.body;
  }

  it('takes a request with projection and filter to approval, registering the projected schema', async () => {
    const s = await scenario();
    const requested = await api.requestSubscription(
      s.subscriber.as,
      kelahiranRequest(s.topic.name, {
        fields: ['registrationId', 'child.nik', 'child.birthDate', 'child.birthPlace'],
        filter: "child.birthPlace.provinceCode == '31' AND child.birthDate >= '2024-01-01'",
        deliveryMode: 'kafka',
      }),
    );
    expect(requested.status).toBe(201);
    expect(requested.body).toMatchObject({
      topic: s.topic.name,
      agencyId: s.subscriber.id,
      status: 'pending',
      deliveryMode: 'kafka',
      // A record named whole is stored as its leaves: later fields of Wilayah reach nobody.
      fields: [
        'registrationId',
        'child.nik',
        'child.birthDate',
        'child.birthPlace.regencyCode',
        'child.birthPlace.regencyName',
        'child.birthPlace.provinceCode',
      ],
      filter: "child.birthPlace.provinceCode == '31' and child.birthDate >= '2024-01-01'",
      projectedSubject: null,
      createdBy: `agency:${s.subscriber.id}`,
    });
    const id = requested.body.id;

    expect((await decide(s.subscriber.as, id, 'approve')).status).toBe(403);
    const approved = await decide(s.owner.as, id, 'approve', 'legal basis checked by our DPO');
    expect(approved.status).toBe(200);
    expect(approved.body).toMatchObject({
      status: 'active',
      statusReason: 'legal basis checked by our DPO',
      decidedBy: `agency:${s.owner.id}`,
      projectedSubject: `penghubung.subscription.${id}-value`,
    });

    const latest = await api.expectStatus<{ schema: string }>(
      200,
      'GET',
      `/subjects/penghubung.subscription.${id}-value/versions/latest`,
    );
    const projected = JSON.parse(latest.schema) as {
      name: string;
      fields: { name: string; type: unknown }[];
    };
    expect(projected.name).toBe('Kelahiran');
    expect(projected.fields.map((field) => field.name)).toEqual(['registrationId', 'child']);
    expect(latest.schema).not.toContain('motherNik');
    expect(latest.schema).not.toContain('fullName');
    expect(latest.schema).toContain('provinceCode');

    const audit = await api.expectStatus<AuditPage>(200, 'GET', `/v1/audit?topic=${s.topic.name}`, {
      as: s.owner.as,
    });
    const actions = audit.entries.map((entry) => `${entry.action}:${entry.actor.id}`).reverse();
    expect(actions).toEqual([
      `topic.created:admin:bootstrap`,
      `subscription.requested:${s.subscriber.id}`,
      `subscription.approved:${s.owner.id}`,
    ]);
  });

  it('refuses projections that do not fit the schema with 422 naming the paths', async () => {
    const s = await scenario();
    const cases: [string[], string, RegExp][] = [
      [['registrationId', 'child.nama'], 'child.nama', /unknown field 'nama'/],
      [['*'], '*', /wildcards are not supported/],
      [['registrationId.length'], 'registrationId.length', /./],
      [['registrationId', 'registrationId'], 'registrationId', /more than once/],
      [
        ['child.birthPlace', 'child.birthPlace.regencyCode'],
        'child.birthPlace.regencyCode',
        /already selected/,
      ],
    ];
    for (const [fields, path, message] of cases) {
      const response = await api.requestSubscription(
        s.subscriber.as,
        kelahiranRequest(s.topic.name, { fields }),
      );
      expect([fields, response.status, response.body.error.code]).toEqual([fields, 422, 'SCHEMA_VIOLATION']);
      const issues = (response.body.error.details as { fields: { path: string; message: string }[] }).fields;
      expect(issues).toContainEqual({ path, message: expect.stringMatching(message) as unknown });
    }
    const empty = await api.requestSubscription(
      s.subscriber.as,
      kelahiranRequest(s.topic.name, { fields: [] }),
    );
    expect(empty.status).toBe(400);
  });

  it('insists that personal and sensitive fields be named one by one', async () => {
    const s = await scenario();
    const implied = await api.requestSubscription(
      s.subscriber.as,
      kelahiranRequest(s.topic.name, { fields: ['registrationId', 'child'], filter: undefined }),
    );
    expect(implied.status).toBe(422);
    expect(implied.body.error.message).toContain(
      'child.nik, child.fullName, child.birthDate, child.birthWeightGrams',
    );
    const paths = (implied.body.error.details as { fields: { path: string }[] }).fields.map(
      (issue) => issue.path,
    );
    expect(paths).toEqual(['child.nik', 'child.fullName', 'child.birthDate', 'child.birthWeightGrams']);

    const explicit = await api.requestSubscription(
      s.subscriber.as,
      kelahiranRequest(s.topic.name, {
        fields: ['registrationId', 'child.nik', 'child.fullName', 'child.sex', 'child.birthPlace'],
      }),
    );
    expect(explicit.status).toBe(201);
  });

  it('refuses filters that do not parse or do not type-check with 422 and the position', async () => {
    const s = await scenario();
    const cases: [string, number, RegExp][] = [
      ['child.birthPlace.provinceCode == ', 33, /expected a value after '=='/],
      ["child.sex == 'LAKI_LAKI' and (registrationOffice == 'x'", 55, /expected '\)'/],
      ['child.birthDate >= 5', 19, /ISO date string/],
      ["child.nama == 'x'", 6, /unknown field 'nama'/],
      ["child.sex == 'MALE'", 13, /not a symbol of enum/],
    ];
    for (const [filter, position, message] of cases) {
      const response = await api.requestSubscription(
        s.subscriber.as,
        kelahiranRequest(s.topic.name, { filter }),
      );
      expect([filter, response.status]).toEqual([filter, 422]);
      const issues = (response.body.error.details as { filter: { position: number; message: string }[] })
        .filter;
      expect([filter, issues[0]?.position]).toEqual([filter, position]);
      expect(issues[0]?.message).toMatch(message);
      expect(response.body.error.message).toContain(`position ${position}`);
    }
    const tooLong = await api.requestSubscription(
      s.subscriber.as,
      kelahiranRequest(s.topic.name, { filter: `registrationOffice == '${'x'.repeat(5000)}'` }),
    );
    expect(tooLong.status).toBe(400);
  });

  it('calls only public HTTPS webhooks unless the allow-list permits a private one', async () => {
    const s = await scenario();
    const refused = [
      ['http://93.184.215.14/hook', /must use https/],
      ['https://127.0.0.1/hook', /127\.0\.0\.1 is a loopback, private/],
      ['https://192.168.1.20/hook', /192\.168\.1\.20/],
      ['https://169.254.169.254/latest/meta-data', /169\.254\.169\.254/],
      ['https://[::1]:8443/hook', /::1/],
      ['https://localhost/hook', /127\.0\.0\.1 \(host 'localhost' resolves to it\)/],
      ['https://user:pass@93.184.215.14/hook', /credentials/],
    ] as const;
    for (const [webhookUrl, reason] of refused) {
      const response = await api.requestSubscription(
        s.subscriber.as,
        kelahiranRequest(s.topic.name, { deliveryMode: 'webhook', webhookUrl }),
      );
      expect([webhookUrl, response.status]).toEqual([webhookUrl, 422]);
      expect(response.body.error.message).toMatch(reason);
    }
    for (const webhookUrl of ['https://93.184.215.14/penghubung', 'https://10.10.4.2:8443/hook']) {
      const response = await api.requestSubscription(
        s.subscriber.as,
        kelahiranRequest(s.topic.name, { deliveryMode: 'webhook', webhookUrl }),
      );
      expect([webhookUrl, response.status]).toEqual([webhookUrl, 201]);
      expect(response.body.webhookUrl).toBe(webhookUrl);
    }
    const missing = await api.requestSubscription(
      s.subscriber.as,
      kelahiranRequest(s.topic.name, { deliveryMode: 'webhook' }),
    );
    expect(missing.status).toBe(400);
    const misplaced = await api.requestSubscription(
      s.subscriber.as,
      kelahiranRequest(s.topic.name, { deliveryMode: 'pull', webhookUrl: 'https://93.184.215.14/x' }),
    );
    expect(misplaced.status).toBe(400);
  });

  it('lets a webhook subscription opt out of per-key ordering, on request and by amendment, and refuses it elsewhere', async () => {
    const s = await scenario();
    const webhook = { deliveryMode: 'webhook', webhookUrl: 'https://93.184.215.14/penghubung' };
    // Default: ordered, for every mode.
    expect((await pending(s, webhook)).orderedDelivery).toBe(true);
    expect((await pending(s, { deliveryMode: 'pull' })).orderedDelivery).toBe(true);
    const unordered = await active(s, { ...webhook, orderedDelivery: false });
    expect(unordered.orderedDelivery).toBe(false);
    const stored: { ordered_delivery: boolean }[] = await dataSource.query(
      'SELECT ordered_delivery FROM subscriptions WHERE id = $1',
      [unordered.id],
    );
    expect(stored).toEqual([{ ordered_delivery: false }]);
    const requested = await api.expectStatus<AuditPage>(
      200,
      'GET',
      `/v1/audit?action=subscription.requested&topic=${s.topic.name}`,
    );
    expect(requested.entries.find((entry) => entry.targetId === unordered.id)?.details).toMatchObject({
      orderedDelivery: false,
    });

    // Bad input is a precise 400, never a 500.
    for (const orderedDelivery of ['no', 0, null, 'false']) {
      const response = await api.requestSubscription(
        s.subscriber.as,
        kelahiranRequest(s.topic.name, { ...webhook, orderedDelivery }),
      );
      expect([orderedDelivery, response.status, response.body.error.code]).toEqual([
        orderedDelivery,
        400,
        'VALIDATION_FAILED',
      ]);
      expect(JSON.stringify(response.body.error.details)).toContain('orderedDelivery must be true or false');
    }
    for (const deliveryMode of ['kafka', 'pull']) {
      const response = await api.requestSubscription(
        s.subscriber.as,
        kelahiranRequest(s.topic.name, { deliveryMode, orderedDelivery: false }),
      );
      expect([deliveryMode, response.status]).toEqual([deliveryMode, 400]);
      expect(response.body.error.message).toBe(
        `orderedDelivery: false is only for deliveryMode webhook, not ${deliveryMode} (its subscriber reads in its own order)`,
      );
    }

    // Amendments carry it over while the mode stays webhook ...
    const carried = await api.expectStatus<SubscriptionView>(
      201,
      'POST',
      `/v1/subscriptions/${unordered.id}/amend`,
      {
        as: s.subscriber.as,
        body: { purpose: 'same order as before' },
      },
    );
    expect(carried.orderedDelivery).toBe(false);
    await decide(s.subscriber.as, carried.id, 'end');
    // ... change it ...
    const ordered = await api.expectStatus<SubscriptionView>(
      201,
      'POST',
      `/v1/subscriptions/${unordered.id}/amend`,
      {
        as: s.subscriber.as,
        body: { orderedDelivery: true },
      },
    );
    expect(ordered.orderedDelivery).toBe(true);
    await decide(s.subscriber.as, ordered.id, 'end');
    // ... drop it with the webhook (a pull amendment is ordered), and refuse it without a webhook.
    const toPull = await api.expectStatus<SubscriptionView>(
      201,
      'POST',
      `/v1/subscriptions/${unordered.id}/amend`,
      {
        as: s.subscriber.as,
        body: { deliveryMode: 'pull', webhookUrl: null },
      },
    );
    expect(toPull.orderedDelivery).toBe(true);
    await decide(s.subscriber.as, toPull.id, 'end');
    const refused = await api.call<ErrorBody>('POST', `/v1/subscriptions/${unordered.id}/amend`, {
      as: s.subscriber.as,
      body: { deliveryMode: 'pull', webhookUrl: null, orderedDelivery: false },
    });
    expect(refused.status).toBe(400);
    expect(refused.body.error.message).toContain('only for deliveryMode webhook');
    const malformed = await api.call<ErrorBody>('POST', `/v1/subscriptions/${unordered.id}/amend`, {
      as: s.subscriber.as,
      body: { orderedDelivery: 'yes' },
    });
    expect([malformed.status, malformed.body.error.code]).toEqual([400, 'VALIDATION_FAILED']);
  });

  it('refuses bad requests: unknown or malformed topic, no schema yet, blank purpose, bad expiry, for another agency', async () => {
    const s = await scenario({ schema: false });
    const noSchema = await api.requestSubscription(s.subscriber.as, kelahiranRequest(s.topic.name));
    expect(noSchema.status).toBe(409);
    expect(noSchema.body.error.message).toContain(`has no schema yet`);

    await api.registerSchema(s.topic.name);
    const cases: [Record<string, unknown>, number][] = [
      [{ topic: uniqueTopicName() }, 404],
      [{ topic: 'Not A Topic' }, 400],
      [{ purpose: '   ' }, 400],
      [{ purpose: undefined }, 400],
      [{ legalBasis: '' }, 400],
      [{ legalBasis: 'x'.repeat(1001) }, 400],
      [{ expiresAt: '2020-01-01T00:00:00Z' }, 400],
      [{ expiresAt: inDays(401) }, 400],
      [{ expiresAt: '2027-01-01' }, 400],
      [{ deliveryMode: 'carrier-pigeon' }, 400],
      [{ agencyId: s.stranger.id }, 403],
      [{ extra: true }, 400],
    ];
    for (const [overrides, status] of cases) {
      const response = await api.requestSubscription(
        s.subscriber.as,
        kelahiranRequest(s.topic.name, overrides),
      );
      expect([overrides, response.status]).toEqual([overrides, status]);
    }

    // An admin requests on an agency's behalf, and must say which.
    const onBehalf = await api.call<SubscriptionView>('POST', '/v1/subscriptions', {
      body: kelahiranRequest(s.topic.name, { agencyId: s.subscriber.id }),
    });
    expect(onBehalf.status).toBe(201);
    expect(onBehalf.body).toMatchObject({ agencyId: s.subscriber.id, createdBy: 'admin:bootstrap' });
    expect(
      (await api.call('POST', '/v1/subscriptions', { body: kelahiranRequest(s.topic.name) })).status,
    ).toBe(400);
  });

  it('shows a subscription only to the subscriber, the topic owner and admins; everyone else gets 404', async () => {
    const s = await scenario();
    const subscription = await pending(s, {
      deliveryMode: 'webhook',
      webhookUrl: 'https://93.184.215.14/private-path?token=abc',
    });
    const path = `/v1/subscriptions/${subscription.id}`;

    const bySubscriber = await api.expectStatus<SubscriptionView>(200, 'GET', path, { as: s.subscriber.as });
    expect(bySubscriber.webhookUrl).toBe('https://93.184.215.14/private-path?token=abc');
    const byOwner = await api.expectStatus<SubscriptionView>(200, 'GET', path, { as: s.owner.as });
    expect(byOwner).toMatchObject({ id: subscription.id, webhookUrl: null });
    expect((await api.expectStatus<SubscriptionView>(200, 'GET', path)).webhookUrl).not.toBeNull();

    const stranger = await api.call<ErrorBody>('GET', path, { as: s.stranger.as });
    expect(stranger.status).toBe(404);
    expect(stranger.body.error.message).toBe(`subscription ${subscription.id} not found`);
    for (const decision of ['approve', 'reject', 'suspend', 'resume', 'end']) {
      expect([decision, (await decide(s.stranger.as, subscription.id, decision)).status]).toEqual([
        decision,
        404,
      ]);
    }
    const amend = await api.call('POST', `${path}/amend`, {
      as: s.stranger.as,
      body: { purpose: 'mine now' },
    });
    expect(amend.status).toBe(404);

    const strangerList = await api.expectStatus<SubscriptionView[]>(
      200,
      'GET',
      `/v1/subscriptions?topic=${s.topic.name}`,
      { as: s.stranger.as },
    );
    expect(strangerList).toEqual([]);
    const ownerList = await api.expectStatus<SubscriptionView[]>(
      200,
      'GET',
      `/v1/subscriptions?topic=${s.topic.name}`,
      {
        as: s.owner.as,
      },
    );
    expect(ownerList.map((item) => item.id)).toEqual([subscription.id]);
    const subscriberList = await api.expectStatus<SubscriptionView[]>(200, 'GET', '/v1/subscriptions', {
      as: s.subscriber.as,
    });
    expect(subscriberList.map((item) => item.id)).toEqual([subscription.id]);

    // The audit log of a stranger holds nothing about it either.
    const strangerAudit = await api.expectStatus<AuditPage>(200, 'GET', `/v1/audit?topic=${s.topic.name}`, {
      as: s.stranger.as,
    });
    expect(strangerAudit.entries).toEqual([]);

    expect((await api.call('GET', '/v1/subscriptions/not-a-uuid', { as: s.subscriber.as })).status).toBe(400);
    expect((await api.call('GET', '/v1/subscriptions/6f1c7e0e-8a47-4bb6-9c43-1d1f1d1a2b3c')).status).toBe(
      404,
    );
  });

  it('validates every status transition and who may make it', async () => {
    const s = await scenario();
    const rejected = await pending(s);
    const rejection = await decide(s.owner.as, rejected.id, 'reject', 'no legal basis for NIK');
    expect(rejection.body).toMatchObject({ status: 'rejected', statusReason: 'no legal basis for NIK' });
    for (const decision of ['approve', 'reject', 'suspend', 'resume', 'end']) {
      const response = await decide(s.owner.as, rejected.id, decision);
      expect([decision, response.status]).toEqual([decision, 409]);
    }
    expect(
      (await api.call('POST', `/v1/subscriptions/${rejected.id}/approve`, { as: s.owner.as, body: {} }))
        .status,
    ).toBe(400);

    const subscription = await pending(s);
    expect((await decide(s.owner.as, subscription.id, 'suspend')).status).toBe(409);
    expect((await decide(s.owner.as, subscription.id, 'resume')).status).toBe(409);
    expect((await decide(s.subscriber.as, subscription.id, 'reject')).status).toBe(403);
    expect((await decide(s.owner.as, subscription.id, 'approve')).status).toBe(200);
    expect((await decide(s.owner.as, subscription.id, 'approve')).status).toBe(409);

    // Either side may suspend; the subscriber may resume only what it suspended itself.
    expect((await decide(s.subscriber.as, subscription.id, 'suspend', 'maintenance')).body.status).toBe(
      'suspended',
    );
    expect((await decide(s.subscriber.as, subscription.id, 'resume', 'back')).body.status).toBe('active');
    expect((await decide(s.owner.as, subscription.id, 'suspend', 'suspected misuse')).body.status).toBe(
      'suspended',
    );
    expect((await decide(s.subscriber.as, subscription.id, 'resume')).status).toBe(403);
    expect((await decide(s.owner.as, subscription.id, 'resume', 'cleared')).body.status).toBe('active');

    const ended = await decide(s.subscriber.as, subscription.id, 'end', 'programme finished');
    expect(ended.body).toMatchObject({ status: 'ended', decidedBy: `agency:${s.subscriber.id}` });
    expect((await decide(s.subscriber.as, subscription.id, 'end')).status).toBe(409);

    const page = await api.expectStatus<AuditPage>(200, 'GET', `/v1/audit?topic=${s.topic.name}&limit=50`);
    const trail = page.entries
      .filter((entry) => entry.targetId === subscription.id)
      .map((entry) => `${entry.action}:${entry.actor.id}`)
      .reverse();
    expect(trail).toEqual([
      `subscription.requested:${s.subscriber.id}`,
      `subscription.approved:${s.owner.id}`,
      `subscription.suspended:${s.subscriber.id}`,
      `subscription.resumed:${s.subscriber.id}`,
      `subscription.suspended:${s.owner.id}`,
      `subscription.resumed:${s.owner.id}`,
      `subscription.ended:${s.subscriber.id}`,
    ]);
  });

  it('amends by a new pending subscription that replaces the old one only when approved', async () => {
    const s = await scenario();
    const original = await active(s);
    const amendment = await api.call<SubscriptionResponse>('POST', `/v1/subscriptions/${original.id}/amend`, {
      as: s.subscriber.as,
      body: { fields: [...original.fields, 'child.sex'], filter: null, purpose: 'also by sex' },
    });
    expect(amendment.status).toBe(201);
    expect(amendment.body).toMatchObject({
      status: 'pending',
      supersedes: original.id,
      filter: null,
      purpose: 'also by sex',
      legalBasis: original.legalBasis,
      // Schema order, as expandProjection gives it.
      fields: [
        'registrationId',
        'child.nik',
        'child.sex',
        'child.birthDate',
        'child.birthPlace.regencyCode',
        'child.birthPlace.regencyName',
        'child.birthPlace.provinceCode',
      ],
    });
    const stillActive = await api.expectStatus<SubscriptionView>(
      200,
      'GET',
      `/v1/subscriptions/${original.id}`,
    );
    expect(stillActive.status).toBe('active');

    const second = await api.call<ErrorBody>('POST', `/v1/subscriptions/${original.id}/amend`, {
      as: s.subscriber.as,
      body: { purpose: 'again' },
    });
    expect(second.status).toBe(409);
    expect(second.body.error.message).toContain(amendment.body.id);
    const byOwner = await api.call('POST', `/v1/subscriptions/${original.id}/amend`, {
      as: s.owner.as,
      body: { purpose: 'owner edits' },
    });
    expect(byOwner.status).toBe(403);
    const badFields = await api.call('POST', `/v1/subscriptions/${original.id}/amend`, {
      as: s.subscriber.as,
      body: { fields: ['child'] },
    });
    expect(badFields.status).toBe(422);

    const approved = await decide(
      s.owner.as,
      amendment.body.id,
      'approve',
      'sex is needed for the statistics',
    );
    expect(approved.body.status).toBe('active');
    const replaced = await api.expectStatus<SubscriptionView>(200, 'GET', `/v1/subscriptions/${original.id}`);
    expect(replaced).toMatchObject({ status: 'ended', statusReason: `superseded by ${amendment.body.id}` });

    const page = await api.expectStatus<AuditPage>(200, 'GET', `/v1/audit?topic=${s.topic.name}&limit=10`);
    expect(page.entries.slice(0, 3).map((entry) => [entry.action, entry.targetId])).toEqual([
      ['subscription.ended', original.id],
      ['subscription.approved', amendment.body.id],
      ['subscription.amended', amendment.body.id],
    ]);
    expect(page.entries[0]?.details).toMatchObject({ supersededBy: amendment.body.id });

    // A pending request cannot be amended; an ended one neither.
    const fresh = await pending(s);
    expect(
      (await api.call('POST', `/v1/subscriptions/${fresh.id}/amend`, { as: s.subscriber.as, body: {} }))
        .status,
    ).toBe(409);
    expect(
      (await api.call('POST', `/v1/subscriptions/${original.id}/amend`, { as: s.subscriber.as, body: {} }))
        .status,
    ).toBe(409);
  });

  it('keeps approved fields when the schema evolves, and refuses to approve terms the new schema lacks', async () => {
    const s = await scenario();
    const approved = await active(s, { fields: ['registrationId', 'certificateNumber'], filter: undefined });
    const waiting = await pending(s, { fields: ['registrationId', 'certificateNumber'], filter: undefined });

    const schema = kelahiranSchema() as { fields: { name: string }[] };
    const evolved = {
      ...schema,
      fields: [
        ...schema.fields.filter((field) => field.name !== 'certificateNumber'),
        { name: 'notes', type: ['null', 'string'], default: null, classification: 'internal' },
      ],
    };
    await api.registerSchema(s.topic.name, evolved);

    const unchanged = await api.expectStatus<SubscriptionView>(
      200,
      'GET',
      `/v1/subscriptions/${approved.id}`,
    );
    expect(unchanged.fields).toEqual(['registrationId', 'certificateNumber']);
    const refused = await decide(s.owner.as, waiting.id, 'approve');
    expect(refused.status).toBe(409);
    expect(refused.body.error.message).toContain('no longer fits the latest schema');
    expect(refused.body.error.message).toContain('certificateNumber');
    const stillPending = await api.expectStatus<SubscriptionView>(
      200,
      'GET',
      `/v1/subscriptions/${waiting.id}`,
    );
    expect(stillPending.status).toBe('pending');
  });

  it('reads a subscription as expired once its expiry has passed, and allows no more transitions', async () => {
    const s = await scenario();
    const subscription = await active(s);
    // This app does not sweep: the API computes expiry on read. (The status column is not asserted:
    // a registry of another test file may sweep the shared database meanwhile.)
    await dataSource.query(
      "UPDATE subscriptions SET expires_at = now() - interval '1 second' WHERE id = $1",
      [subscription.id],
    );
    const read = await api.expectStatus<SubscriptionView>(200, 'GET', `/v1/subscriptions/${subscription.id}`);
    expect(read.status).toBe('expired');
    const expiredList = await api.expectStatus<SubscriptionView[]>(
      200,
      'GET',
      `/v1/subscriptions?topic=${s.topic.name}&status=expired`,
    );
    expect(expiredList.map((item) => item.id)).toEqual([subscription.id]);
    const activeList = await api.expectStatus<SubscriptionView[]>(
      200,
      'GET',
      `/v1/subscriptions?topic=${s.topic.name}&status=active`,
    );
    expect(activeList).toEqual([]);
    const suspend = await decide(s.owner.as, subscription.id, 'suspend');
    expect(suspend.status).toBe(409);
    expect(suspend.body.error.message).toContain('expired');
  });

  it('sweeps lapsed subscriptions to expired, with an audit entry by the system', async () => {
    const s = await scenario();
    const subscription = await active(s);
    await dataSource.query(
      "UPDATE subscriptions SET expires_at = now() - interval '1 second' WHERE id = $1",
      [subscription.id],
    );
    const sweeping = await startTestApp(registryApp, { SUBSCRIPTION_EXPIRY_SWEEP_MS: '200' });
    try {
      await expectEventually(async () => {
        const stored: { status: string }[] = await dataSource.query(
          'SELECT status FROM subscriptions WHERE id = $1',
          [subscription.id],
        );
        expect(stored).toEqual([{ status: 'expired' }]);
      });
    } finally {
      await sweeping.close();
    }
    const page = await api.expectStatus<AuditPage>(
      200,
      'GET',
      `/v1/audit?topic=${s.topic.name}&action=subscription.expired`,
      { as: s.subscriber.as },
    );
    expect(page.entries).toHaveLength(1);
    expect(page.entries[0]).toMatchObject({
      actor: { type: 'system', id: 'registry' },
      targetId: subscription.id,
      agencyId: s.subscriber.id,
      details: { from: 'active' },
    });
  });
});

describe('catalogue: webhook allow-list by host name', () => {
  let running: RunningApp;
  let api: CatalogueApi;

  beforeAll(async () => {
    running = await startTestApp(registryApp, { WEBHOOK_ALLOWED_HOSTS: 'localhost' });
    api = new CatalogueApi(running.url);
  }, 60_000);

  afterAll(() => running?.close());

  it('accepts an allow-listed private host and still refuses other private addresses', async () => {
    const owner = await api.createAgency();
    const subscriber = await api.createAgencyWithKey('hooks');
    const topic = await api.createTopic(owner.id);
    await api.registerSchema(topic.name);
    const allowed = await api.requestSubscription(
      subscriber.as,
      kelahiranRequest(topic.name, { deliveryMode: 'webhook', webhookUrl: 'https://localhost:8443/hook' }),
    );
    expect(allowed.status).toBe(201);
    const refused = await api.requestSubscription(
      subscriber.as,
      kelahiranRequest(topic.name, { deliveryMode: 'webhook', webhookUrl: 'https://127.0.0.1:8443/hook' }),
    );
    expect(refused.status).toBe(422);
  });
});
