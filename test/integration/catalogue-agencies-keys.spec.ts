import 'reflect-metadata';
import { createDataSource, type DataSource } from '@app/persistence';
import { registryApp } from '../../apps/registry/src/registry.app';
import { type ApiKeyView } from '../../apps/registry/src/catalogue/api-keys/api-key-view';
import { type AuditPage } from '../../apps/registry/src/catalogue/audit/audit-query.service';
import { startTestApp, type RunningApp } from '../support/apps';
import {
  type AgencyView,
  CatalogueApi,
  type CreatedApiKeyView,
  type ErrorBody,
  inDays,
  uniqueAgencyId,
} from '../support/catalogue-fixtures';
import { TEST_DATABASE_URL } from '../support/env';
import { expectEventually } from '../support/expect-eventually';

describe('catalogue: agencies and API keys on the real stack', () => {
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

  async function auditActions(agencyId: string): Promise<string[]> {
    const page = await api.expectStatus<AuditPage>(200, 'GET', `/v1/audit?agency=${agencyId}&limit=500`);
    return page.entries.map((entry) => entry.action).reverse();
  }

  it('lets an admin create, read, change, suspend and reactivate an agency, each step audited', async () => {
    const id = uniqueAgencyId('dukcapil');
    const created = await api.expectStatus<AgencyView>(201, 'POST', '/v1/agencies', {
      body: { id, name: '  Dukcapil  ', contact: 'integrasi@dukcapil.go.id' },
    });
    expect(created).toMatchObject({
      id,
      name: 'Dukcapil',
      contact: 'integrasi@dukcapil.go.id',
      status: 'active',
    });

    expect(await api.expectStatus(200, 'GET', `/v1/agencies/${id}`)).toMatchObject({ id, status: 'active' });
    const all = await api.expectStatus<AgencyView[]>(200, 'GET', '/v1/agencies');
    expect(all.map((agency) => agency.id)).toContain(id);

    const changed = await api.expectStatus<AgencyView>(200, 'PATCH', `/v1/agencies/${id}`, {
      body: { name: 'Ditjen Dukcapil', contact: null },
    });
    expect(changed).toMatchObject({ name: 'Ditjen Dukcapil', contact: null });

    const suspended = await api.expectStatus<AgencyView>(200, 'POST', `/v1/agencies/${id}/suspend`, {
      body: { reason: 'key leak under investigation' },
    });
    expect(suspended.status).toBe('suspended');
    const again = await api.call<ErrorBody>('POST', `/v1/agencies/${id}/suspend`, {
      body: { reason: 'twice' },
    });
    expect(again.status).toBe(409);

    const reactivated = await api.expectStatus<AgencyView>(200, 'POST', `/v1/agencies/${id}/reactivate`, {
      body: { reason: 'investigation closed' },
    });
    expect(reactivated.status).toBe('active');

    expect(await auditActions(id)).toEqual([
      'agency.created',
      'agency.updated',
      'agency.suspended',
      'agency.reactivated',
    ]);
    const page = await api.expectStatus<AuditPage>(
      200,
      'GET',
      `/v1/audit?agency=${id}&action=agency.suspended`,
    );
    expect(page.entries).toHaveLength(1);
    expect(page.entries[0]).toMatchObject({
      actor: { type: 'admin', id: 'admin:bootstrap' },
      targetType: 'agency',
      targetId: id,
      details: { reason: 'key leak under investigation' },
      sourceIp: expect.stringContaining('127.0.0.1') as unknown,
    });
  });

  it('refuses malformed ids and bodies with 400, duplicates with 409, unknown agencies with 404', async () => {
    const malformed = await api.call<ErrorBody>('POST', '/v1/agencies', {
      body: { id: 'Bad_Id', name: 'x' },
    });
    expect(malformed.status).toBe(400);
    expect(malformed.body.error.code).toBe('VALIDATION_FAILED');
    expect(malformed.body.error.details).toEqual([
      { path: 'id', problems: [expect.stringContaining('slug')] },
    ]);

    const blankName = await api.call<ErrorBody>('POST', '/v1/agencies', {
      body: { id: uniqueAgencyId('blank'), name: '   ' },
    });
    expect(blankName.status).toBe(400);

    const unknownProperty = await api.call<ErrorBody>('POST', '/v1/agencies', {
      body: { id: uniqueAgencyId('extra'), name: 'x', status: 'suspended' },
    });
    expect(unknownProperty.status).toBe(400);
    expect(JSON.stringify(unknownProperty.body.error.details)).toContain('status');

    const notJson = await api.call<ErrorBody>('POST', '/v1/agencies', { rawBody: '{"id": ' });
    expect(notJson.status).toBe(400);

    const agency = await api.createAgency();
    const duplicate = await api.call<ErrorBody>('POST', '/v1/agencies', {
      body: { id: agency.id, name: 'again' },
    });
    expect(duplicate.status).toBe(409);
    expect(duplicate.body.error.code).toBe('CONFLICT');

    expect((await api.call('GET', '/v1/agencies/Not_A_Slug')).status).toBe(400);
    expect((await api.call('GET', `/v1/agencies/${uniqueAgencyId('ghost')}`)).status).toBe(404);
    expect(
      (await api.call('POST', `/v1/agencies/${uniqueAgencyId('ghost')}/suspend`, { body: { reason: 'x' } }))
        .status,
    ).toBe(404);
    const noReason = await api.call('POST', `/v1/agencies/${agency.id}/suspend`, { body: {} });
    expect(noReason.status).toBe(400);
  });

  it('answers 413 for a body over the limit', async () => {
    const response = await api.call<ErrorBody>('POST', '/v1/agencies', {
      rawBody: JSON.stringify({ id: uniqueAgencyId('big'), name: 'x'.repeat(1_100_000) }),
    });
    expect(response.status).toBe(413);
    expect(response.body.error.code).toBe('PAYLOAD_TOO_LARGE');
  });

  it('refuses anonymous, malformed and unknown keys with 401 and a challenge', async () => {
    for (const as of [
      'none' as const,
      { bearer: 'not-a-key' },
      { bearer: `phk_AAAAAAAAAAAA_${'a'.repeat(43)}` },
    ]) {
      const response = await api.call<ErrorBody>('GET', '/v1/topics', { as });
      expect(response.status).toBe(401);
      expect(response.body.error.code).toBe('UNAUTHENTICATED');
      expect(response.headers.get('www-authenticate')).toContain('Bearer');
    }
  });

  it('shows an agency only itself and lets it manage no agency', async () => {
    const a = await api.createAgencyWithKey('self');
    const b = await api.createAgency();
    const list = await api.expectStatus<AgencyView[]>(200, 'GET', '/v1/agencies', { as: a.as });
    expect(list.map((agency) => agency.id)).toEqual([a.id]);
    expect((await api.call('GET', `/v1/agencies/${a.id}`, { as: a.as })).status).toBe(200);
    expect((await api.call('GET', `/v1/agencies/${b.id}`, { as: a.as })).status).toBe(404);
    const create = await api.call('POST', '/v1/agencies', {
      as: a.as,
      body: { id: uniqueAgencyId('rogue'), name: 'x' },
    });
    expect(create.status).toBe(403);
    expect((await api.call('PATCH', `/v1/agencies/${a.id}`, { as: a.as, body: { name: 'x' } })).status).toBe(
      403,
    );
    expect(
      (await api.call('POST', `/v1/agencies/${b.id}/suspend`, { as: a.as, body: { reason: 'x' } })).status,
    ).toBe(403);
  });

  it("refuses a suspended agency's keys with 403 until it is reactivated", async () => {
    const a = await api.createAgencyWithKey('susp');
    expect((await api.call('GET', '/v1/topics', { as: a.as })).status).toBe(200);
    await api.expectStatus(200, 'POST', `/v1/agencies/${a.id}/suspend`, { body: { reason: 'audit' } });
    await expectEventually(async () =>
      expect((await api.call('GET', '/v1/topics', { as: a.as })).status).toBe(403),
    );
    const refusedKey = await api.call('POST', '/v1/api-keys', { body: { agencyId: a.id } });
    expect(refusedKey.status).toBe(409);
    await api.expectStatus(200, 'POST', `/v1/agencies/${a.id}/reactivate`, { body: { reason: 'ok' } });
    await expectEventually(async () =>
      expect((await api.call('GET', '/v1/topics', { as: a.as })).status).toBe(200),
    );
  });

  it('lets an agency create and list its own keys, shown once, usable with Bearer and Basic', async () => {
    const a = await api.createAgencyWithKey('keys');
    const created = await api.call<CreatedApiKeyView>('POST', '/v1/api-keys', {
      as: a.as,
      body: { label: 'second server', expiresAt: inDays(30) },
    });
    expect(created.status).toBe(201);
    expect(created.headers.get('cache-control')).toBe('no-store');
    expect(created.body).toMatchObject({
      role: 'agency',
      agencyId: a.id,
      label: 'second server',
      status: 'active',
    });
    expect(created.body.key.startsWith(`${created.body.prefix}_`)).toBe(true);

    const listed = await api.expectStatus<ApiKeyView[]>(200, 'GET', '/v1/api-keys', { as: a.as });
    expect(listed.map((key) => key.id).sort()).toEqual([a.keyId, created.body.id].sort());
    expect(JSON.stringify(listed)).not.toContain(created.body.key);
    const read = await api.expectStatus<Record<string, unknown>>(
      200,
      'GET',
      `/v1/api-keys/${created.body.id}`,
      {
        as: a.as,
      },
    );
    expect(read).not.toHaveProperty('key');
    expect(read).not.toHaveProperty('secretHash');

    const basic = await api.call('GET', `/v1/agencies/${a.id}`, {
      as: { basic: { user: a.id, key: created.body.key } },
    });
    expect(basic.status).toBe(200);
    const wrongUser = await api.call('GET', `/v1/agencies/${a.id}`, {
      as: { basic: { user: 'someone-else', key: created.body.key } },
    });
    expect(wrongUser.status).toBe(401);

    expect(await auditActions(a.id)).toEqual(['agency.created', 'api_key.created', 'api_key.created']);
  });

  it('rotates a key: the new one works, the old one gets 401, and both steps are audited', async () => {
    const a = await api.createAgencyWithKey('rotate');
    const rotated = await api.expectStatus<CreatedApiKeyView>(201, 'POST', `/v1/api-keys/${a.keyId}/rotate`, {
      as: a.as,
      body: { label: 'rotated' },
    });
    expect(rotated).toMatchObject({ agencyId: a.id, label: 'rotated', status: 'active' });
    expect((await api.call('GET', '/v1/topics', { as: { bearer: rotated.key } })).status).toBe(200);
    await expectEventually(async () =>
      expect((await api.call('GET', '/v1/topics', { as: a.as })).status).toBe(401),
    );
    const old = await api.expectStatus<ApiKeyView>(200, 'GET', `/v1/api-keys/${a.keyId}`);
    expect(old.status).toBe('revoked');
    const again = await api.call('POST', `/v1/api-keys/${a.keyId}/rotate`, { body: {} });
    expect(again.status).toBe(409);

    const page = await api.expectStatus<AuditPage>(200, 'GET', `/v1/audit?agency=${a.id}&limit=10`);
    const [revoked, created] = page.entries;
    expect(revoked).toMatchObject({
      action: 'api_key.revoked',
      actor: { type: 'agency', id: a.id },
      details: { reason: 'rotated', rotatedTo: rotated.prefix },
    });
    expect(created).toMatchObject({ action: 'api_key.created', details: { prefix: rotated.prefix } });
  });

  it('refuses revoked and expired keys with 401', async () => {
    const a = await api.createAgencyWithKey('revoke');
    const spare = await api.createKey(a.id);
    const revoked = await api.expectStatus<ApiKeyView>(200, 'POST', `/v1/api-keys/${spare.id}/revoke`, {
      as: a.as,
      body: { reason: 'laptop lost' },
    });
    expect(revoked.status).toBe('revoked');
    await expectEventually(async () => {
      const response = await api.call<ErrorBody>('GET', '/v1/topics', { as: { bearer: spare.key } });
      expect(response.status).toBe(401);
      expect(response.body.error.message).toContain('revoked');
    });
    expect((await api.call('POST', `/v1/api-keys/${spare.id}/revoke`, { body: {} })).status).toBe(409);

    const expiring = await api.createKey(a.id);
    expect((await api.call('GET', '/v1/topics', { as: { bearer: expiring.key } })).status).toBe(200);
    await dataSource.query("UPDATE api_keys SET expires_at = now() - interval '1 minute' WHERE id = $1", [
      expiring.id,
    ]);
    await expectEventually(async () => {
      const response = await api.call<ErrorBody>('GET', '/v1/topics', { as: { bearer: expiring.key } });
      expect(response.status).toBe(401);
      expect(response.body.error.message).toContain('expired');
    });
    const view = await api.expectStatus<ApiKeyView>(200, 'GET', `/v1/api-keys/${expiring.id}`);
    expect(view.status).toBe('expired');
  });

  it('keeps agencies out of each other’s keys (403 to act for another, 404 for its keys)', async () => {
    const a = await api.createAgencyWithKey('ka');
    const b = await api.createAgencyWithKey('kb');
    expect((await api.call('POST', '/v1/api-keys', { as: a.as, body: { agencyId: b.id } })).status).toBe(403);
    expect((await api.call('POST', '/v1/api-keys', { as: a.as, body: { role: 'admin' } })).status).toBe(403);
    expect((await api.call('GET', `/v1/api-keys?agencyId=${b.id}`, { as: a.as })).status).toBe(403);
    expect((await api.call('GET', '/v1/api-keys?role=admin', { as: a.as })).status).toBe(403);
    expect((await api.call('GET', `/v1/api-keys/${b.keyId}`, { as: a.as })).status).toBe(404);
    expect((await api.call('POST', `/v1/api-keys/${b.keyId}/revoke`, { as: a.as, body: {} })).status).toBe(
      404,
    );
    expect((await api.call('POST', `/v1/api-keys/${b.keyId}/rotate`, { as: a.as, body: {} })).status).toBe(
      404,
    );
    // b's key still works: nothing happened to it.
    expect((await api.call('GET', '/v1/topics', { as: b.as })).status).toBe(200);
  });

  it('refuses malformed key ids (400), unknown ones (404) and bad expiries (400)', async () => {
    const a = await api.createAgency();
    expect((await api.call('GET', '/v1/api-keys/not-a-uuid')).status).toBe(400);
    expect((await api.call('GET', '/v1/api-keys/6f1c7e0e-8a47-4bb6-9c43-1d1f1d1a2b3c')).status).toBe(404);
    const past = await api.call<ErrorBody>('POST', '/v1/api-keys', {
      body: { agencyId: a.id, expiresAt: '2020-01-01T00:00:00Z' },
    });
    expect(past.status).toBe(400);
    expect(past.body.error.message).toContain('future');
    const noZone = await api.call('POST', '/v1/api-keys', {
      body: { agencyId: a.id, expiresAt: '2030-01-01T00:00:00' },
    });
    expect(noZone.status).toBe(400);
    expect((await api.call('POST', '/v1/api-keys', { body: {} })).status).toBe(400);
    expect(
      (await api.call('POST', '/v1/api-keys', { body: { agencyId: uniqueAgencyId('ghost') } })).status,
    ).toBe(404);
  });

  it('lets an admin create an admin key that acts as an admin', async () => {
    const created = await api.expectStatus<CreatedApiKeyView>(201, 'POST', '/v1/api-keys', {
      body: { role: 'admin', label: 'ops' },
    });
    expect(created).toMatchObject({ role: 'admin', agencyId: null });
    const agency = await api.createAgency();
    const asNewAdmin = await api.call<AgencyView>('GET', `/v1/agencies/${agency.id}`, {
      as: { bearer: created.key },
    });
    expect(asNewAdmin.status).toBe(200);
    const withAgency = await api.call('POST', '/v1/api-keys', {
      body: { role: 'admin', agencyId: agency.id },
    });
    expect(withAgency.status).toBe(400);
    await api.expectStatus(200, 'POST', `/v1/api-keys/${created.id}/revoke`, {
      body: { reason: 'test done' },
    });
  });
  it('documents every catalogue endpoint in the OpenAPI description at /docs-json', async () => {
    const response = await fetch(`${running.url}/docs-json`);
    expect(response.status).toBe(200);
    const document = (await response.json()) as {
      paths: Record<string, Record<string, unknown>>;
      components: { schemas: Record<string, unknown> };
    };
    const operations = Object.entries(document.paths)
      .filter(([path]) => /^\/v1\/(agencies|api-keys|topics|subscriptions|audit|records)/.test(path))
      .flatMap(([path, methods]) => Object.keys(methods).map((method) => `${method.toUpperCase()} ${path}`))
      .sort();
    // Other features (webhook secrets) add their own operations under these paths.
    expect(operations).toEqual(
      expect.arrayContaining([
        'GET /v1/agencies',
        'POST /v1/agencies',
        'GET /v1/agencies/{id}',
        'PATCH /v1/agencies/{id}',
        'POST /v1/agencies/{id}/suspend',
        'POST /v1/agencies/{id}/reactivate',
        'GET /v1/api-keys',
        'POST /v1/api-keys',
        'GET /v1/api-keys/{id}',
        'POST /v1/api-keys/{id}/revoke',
        'POST /v1/api-keys/{id}/rotate',
        'GET /v1/topics',
        'POST /v1/topics',
        'GET /v1/topics/{name}',
        'GET /v1/subscriptions',
        'POST /v1/subscriptions',
        'GET /v1/subscriptions/{id}',
        'POST /v1/subscriptions/{id}/approve',
        'POST /v1/subscriptions/{id}/reject',
        'POST /v1/subscriptions/{id}/suspend',
        'POST /v1/subscriptions/{id}/resume',
        'POST /v1/subscriptions/{id}/end',
        'POST /v1/subscriptions/{id}/amend',
        'GET /v1/audit',
        'POST /v1/audit/verify',
        'GET /v1/records/{id}/trail',
      ]) as unknown,
    );
    for (const schema of [
      'CreateAgencyDto',
      'CreatedApiKeyResponse',
      'RequestSubscriptionDto',
      'AuditPageResponse',
    ]) {
      expect(document.components.schemas).toHaveProperty(schema);
    }
  });
});
