import 'reflect-metadata';
import { AuditEntryEntity } from '@app/persistence';
import { SchemaLookup } from '../../apps/registry/src/schema-registry/schema-lookup';
import {
  assignOwner,
  basicAuth,
  createAgency,
  type RegistryUnderTest,
  recordSchema,
  segment,
  startRegistry,
} from '../support/registry-client';
import { createScratchDatabase } from '../support/scratch-database';
import { uniqueName } from '../support/unique';

const person = (...names: string[]) =>
  recordSchema([
    { name: 'nik', type: 'string' },
    ...names.map((name) => ({ name, type: 'string', default: '' })),
  ]);

/** Deletion order, subject-level config and mode, audit and changelog, on the shared test database. */
describe('schema registry: lifecycle of a subject', () => {
  let registry: RegistryUnderTest;

  beforeAll(async () => {
    registry = await startRegistry();
  });
  afterAll(() => registry.running.close());

  async function subjectWithVersions(count: number): Promise<{ subject: string; path: string }> {
    const subject = uniqueName('life.subject-value');
    for (let index = 0; index < count; index++) {
      await registry.client.registerOk(
        subject,
        person(...Array.from({ length: index }, (_, field) => `f${field}`)),
      );
    }
    return { subject, path: `/subjects/${segment(subject)}` };
  }

  describe('deletion is soft first, then permanent', () => {
    it('deletes a version: 40407 before it is soft-deleted, 40406 when soft-deleted twice, 40402 after', async () => {
      const { client } = registry;
      const { subject, path } = await subjectWithVersions(2);
      const early = await client.delete(`${path}/versions/1?permanent=true`);
      expect(early).toMatchObject({
        status: 404,
        body: {
          error_code: 40407,
          message: `Subject '${subject}' Version 1 was not deleted first before being permanently deleted`,
        },
      });
      expect((await client.delete(`${path}/versions/1`)).body).toBe(1);
      expect(await client.delete(`${path}/versions/1`)).toMatchObject({
        status: 404,
        body: {
          error_code: 40406,
          message: `Subject '${subject}' Version 1 was soft deleted. Set permanent=true to delete permanently`,
        },
      });
      expect((await client.delete(`${path}/versions/1?permanent=true`)).body).toBe(1);
      expect((await client.delete(`${path}/versions/1?permanent=true`)).body).toMatchObject({
        error_code: 40402,
      });
      expect((await client.get(`${path}/versions?deleted=true`)).body).toEqual([2]);
    });

    it('deletes `latest` as the latest live version', async () => {
      const { client } = registry;
      const { path } = await subjectWithVersions(3);
      expect((await client.delete(`${path}/versions/latest`)).body).toBe(3);
      expect((await client.delete(`${path}/versions/-1`)).body).toBe(2);
      expect((await client.get(`${path}/versions/latest`)).body).toMatchObject({ version: 1 });
    });

    it('deletes a subject: 40405 before it is soft-deleted, 40404 when soft-deleted twice, 40401 after', async () => {
      const { client } = registry;
      const { subject, path } = await subjectWithVersions(2);
      expect(await client.delete(`${path}?permanent=true`)).toMatchObject({
        status: 404,
        body: {
          error_code: 40405,
          message: `Subject '${subject}' was not deleted first before being permanently deleted`,
        },
      });
      expect((await client.delete(path)).body).toEqual([1, 2]);
      expect(await client.delete(path)).toMatchObject({
        status: 404,
        body: {
          error_code: 40404,
          message: `Subject '${subject}' was soft deleted. Set permanent=true to delete permanently`,
        },
      });
      expect((await client.get(`${path}/versions`)).body).toMatchObject({ error_code: 40401 });
      expect((await client.get(`${path}/versions/1?deleted=true`)).status).toBe(200);
      expect((await client.delete(`${path}?permanent=true`)).body).toEqual([1, 2]);
      expect((await client.delete(`${path}?permanent=true`)).body).toMatchObject({ error_code: 40401 });
      expect((await client.get(`${path}/versions?deleted=true`)).body).toMatchObject({ error_code: 40401 });
    });

    it('refuses a permanent subject deletion while some versions are live', async () => {
      const { client } = registry;
      const { path } = await subjectWithVersions(2);
      await client.delete(`${path}/versions/1`);
      expect((await client.delete(`${path}?permanent=true`)).body).toMatchObject({ error_code: 40405 });
      expect((await client.delete(path)).body).toEqual([2]);
      expect((await client.delete(`${path}?permanent=true`)).body).toEqual([1, 2]);
    });

    it('drops the subject-level level and mode with a permanent deletion', async () => {
      const { client } = registry;
      const { path, subject } = await subjectWithVersions(1);
      await client.put(`/config/${segment(subject)}`, { compatibility: 'NONE' });
      await client.delete(path);
      expect((await client.get(`/config/${segment(subject)}`)).body).toEqual({ compatibilityLevel: 'NONE' });
      await client.delete(`${path}?permanent=true`);
      expect((await client.get(`/config/${segment(subject)}`)).body).toMatchObject({ error_code: 40408 });
    });
  });

  describe('subject-level config and mode', () => {
    it('answers 40408 without a level of its own, the global one with defaultToGlobal, then its own', async () => {
      const { client } = registry;
      const subject = uniqueName('life.config-value');
      const path = `/config/${segment(subject)}`;
      expect(await client.get(path)).toMatchObject({
        status: 404,
        body: {
          error_code: 40408,
          message: `Subject '${subject}' does not have subject-level compatibility configured`,
        },
      });
      expect((await client.get(`${path}?defaultToGlobal=true`)).body).toEqual({
        compatibilityLevel: 'BACKWARD',
      });
      expect((await client.put(path, { compatibility: 'full_transitive' })).body).toEqual({
        compatibility: 'FULL_TRANSITIVE',
      });
      expect((await client.get(path)).body).toEqual({ compatibilityLevel: 'FULL_TRANSITIVE' });
      expect((await client.delete(path)).body).toEqual({ compatibilityLevel: 'FULL_TRANSITIVE' });
      expect((await client.get(path)).body).toMatchObject({ error_code: 40408 });
      expect((await client.delete(path)).body).toMatchObject({ error_code: 40408 });
      expect((await client.delete(`/config/${segment(uniqueName('life.never'))}`)).body).toMatchObject({
        error_code: 40401,
      });
    });

    it('answers 40409 without a mode of its own; READONLY refuses registrations and deletions with 42205', async () => {
      const { client } = registry;
      const { subject, path } = await subjectWithVersions(1);
      const modePath = `/mode/${segment(subject)}`;
      expect(await client.get(modePath)).toMatchObject({
        status: 404,
        body: {
          error_code: 40409,
          message: `Subject '${subject}' does not have subject-level mode configured`,
        },
      });
      expect((await client.get(`${modePath}?defaultToGlobal=true`)).body).toEqual({ mode: 'READWRITE' });
      expect((await client.put(modePath, { mode: 'readonly' })).body).toEqual({ mode: 'READONLY' });
      expect((await client.get(modePath)).body).toEqual({ mode: 'READONLY' });

      const readOnly = {
        status: 422,
        body: { error_code: 42205, message: `Subject '${subject}' is in read-only mode` },
      };
      expect(await client.register(subject, person('x'))).toMatchObject(readOnly);
      expect(await client.delete(`${path}/versions/1`)).toMatchObject(readOnly);
      expect(await client.delete(path)).toMatchObject(readOnly);
      // Reads and look-ups still work.
      expect((await client.get(`${path}/versions/1`)).status).toBe(200);
      expect((await client.post(path, { schema: JSON.stringify(person()) })).status).toBe(200);

      expect((await client.delete(modePath)).body).toEqual({ mode: 'READONLY' });
      expect((await client.get(modePath)).body).toMatchObject({ error_code: 40409 });
      expect((await client.register(subject, person('x'))).status).toBe(200);
    });

    it('switches a subject to IMPORT only while it is empty, unless forced', async () => {
      const { client } = registry;
      const { subject } = await subjectWithVersions(1);
      const modePath = `/mode/${segment(subject)}`;
      expect(await client.put(modePath, { mode: 'IMPORT' })).toMatchObject({
        status: 422,
        body: { error_code: 42205 },
      });
      expect((await client.put(`${modePath}?force=true`, { mode: 'IMPORT' })).body).toEqual({
        mode: 'IMPORT',
      });
      const empty = uniqueName('life.import-value');
      expect((await client.put(`/mode/${segment(empty)}`, { mode: 'IMPORT' })).body).toEqual({
        mode: 'IMPORT',
      });
    });
  });

  describe('audit and changelog', () => {
    it('writes every change to the audit log and tells who registered and deleted each version', async () => {
      const { client, dataSource } = registry;
      const owner = await createAgency(dataSource, 'changelog');
      const subject = uniqueName('life.changelog-value');
      await assignOwner(dataSource, subject, owner.agencyId);
      const auth = basicAuth(owner.agencyId, owner.key);
      const path = `/subjects/${segment(subject)}`;
      const id1 = await client.registerOk(subject, person(), { auth });
      const id2 = await client.registerOk(subject, person('a'));
      const id3 = await client.registerOk(subject, person('a', 'b'), { auth });
      await client.delete(`${path}/versions/2`, { auth });
      await client.delete(`${path}/versions/2?permanent=true`);
      await client.delete(`${path}/versions/3`);
      await client.put(`/config/${segment(subject)}`, { compatibility: 'FULL' }, { auth });
      await client.put(`/mode/${segment(subject)}`, { mode: 'READONLY' });

      const actions = await dataSource.getRepository(AuditEntryEntity).find({
        where: { targetType: 'subject', targetId: subject },
        order: { seq: 'ASC' },
      });
      expect(actions.map((entry) => [entry.action, entry.actorType, entry.agencyId])).toEqual([
        ['schema.registered', 'agency', owner.agencyId],
        ['schema.registered', 'admin', owner.agencyId],
        ['schema.registered', 'agency', owner.agencyId],
        ['schema.version_deleted', 'agency', owner.agencyId],
        ['schema.version_deleted', 'admin', owner.agencyId],
        ['schema.version_deleted', 'admin', owner.agencyId],
        ['subject.config_changed', 'agency', owner.agencyId],
        ['subject.mode_changed', 'admin', owner.agencyId],
      ]);
      expect(actions[0]?.details).toEqual({ subject, version: 1, schemaId: id1 });
      expect(actions[4]?.details).toEqual({ subject, version: 2, schemaId: id2, permanent: true });
      expect(actions[6]?.details).toEqual({ subject, compatibility: { from: null, to: 'FULL' } });

      const changelog = await client.get<{
        subject: string;
        owner: string;
        versions: Record<string, unknown>[];
        events: { action: string; by: string }[];
      }>(`/v1/subjects/${segment(subject)}/changelog`, { auth });
      expect(changelog.status).toBe(200);
      expect(changelog.body.owner).toBe(owner.agencyId);
      const agency = `agency:${owner.agencyId}`;
      expect(changelog.body.versions).toEqual([
        expect.objectContaining({
          version: 1,
          schemaId: id1,
          state: 'live',
          registeredBy: agency,
          deletedBy: null,
        }),
        expect.objectContaining({
          version: 2,
          schemaId: id2,
          state: 'permanently-deleted',
          registeredBy: 'admin:bootstrap',
          deletedBy: agency,
          permanentlyDeletedBy: 'admin:bootstrap',
        }),
        expect.objectContaining({
          version: 3,
          schemaId: id3,
          state: 'soft-deleted',
          registeredBy: agency,
          deletedBy: 'admin:bootstrap',
          permanentlyDeletedBy: null,
        }),
      ]);
      for (const version of changelog.body.versions) {
        expect(Number.isNaN(Date.parse(String(version.registeredAt)))).toBe(false);
      }
      expect(changelog.body.events.map((event) => event.action)).toEqual(
        actions.map((entry) => entry.action),
      );
      expect(changelog.body.events[1]?.by).toBe('admin:bootstrap');
    });

    it('lists the fields of a subject with their classification', async () => {
      const { client } = registry;
      const subject = uniqueName('life.fields-value');
      const schema = recordSchema([
        { name: 'nik', type: 'string', classification: 'sensitive' },
        { name: 'fullName', type: 'string', classification: 'personal' },
        {
          name: 'birthPlace',
          type: {
            type: 'record',
            name: 'Place',
            fields: [
              { name: 'regencyCode', type: 'string', classification: 'public' },
              { name: 'street', type: ['null', 'string'], default: null, classification: 'personal' },
            ],
          },
        },
        { name: 'note', type: 'string', classification: 'internal' },
      ]);
      const id = await client.registerOk(subject, schema);
      const fields = await client.get(`/v1/subjects/${segment(subject)}/fields?version=1`);
      expect(fields).toMatchObject({
        status: 200,
        body: {
          subject,
          version: 1,
          schemaId: id,
          fields: [
            { path: 'nik', classification: 'sensitive', personal: true },
            { path: 'fullName', classification: 'personal', personal: true },
            { path: 'birthPlace', classification: null, personal: false },
            { path: 'birthPlace.regencyCode', classification: 'public', personal: false },
            { path: 'birthPlace.street', classification: 'personal', personal: true },
            { path: 'note', classification: 'internal', personal: false },
          ],
          personalFields: ['nik', 'fullName', 'birthPlace.street'],
        },
      });
      expect((await client.get(`/v1/subjects/${segment(subject)}/fields?version=2`)).status).toBe(404);
    });

    it('documents the /v1 additions in OpenAPI', async () => {
      const spec = await registry.client.get<{ paths: Record<string, unknown> }>('/docs-json', {
        auth: null,
      });
      expect(spec.status).toBe(200);
      expect(Object.keys(spec.body.paths)).toEqual(
        expect.arrayContaining(['/v1/subjects/{subject}/fields', '/v1/subjects/{subject}/changelog']),
      );
    });
  });

  describe('what the catalogue uses (SchemaLookup)', () => {
    it('registers internally, finds the latest and by id, and assigns owners', async () => {
      const lookup = registry.running.app.get(SchemaLookup);
      const subject = uniqueName('life.internal-value');
      const agency = await createAgency(registry.dataSource, 'lookup');
      const schema = JSON.stringify(person());
      const registered = await lookup.registerInternal(subject, schema, {
        registeredBy: 'penghubung:test',
        compatibility: 'NONE',
        ownerAgencyId: agency.agencyId,
      });
      expect(registered).toMatchObject({ subject, version: 1, schema, references: [], namedTypes: {} });
      expect(registered.parsed).toEqual(JSON.parse(schema));
      expect(
        await lookup.registerInternal(subject, schema, { registeredBy: 'penghubung:test' }),
      ).toMatchObject({
        id: registered.id,
        version: 1,
      });
      expect((await registry.client.get(`/config/${segment(subject)}`)).body).toEqual({
        compatibilityLevel: 'NONE',
      });
      expect(await lookup.latest(subject)).toMatchObject({ id: registered.id, version: 1 });
      expect(await lookup.byId(registered.id)).toMatchObject({ id: registered.id, schema });
      expect(await lookup.byId(2_000_000_000)).toBeUndefined();
      expect(await lookup.latest(uniqueName('life.none'))).toBeUndefined();

      // The owner may now write; another agency may not.
      const auth = basicAuth(agency.agencyId, agency.key);
      expect((await registry.client.register(subject, person('x'), { auth })).status).toBe(200);
      const other = await createAgency(registry.dataSource, 'lookup-other');
      await lookup.assignOwner(subject, other.agencyId, 'admin:bootstrap');
      expect((await registry.client.register(subject, person('y'), { auth })).body).toMatchObject({
        error_code: 40301,
      });
      await expect(lookup.assignOwner(subject, 'no-such-agency', 'admin:bootstrap')).rejects.toThrow(
        "agency 'no-such-agency' does not exist",
      );
      await expect(
        lookup.registerInternal(subject, '{"type": "nope"}', { registeredBy: 'x' }),
      ).rejects.toThrow('Invalid schema');
    });
  });
});

