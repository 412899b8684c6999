import 'reflect-metadata';
import { registryApp } from '../../apps/registry/src/registry.app';
import { type AuditPage } from '../../apps/registry/src/catalogue/audit/audit-query.service';
import { verifyAuditChain } from '../../apps/registry/src/cli/audit-verification';
import { startTestApp, type RunningApp } from '../support/apps';
import {
  CatalogueApi,
  type CreatedApiKeyView,
  kelahiranSchema,
  type SubscriptionView,
  type TopicView,
  uniqueAgencyId,
  uniqueTopicName,
  inDays,
} from '../support/catalogue-fixtures';
import { expectEventually } from '../support/expect-eventually';
import { createScratchDatabase } from '../support/scratch-database';

/**
 * Issue 4's "done when", end to end on the real Kafka and a PostgreSQL database of its own (it tampers
 * with the audit log, which nobody else may see).
 */
describe('catalogue: the whole story, audited and tamper-evident', () => {
  let db: Awaited<ReturnType<typeof createScratchDatabase>>;
  let running: RunningApp;
  let api: CatalogueApi;

  beforeAll(async () => {
    db = await createScratchDatabase('catalogue_story');
    running = await startTestApp(registryApp, { DATABASE_URL: db.url });
    api = new CatalogueApi(running.url);
  }, 60_000);

  afterAll(async () => {
    await running?.close();
    await db?.drop();
  });

  async function asAttacker(sql: string, parameters: unknown[] = []): Promise<void> {
    await db.dataSource.query('ALTER TABLE audit_log DISABLE TRIGGER audit_log_no_update_delete');
    try {
      await db.dataSource.query(sql, parameters);
    } finally {
      await db.dataSource.query('ALTER TABLE audit_log ENABLE TRIGGER audit_log_no_update_delete');
    }
  }

  async function cli(): Promise<{ code: number; output: string }> {
    let output = '';
    const code = await verifyAuditChain(db.url, (text) => (output += text));
    return { code, output };
  }

  it('admin → agencies and topic → request → approval → key rotation → audit verifies → tampering is found', async () => {
    // An admin creates two agencies and gives each a key.
    const dukcapil = await api.createAgency(uniqueAgencyId('dukcapil'), 'Ditjen Dukcapil');
    const bpjs = await api.createAgency(uniqueAgencyId('bpjs'), 'BPJS Kesehatan');
    const dukcapilKey = await api.createKey(dukcapil.id);
    const bpjsKey = await api.createKey(bpjs.id);

    // The admin creates a topic for Dukcapil; Dukcapil registers its schema (HTTP Basic, as a Confluent client).
    const topic = await api.expectStatus<TopicView>(201, 'POST', '/v1/topics', {
      body: {
        name: uniqueTopicName(),
        ownerAgencyId: dukcapil.id,
        classification: 'confidential',
        partitions: 2,
      },
    });
    await api.expectStatus(200, 'POST', `/subjects/${topic.subject}/versions`, {
      as: { basic: { user: dukcapil.id, key: dukcapilKey.key } },
      body: { schema: JSON.stringify(kelahiranSchema()) },
    });

    // BPJS requests a subscription with a projection and a filter; Dukcapil approves it.
    const requested = await api.expectStatus<SubscriptionView>(201, 'POST', '/v1/subscriptions', {
      as: { bearer: bpjsKey.key },
      body: {
        topic: topic.name,
        purpose: 'Enrol newborns in JKN',
        legalBasis: 'Perpres 82/2018 Pasal 13',
        fields: ['registrationId', 'child.nik', 'child.birthDate', 'child.birthPlace.provinceCode'],
        filter: "child.birthPlace.provinceCode in ['31', '32']",
        deliveryMode: 'pull',
        expiresAt: inDays(365),
      },
    });
    const approved = await api.expectStatus<SubscriptionView>(
      200,
      'POST',
      `/v1/subscriptions/${requested.id}/approve`,
      {
        as: { bearer: dukcapilKey.key },
        body: { reason: 'JKN enrolment is a statutory duty' },
      },
    );
    expect(approved).toMatchObject({
      status: 'active',
      projectedSubject: `penghubung.subscription.${requested.id}-value`,
    });

    // BPJS rotates its key: the new key works, the old one is refused.
    const rotated = await api.expectStatus<CreatedApiKeyView>(
      201,
      'POST',
      `/v1/api-keys/${bpjsKey.id}/rotate`,
      {
        as: { bearer: bpjsKey.key },
        body: { label: 'rotated 2026' },
      },
    );
    expect(
      (await api.call('GET', `/v1/subscriptions/${requested.id}`, { as: { bearer: rotated.key } })).status,
    ).toBe(200);
    await expectEventually(async () =>
      expect((await api.call('GET', '/v1/topics', { as: { bearer: bpjsKey.key } })).status).toBe(401),
    );

    // The audit log shows every step, in order, with who did it.
    const page = await api.expectStatus<AuditPage>(200, 'GET', '/v1/audit?limit=500');
    const entries = [...page.entries].reverse();
    const steps = entries
      // The schema registry's own entries (issue 3) are checked by its tests; here only that they exist.
      .filter((entry) => !/^(schema|subject)\./.test(entry.action))
      .map((entry) => `${entry.action} by ${entry.actor.type}:${entry.actor.id ?? '-'}`);
    expect(steps).toEqual([
      'agency.created by admin:admin:bootstrap',
      'agency.created by admin:admin:bootstrap',
      'api_key.created by admin:admin:bootstrap',
      'api_key.created by admin:admin:bootstrap',
      'topic.created by admin:admin:bootstrap',
      `subscription.requested by agency:${bpjs.id}`,
      `subscription.approved by agency:${dukcapil.id}`,
      `api_key.created by agency:${bpjs.id}`,
      `api_key.revoked by agency:${bpjs.id}`,
      'auth.failed by anonymous:-',
    ]);
    const registrations = entries.filter((entry) => entry.action === 'schema.registered');
    expect(registrations.map((entry) => entry.targetId ?? JSON.stringify(entry.details))).toEqual([
      expect.stringContaining(topic.subject),
      expect.stringContaining(`penghubung.subscription.${requested.id}-value`),
    ]);
    const approvalEntry = entries.find((entry) => entry.action === 'subscription.approved');
    expect(approvalEntry).toMatchObject({
      targetId: requested.id,
      agencyId: bpjs.id,
      topic: topic.name,
      details: {
        reason: 'JKN enrolment is a statutory duty',
        from: 'pending',
        to: 'active',
        fields: ['registrationId', 'child.nik', 'child.birthDate', 'child.birthPlace.provinceCode'],
      },
      sourceIp: expect.stringContaining('127.0.0.1') as unknown,
    });

    // It verifies — through the API and through the CLI.
    const valid = await api.expectStatus<{ valid: boolean; entries: number }>(
      200,
      'POST',
      '/v1/audit/verify',
    );
    expect(valid).toMatchObject({ valid: true, entries: entries.length });
    expect(await cli()).toEqual({
      code: 0,
      output: `audit log valid: ${entries.length} entries, head ${entries[entries.length - 1]?.hash}\n`,
    });

    // Someone edits the approval behind the API: verification breaks at exactly that entry.
    const approval = page.entries.find((entry) => entry.action === 'subscription.approved');
    if (!approval) throw new Error('no approval entry');
    const [original] = await db.dataSource.query<{ details: unknown }[]>(
      'SELECT details FROM audit_log WHERE seq = $1',
      [approval.seq],
    );
    await asAttacker(
      `UPDATE audit_log SET details = jsonb_set(details, '{reason}', '"approved by phone"') WHERE seq = $1`,
      [approval.seq],
    );
    expect(await api.expectStatus(200, 'POST', '/v1/audit/verify')).toEqual({
      valid: false,
      entries: Number(approval.seq) - 1,
      brokenAt: approval.seq,
      reason: 'entry content does not match its hash (edited?)',
    });
    const broken = await cli();
    expect(broken.code).toBe(1);
    expect(broken.output).toContain(
      `audit log BROKEN at entry ${approval.seq}: entry content does not match its hash`,
    );
    expect(broken.output).toContain('approved by phone');

    // Put back, the chain verifies again; then a deleted entry breaks it at the one after the gap.
    await asAttacker('UPDATE audit_log SET details = $1 WHERE seq = $2', [
      JSON.stringify(original?.details),
      approval.seq,
    ]);
    expect(await api.expectStatus(200, 'POST', '/v1/audit/verify')).toMatchObject({ valid: true });
    const revocation = page.entries.find((entry) => entry.action === 'api_key.revoked');
    if (!revocation) throw new Error('no revocation entry');
    await asAttacker('DELETE FROM audit_log WHERE seq = $1', [revocation.seq]);
    const afterDelete = BigInt(revocation.seq) + 1n;
    expect(await api.expectStatus(200, 'POST', '/v1/audit/verify')).toEqual({
      valid: false,
      entries: Number(revocation.seq) - 1,
      brokenAt: afterDelete.toString(),
      reason: `entries ${revocation.seq} to ${revocation.seq} are missing (deleted?)`,
    });
    expect((await cli()).code).toBe(1);
  });
});
