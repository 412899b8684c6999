import 'reflect-metadata';
import { AuditEntryEntity } from '@app/persistence';
import {
  CONFLUENT_JSON,
  type RegistryUnderTest,
  recordSchema,
  segment,
  startRegistry,
} from '../support/registry-client';
import { uniqueName } from '../support/unique';

/** The Confluent endpoints doing their job, against the real PostgreSQL. */
describe('schema registry: the Confluent API', () => {
  let registry: RegistryUnderTest;

  beforeAll(async () => {
    registry = await startRegistry();
  });
  afterAll(() => registry.running.close());

  const person = (extraFields: unknown[] = [], extra: Record<string, unknown> = {}) =>
    recordSchema([{ name: 'nik', type: 'string' }, ...extraFields], 'Person', extra);

  it('registers a schema, serves it by subject, version and id, and lists it', async () => {
    const { client } = registry;
    const subject = uniqueName('api.register-value');
    // A doc of its own: the same schema elsewhere would share the id (and the answer of /schemas/ids/{id}/versions).
    const text = JSON.stringify(person([], { doc: subject }));
    const registered = await client.register(subject, text);
    expect(registered.status).toBe(200);
    expect(registered.contentType).toContain(CONFLUENT_JSON);
    expect(Object.keys(registered.body)).toEqual(['id']);
    const { id } = registered.body;

    const expected = { subject, version: 1, id, schema: text };
    for (const version of ['1', 'latest', '-1']) {
      const response = await client.get(`/subjects/${segment(subject)}/versions/${version}`);
      expect(response).toMatchObject({ status: 200, body: expected });
      expect(response.contentType).toContain(CONFLUENT_JSON);
    }
    const raw = await client.get(`/subjects/${segment(subject)}/versions/latest/schema`);
    expect(raw.status).toBe(200);
    expect(raw.body).toEqual(JSON.parse(text));

    expect((await client.get(`/schemas/ids/${id}`)).body).toEqual({ schema: text });
    expect((await client.get(`/schemas/ids/${id}/schema`)).body).toEqual(JSON.parse(text));
    expect((await client.get(`/schemas/ids/${id}/versions`)).body).toEqual([{ subject, version: 1 }]);
    expect((await client.get(`/schemas/ids/${id}/subjects`)).body).toEqual([subject]);
    expect((await client.get(`/subjects/${segment(subject)}/versions`)).body).toEqual([1]);
    expect((await client.get<string[]>('/subjects')).body).toContain(subject);
    expect((await client.get(`/subjects?subjectPrefix=${segment(subject)}`)).body).toEqual([subject]);
  });

  it('answers the root, the schema types and the content type Confluent clients expect', async () => {
    const { client } = registry;
    expect(await client.get('/')).toMatchObject({ status: 200, body: {} });
    const types = await client.get('/schemas/types');
    expect(types).toMatchObject({ status: 200, body: ['AVRO'] });
    expect(types.contentType).toContain(CONFLUENT_JSON);
  });

  it('accepts the three request media types', async () => {
    const { client } = registry;
    const subject = uniqueName('api.media-value');
    for (const contentType of [CONFLUENT_JSON, 'application/vnd.schemaregistry+json', 'application/json']) {
      const response = await client.register(subject, person(), { contentType });
      expect(response.status).toBe(200);
    }
    expect((await client.get(`/subjects/${segment(subject)}/versions`)).body).toEqual([1]);
  });

  it('gives the same id and no new version when the subject already has the schema', async () => {
    const { client } = registry;
    const subject = uniqueName('api.again-value');
    const first = await client.registerOk(subject, person());
    const second = await client.registerOk(subject, person());
    expect(second).toBe(first);
    expect((await client.get(`/subjects/${segment(subject)}/versions`)).body).toEqual([1]);
  });

  it('reuses the global id for the same schema under another subject', async () => {
    const { client } = registry;
    const schema = person([{ name: uniqueName('f').replace(/-/g, '_'), type: 'int' }]);
    const left = await client.registerOk(uniqueName('api.left-value'), schema);
    const right = await client.registerOk(uniqueName('api.right-value'), schema);
    expect(right).toBe(left);
    const subjects = await client.get<string[]>(`/schemas/ids/${left}/subjects`);
    expect(subjects.body).toHaveLength(2);
  });

  it('treats key order and whitespace as the same schema, docs and attributes as different ones', async () => {
    const { client } = registry;
    const subject = uniqueName('api.identity-value');
    const field = uniqueName('f').replace(/-/g, '_');
    const compact = `{"type":"record","name":"Person","namespace":"id.go.test","fields":[{"name":"${field}","type":"string"}]}`;
    const reordered = `{
      "fields": [ { "type": "string", "name": "${field}" } ],
      "namespace": "id.go.test",   "name": "Person",
      "type": "record"
    }`;
    const id = await client.registerOk(subject, compact);
    expect(await client.registerOk(subject, reordered)).toBe(id);
    // Served back exactly as first registered.
    expect((await client.get(`/schemas/ids/${id}`)).body).toEqual({ schema: compact });

    const withDoc = await client.registerOk(subject, {
      ...(JSON.parse(compact) as object),
      doc: 'Seorang penduduk',
    });
    expect(withDoc).not.toBe(id);
    const withAttribute = await client.registerOk(subject, {
      ...(JSON.parse(compact) as object),
      fields: [{ name: field, type: 'string', classification: 'personal' }],
    });
    expect(new Set([id, withDoc, withAttribute]).size).toBe(3);
    expect((await client.get(`/subjects/${segment(subject)}/versions`)).body).toEqual([1, 2, 3]);
  });

  it('looks a schema up in a subject', async () => {
    const { client } = registry;
    const subject = uniqueName('api.lookup-value');
    const v1 = person();
    const v2 = person([{ name: 'name', type: 'string', default: '' }]);
    const id1 = await client.registerOk(subject, v1);
    const id2 = await client.registerOk(subject, v2);
    const found = await client.post(`/subjects/${segment(subject)}`, {
      schema: JSON.stringify(v2, null, 2),
    });
    expect(found).toMatchObject({
      status: 200,
      body: { subject, version: 2, id: id2, schema: JSON.stringify(v2) },
    });
    expect(
      (await client.post(`/subjects/${segment(subject)}`, { schema: JSON.stringify(v1) })).body,
    ).toMatchObject({
      version: 1,
      id: id1,
    });
    const missing = await client.post(`/subjects/${segment(subject)}`, {
      schema: JSON.stringify(person([{ name: 'other', type: 'long', default: 0 }])),
    });
    expect(missing).toMatchObject({ status: 404, body: { error_code: 40403, message: 'Schema not found' } });
    const noSubject = await client.post(`/subjects/${segment(uniqueName('api.none'))}`, {
      schema: JSON.stringify(v1),
    });
    expect(noSubject).toMatchObject({ status: 404, body: { error_code: 40401 } });
  });

  it('registers one version for ten concurrent registrations of one schema', async () => {
    const { client, dataSource } = registry;
    const subject = uniqueName('api.concurrent-value');
    const schema = person([{ name: uniqueName('c').replace(/-/g, '_'), type: 'string' }]);
    const responses = await Promise.all(Array.from({ length: 10 }, () => client.register(subject, schema)));
    expect(responses.map((response) => response.status)).toEqual(Array(10).fill(200));
    expect(new Set(responses.map((response) => response.body.id)).size).toBe(1);
    expect((await client.get(`/subjects/${segment(subject)}/versions`)).body).toEqual([1]);
    const audited = await dataSource.getRepository(AuditEntryEntity).countBy({
      action: 'schema.registered',
      targetId: subject,
    });
    expect(audited).toBe(1);
  });

  it('numbers concurrent registrations of different schemas in one subject without gaps or duplicates', async () => {
    const { client } = registry;
    const subject = uniqueName('api.racing-value');
    const schemas = Array.from({ length: 5 }, (_, index) =>
      person([{ name: `optional${index}`, type: 'string', default: '' }], { doc: subject }),
    );
    const ids = await Promise.all(schemas.map((schema) => client.registerOk(subject, schema)));
    expect(new Set(ids).size).toBe(5);
    expect((await client.get(`/subjects/${segment(subject)}/versions`)).body).toEqual([1, 2, 3, 4, 5]);
    const byVersion = await Promise.all(
      [1, 2, 3, 4, 5].map(
        async (version) =>
          (await client.get<{ id: number }>(`/subjects/${segment(subject)}/versions/${version}`)).body.id,
      ),
    );
    expect(new Set(byVersion)).toEqual(new Set(ids));
  });

  it('gives concurrent registrations of one new schema in several subjects one global id', async () => {
    const { client } = registry;
    const schema = person([{ name: uniqueName('g').replace(/-/g, '_'), type: 'string' }]);
    const subjects = Array.from({ length: 6 }, (_, index) => uniqueName(`api.shared${index}-value`));
    const ids = await Promise.all(subjects.map((subject) => client.registerOk(subject, schema)));
    expect(new Set(ids).size).toBe(1);
  });

  it('continues version numbers after deletes, keeps deleted ids resolvable and lists deleted with deleted=true', async () => {
    const { client } = registry;
    const subject = uniqueName('api.numbering-value');
    const path = `/subjects/${segment(subject)}`;
    const ids: number[] = [];
    for (let index = 0; index < 3; index++) {
      ids.push(
        await client.registerOk(
          subject,
          person(
            Array.from({ length: index }, (_, field) => ({ name: `f${field}`, type: 'string', default: '' })),
            { doc: subject },
          ),
        ),
      );
    }
    expect((await client.delete(`${path}/versions/3`)).body).toBe(3);
    expect((await client.get(`${path}/versions`)).body).toEqual([1, 2]);
    expect((await client.get(`${path}/versions?deleted=true`)).body).toEqual([1, 2, 3]);
    expect((await client.get(`${path}/versions?deletedOnly=true`)).body).toEqual([3]);
    expect((await client.get(`${path}/versions/3`)).body).toMatchObject({ error_code: 40402 });
    expect((await client.get(`${path}/versions/3?deleted=true`)).body).toMatchObject({
      version: 3,
      id: ids[2],
    });
    expect((await client.get(`/schemas/ids/${ids[2]}`)).status).toBe(200);
    expect((await client.get(`/schemas/ids/${ids[2]}/versions`)).body).toEqual([]);
    expect((await client.get(`/schemas/ids/${ids[2]}/versions?deleted=true`)).body).toEqual([
      { subject, version: 3 },
    ]);

    // Registering v3's schema again makes a new version: soft-deleted versions do not count.
    const again = await client.registerOk(
      subject,
      person(
        Array.from({ length: 2 }, (_, field) => ({ name: `f${field}`, type: 'string', default: '' })),
        { doc: subject },
      ),
    );
    expect(again).toBe(ids[2]);
    expect((await client.get(`${path}/versions`)).body).toEqual([1, 2, 4]);

    expect((await client.delete(`${path}/versions/4`)).status).toBe(200);
    expect((await client.delete(`${path}/versions/4?permanent=true`)).body).toBe(4);
    await client.registerOk(subject, person([{ name: 'x', type: 'string', default: '' }], { doc: subject }));
    expect((await client.get(`${path}/versions`)).body).toEqual([1, 2, 5]);

    expect((await client.delete(path)).body).toEqual([1, 2, 5]);
    expect((await client.get<string[]>('/subjects')).body).not.toContain(subject);
    expect((await client.get<string[]>('/subjects?deleted=true')).body).toContain(subject);
    expect((await client.get<string[]>('/subjects?deletedOnly=true')).body).toContain(subject);
    await client.registerOk(subject, person());
    expect((await client.get(`${path}/versions`)).body).toEqual([6]);
  });

  it('resolves references between subjects and refuses to delete what is referenced', async () => {
    const { client } = registry;
    const addressSubject = uniqueName('api.address-value');
    const personSubject = uniqueName('api.with-address-value');
    const address = {
      type: 'record',
      name: 'Address',
      namespace: 'id.go.shared',
      fields: [
        { name: 'regencyCode', type: 'string' },
        { name: 'street', type: 'string', classification: 'personal' },
      ],
    };
    const addressId = await client.registerOk(addressSubject, address);
    const references = [{ name: 'id.go.shared.Address', subject: addressSubject, version: 1 }];
    const withAddress = recordSchema([
      { name: 'nik', type: 'string', classification: 'sensitive' },
      { name: 'home', type: 'id.go.shared.Address' },
    ]);
    const registered = await client.register(personSubject, withAddress, { references });
    expect(registered.status).toBe(200);
    const id = registered.body.id;

    expect((await client.get(`/schemas/ids/${id}`)).body).toEqual({
      schema: JSON.stringify(withAddress),
      references,
    });
    expect((await client.get(`/subjects/${segment(personSubject)}/versions/1`)).body).toEqual({
      subject: personSubject,
      version: 1,
      id,
      schema: JSON.stringify(withAddress),
      references,
    });
    expect((await client.get(`/subjects/${segment(addressSubject)}/versions/1/referencedby`)).body).toEqual([
      id,
    ]);

    // The same text with references is another schema than without (where it would not even parse).
    const without = await client.register(uniqueName('api.no-refs-value'), withAddress);
    expect(without).toMatchObject({ status: 422, body: { error_code: 42201 } });
    expect((without.body as unknown as { message: string }).message).toContain('id.go.shared.Address');

    // Lookup needs the references too.
    const found = await client.post(`/subjects/${segment(personSubject)}`, {
      schema: JSON.stringify(withAddress),
      references,
    });
    expect(found).toMatchObject({ status: 200, body: { id, version: 1 } });

    const fields = await client.get<{ personalFields: string[] }>(
      `/v1/subjects/${segment(personSubject)}/fields`,
    );
    expect(fields.body.personalFields).toEqual(['nik', 'home.street']);

    const refused = await client.delete(`/subjects/${segment(addressSubject)}/versions/1`);
    expect(refused).toMatchObject({ status: 422, body: { error_code: 42206 } });
    expect((await client.delete(`/subjects/${segment(addressSubject)}`)).body).toMatchObject({
      error_code: 42206,
    });
    expect(addressId).toBeGreaterThan(0);

    // Once the referencing subject is gone for good, the referenced one may go too.
    expect((await client.delete(`/subjects/${segment(personSubject)}`)).status).toBe(200);
    expect((await client.delete(`/subjects/${segment(personSubject)}?permanent=true`)).status).toBe(200);
    expect((await client.delete(`/subjects/${segment(addressSubject)}`)).body).toEqual([1]);
  });

  it('rejects a reference to a version that does not exist', async () => {
    const { client } = registry;
    const response = await client.register(
      uniqueName('api.bad-ref-value'),
      recordSchema([{ name: 'a', type: 'x.Y' }]),
      {
        references: [{ name: 'x.Y', subject: uniqueName('api.nothing'), version: 3 }],
      },
    );
    expect(response).toMatchObject({ status: 422, body: { error_code: 42201 } });
    expect((response.body as unknown as { message: string }).message).toMatch(
      /version 3 of subject .* does not exist/,
    );
  });
});