/** Asserts a 422 with this Confluent error code and a message containing `part`. */
function expectRefused(response: { status: number; body: unknown }, errorCode: number, part: string): void {
  expect(response.status).toBe(422);
  const body = response.body as { error_code: number; message: string };
  expect(body.error_code).toBe(errorCode);
  expect(body.message).toContain(part);
}

/** Global settings and IMPORT with explicit ids change what every test would see: a database of their own. */
describe('schema registry: global config and mode (scratch database)', () => {
  let db: Awaited<ReturnType<typeof createScratchDatabase>>;
  let registry: RegistryUnderTest;

  beforeAll(async () => {
    db = await createScratchDatabase('registry_global');
    registry = await startRegistry({ DATABASE_URL: db.url });
  });
  afterAll(async () => {
    await registry.running.close();
    await db.drop();
  });

  it('sets and resets the global level, which subjects without their own follow', async () => {
    const { client } = registry;
    expect((await client.get('/config')).body).toEqual({ compatibilityLevel: 'BACKWARD' });
    expect((await client.put('/config', { compatibility: 'FORWARD' })).body).toEqual({
      compatibility: 'FORWARD',
    });
    expect((await client.get('/config')).body).toEqual({ compatibilityLevel: 'FORWARD' });
    const subject = 'global.level-value';
    await client.registerOk(subject, person());
    // FORWARD: adding a field without a default is fine, removing one without a default is not.
    expect(
      (
        await client.register(
          subject,
          recordSchema([
            { name: 'nik', type: 'string' },
            { name: 'x', type: 'int' },
          ]),
        )
      ).status,
    ).toBe(200);
    // Dropping x again (with a doc, so that it is not version 1's schema, which would just answer its id).
    const dropped = recordSchema([{ name: 'nik', type: 'string' }], 'Person', { doc: 'without x' });
    expect((await client.register(subject, dropped)).status).toBe(409);
    expect((await client.get(`/config/${segment(subject)}?defaultToGlobal=true`)).body).toEqual({
      compatibilityLevel: 'FORWARD',
    });
    expect((await client.delete('/config')).body).toEqual({ compatibilityLevel: 'FORWARD' });
    expect((await client.get('/config')).body).toEqual({ compatibilityLevel: 'BACKWARD' });
    const audited = await db.dataSource.getRepository(AuditEntryEntity).find({
      where: { action: 'registry.config_changed' },
      order: { seq: 'ASC' },
    });
    expect(audited.map((entry) => entry.details)).toEqual([
      { compatibility: { from: 'BACKWARD', to: 'FORWARD' } },
      { compatibility: { from: 'FORWARD', to: 'BACKWARD' } },
    ]);
  });

  it('makes the whole registry read-only, and refuses IMPORT while subjects exist unless forced', async () => {
    const { client } = registry;
    const subject = 'global.mode-value';
    await client.registerOk(subject, person());
    expect((await client.put('/mode', { mode: 'READONLY' })).body).toEqual({ mode: 'READONLY' });
    expect((await client.get('/mode')).body).toEqual({ mode: 'READONLY' });
    expect(await client.register(subject, person('a'))).toMatchObject({
      status: 422,
      body: { error_code: 42205 },
    });
    expect((await client.get(`/mode/${segment(subject)}?defaultToGlobal=true`)).body).toEqual({
      mode: 'READONLY',
    });
    // A subject-level mode wins over the global one.
    await client.put(`/mode/${segment(subject)}`, { mode: 'READWRITE' });
    expect((await client.register(subject, person('a'))).status).toBe(200);
    await client.delete(`/mode/${segment(subject)}`);

    expectRefused(
      await client.put('/mode', { mode: 'IMPORT' }),
      42205,
      'Cannot import since found existing subjects',
    );
    expect((await client.put('/mode', { mode: 'READWRITE' })).body).toEqual({ mode: 'READWRITE' });
    const audited = await db.dataSource
      .getRepository(AuditEntryEntity)
      .countBy({ action: 'registry.mode_changed' });
    expect(audited).toBe(2);
  });

  it('imports schemas with their ids and versions in IMPORT mode, without compatibility checks', async () => {
    const { client } = registry;
    const subject = 'global.import-value';
    const path = `/subjects/${segment(subject)}/versions`;
    expect((await client.put(`/mode/${segment(subject)}`, { mode: 'IMPORT' })).body).toEqual({
      mode: 'IMPORT',
    });
    // A schema has one id in the registry: these are schemas nobody registered before.
    const v1 = JSON.stringify(recordSchema([{ name: 'nik', type: 'string' }], 'Imported'));
    const v5 = JSON.stringify(recordSchema([{ name: 'nik', type: 'int' }], 'Imported'));
    expect((await client.post(path, { schema: v1, id: 5000, version: 3 })).body).toEqual({ id: 5000 });
    // Incompatible (string → int), still imported: IMPORT does not check.
    expect((await client.post(path, { schema: v5, id: 5001, version: 5 })).body).toEqual({ id: 5001 });
    expect((await client.post(path, { schema: v1, id: 5000, version: 3 })).body).toEqual({ id: 5000 });
    expectRefused(
      await client.post(path, { schema: v5, id: 5000, version: 6 }),
      42205,
      'Overwrite new schema with id 5000',
    );
    const other = JSON.stringify(recordSchema([{ name: 'other', type: 'int' }], 'Imported'));
    expectRefused(await client.post(path, { schema: other, id: 5002, version: 3 }), 42205, 'version 3');
    expect((await client.get(path)).body).toEqual([3, 5]);
    expect((await client.get(`/schemas/ids/5001`)).body).toEqual({ schema: v5 });

    await client.put(`/mode/${segment(subject)}`, { mode: 'READWRITE' });
    expect((await client.post(path, { schema: v1, id: 5000 })).body).toMatchObject({ error_code: 42205 });
    // Ordinary registrations continue after the imported ids and versions.
    const next = await client.registerOk(
      subject,
      recordSchema(
        [
          { name: 'nik', type: 'int' },
          { name: 'n', type: 'int', default: 0 },
        ],
        'Imported',
      ),
    );
    expect(next).toBeGreaterThan(5001);
    expect((await client.get(path)).body).toEqual([3, 5, 6]);
    // The same schema cannot get a second id.
    const second = `/subjects/${segment('global.import2-value')}/versions`;
    await client.put(`/mode/${segment('global.import2-value')}`, { mode: 'IMPORT' });
    expectRefused(
      await client.post(second, { schema: v1, id: 6000 }),
      42205,
      'already registered with id 5000',
    );
    expect((await client.post(second, { schema: v1, id: 5000 })).body).toEqual({ id: 5000 });
  });
});
