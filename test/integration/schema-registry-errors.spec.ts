import 'reflect-metadata';
import {
  assignOwner,
  basicAuth,
  CONFLUENT_JSON,
  createAgency,
  type RegistryUnderTest,
  recordSchema,
  segment,
  startRegistry,
} from '../support/registry-client';
import { uniqueName } from '../support/unique';

interface ConfluentError {
  error_code: number;
  message: string;
}

/** Bad input of every kind gets its precise status, Confluent error code and message; never a 500. */
describe('schema registry: bad input and access', () => {
  let registry: RegistryUnderTest;
  let subject: string;
  let schemaId: number;

  beforeAll(async () => {
    registry = await startRegistry();
    subject = uniqueName('errors.base-value');
    schemaId = await registry.client.registerOk(subject, recordSchema([{ name: 'nik', type: 'string' }]));
  });
  afterAll(() => registry.running.close());

  const versions = (name: string) => `/subjects/${segment(name)}/versions`;

  function expectError(
    response: { status: number; body: unknown; contentType: string | null },
    status: number,
    errorCode: number,
    message?: string | RegExp,
  ): void {
    expect(response.status).toBe(status);
    expect(response.contentType).toContain(CONFLUENT_JSON);
    const body = response.body as ConfluentError;
    expect(body.error_code).toBe(errorCode);
    expect(typeof body.message).toBe('string');
    if (typeof message === 'string') expect(body.message).toContain(message);
    else if (message) expect(body.message).toMatch(message);
  }

  describe('request bodies', () => {
    it('answers 400 for a body that is not JSON', async () => {
      expectError(await registry.client.post(versions(subject), '{"schema": '), 400, 400, 'not valid JSON');
    });

    it.each([
      ['an array', '[]'],
      ['a string', '"schema"'],
      ['a number', '42'],
      ['null', 'null'],
    ])('answers 422 for a body that is %s', async (_name, body) => {
      expectError(
        await registry.client.post(versions(subject), body),
        422,
        422,
        'request body must be a JSON object',
      );
    });

    it.each([
      ['a number', 42, 'got a number'],
      ['an object', { type: 'string' }, 'got a object'],
      ['missing', undefined, 'got nothing'],
      ['empty', '   ', "'schema' is empty"],
    ])('answers 42201 when schema is %s', async (_name, schema, message) => {
      const body = schema === undefined ? {} : { schema };
      expectError(await registry.client.post(versions(subject), body), 422, 42201, message);
    });

    it('answers 422 when references is not an array of references', async () => {
      const schema = JSON.stringify(recordSchema([{ name: 'a', type: 'string' }]));
      expectError(
        await registry.client.post(versions(subject), { schema, references: 'id.go.Address' }),
        422,
        422,
        "'references' must be an array",
      );
      expectError(
        await registry.client.post(versions(subject), { schema, references: [{ name: 'x', subject: 's' }] }),
        422,
        422,
        'references[0].version must be a version number',
      );
      expectError(
        await registry.client.post(versions(subject), {
          schema,
          references: [{ name: 'id.go\u0000Address', subject, version: 1 }],
        }),
        422,
        422,
        'references[0].name must be a non-empty string without control characters',
      );
      expectError(
        await registry.client.post(versions(subject), { schema, references: [7] }),
        422,
        422,
        'references[0] must be an object',
      );
    });

    it.each(['JSON', 'PROTOBUF'])('answers 42201 "unsupported" for schemaType %s', async (schemaType) => {
      const response = await registry.client.post(versions(subject), {
        schema: '{"type": "object"}',
        schemaType,
      });
      expectError(response, 422, 42201, `schema type ${schemaType} is unsupported`);
    });

    it('answers 42201 for an unknown schemaType and 422 for one that is not a string', async () => {
      const schema = '"string"';
      expectError(
        await registry.client.post(versions(subject), { schema, schemaType: 'XML' }),
        422,
        42201,
        "'XML'",
      );
      expectError(
        await registry.client.post(versions(subject), { schema, schemaType: 1 }),
        422,
        422,
        'schemaType',
      );
    });

    it('answers 422 for id or version outside IMPORT mode, and for ids that are not ids', async () => {
      const schema = JSON.stringify(recordSchema([{ name: 'nik', type: 'string' }]));
      expectError(
        await registry.client.post(versions(subject), { schema, id: 'seven' }),
        422,
        422,
        "'id' must be",
      );
      expectError(
        await registry.client.post(versions(subject), { schema, version: 0 }),
        422,
        422,
        "'version' must be",
      );
      expectError(
        await registry.client.post(versions(subject), { schema, id: 77 }),
        422,
        42205,
        'not in import mode',
      );
    });

    it('answers 413 for a body over the limit', async () => {
      const big = JSON.stringify({ schema: JSON.stringify({ type: 'string', doc: 'x'.repeat(1_100_000) }) });
      expectError(await registry.client.post(versions(subject), big), 413, 413, 'larger than the limit');
    });

    it('answers 415 for a body that is not sent as JSON', async () => {
      const response = await registry.client.post(versions(subject), '{"schema": "\\"string\\""}', {
        contentType: 'text/plain',
      });
      expectError(response, 415, 415, "Content-Type 'text/plain' is not supported");
    });
  });

  describe('schemas that are not valid Avro', () => {
    const record = (fields: unknown[]) => ({
      type: 'record',
      name: 'Kelahiran',
      namespace: 'id.go.test',
      fields,
    });
    it.each([
      ['not JSON', '{"type": "record",', 'schema is not valid JSON'],
      ['an unknown type', record([{ name: 'address', type: 'Adress' }]), "unknown type name 'Adress'"],
      [
        'a default of the wrong type',
        record([{ name: 'weight', type: 'int', default: 'heavy' }]),
        'default value of field \'weight\' does not match its type: expected an int (32-bit integer), got "heavy"',
      ],
      [
        'a union default not matching the first branch',
        record([{ name: 'note', type: ['null', 'string'], default: 'x' }]),
        'a union default must match the FIRST branch',
      ],
      [
        'duplicate field names',
        record([
          { name: 'nik', type: 'string' },
          { name: 'nik', type: 'long' },
        ]),
        "duplicate field name 'nik'",
      ],
      [
        'duplicate enum symbols',
        record([{ name: 'sex', type: { type: 'enum', name: 'Sex', symbols: ['MALE', 'MALE'] } }]),
        "duplicate symbol 'MALE'",
      ],
      [
        'an invalid record name',
        { type: 'record', name: '1Kelahiran', fields: [] },
        "invalid record name '1Kelahiran'",
      ],
      [
        'an invalid field name',
        record([{ name: 'birth-date', type: 'int' }]),
        "invalid field name 'birth-date'",
      ],
      [
        'an invalid namespace',
        { type: 'enum', name: 'E', namespace: 'id..go', symbols: ['A'] },
        "invalid namespace 'id..go'",
      ],
      [
        'a union with two of the same type',
        record([{ name: 'u', type: ['null', 'int', 'int'] }]),
        "a union may not contain two branches of the same type: branches 1 and 2 are both 'int'",
      ],
      [
        'a union of two arrays',
        record([
          {
            name: 'u',
            type: [
              { type: 'array', items: 'int' },
              { type: 'array', items: 'string' },
            ],
          },
        ]),
        'both arrays',
      ],
      ['a fixed without size', { type: 'fixed', name: 'F' }, "needs a 'size'"],
      [
        'an unknown classification',
        record([{ name: 'nik', type: 'string', classification: 'secret' }]),
        'field \'nik\' has unknown classification "secret"; allowed: public, internal, personal, sensitive',
      ],
    ])('answers 42201 for %s', async (_name, schema, message) => {
      const response = await registry.client.register(uniqueName('errors.avro-value'), schema);
      expectError(response, 422, 42201, message);
      expect((response.body as unknown as ConfluentError).message).toMatch(/^Invalid schema: /);
    });

    it('answers 42201 for a schema nested too deeply to parse safely', async () => {
      const depth = 20_000;
      const deep = '{"type":"array","items":'.repeat(depth) + '"int"' + '}'.repeat(depth);
      const response = await registry.client.register(uniqueName('errors.deep-value'), deep);
      expectError(response, 422, 42201, 'deeper than 256 levels');
      const nested = '{"type":"array","items":'.repeat(100) + '"int"' + '}'.repeat(100);
      expect((await registry.client.register(uniqueName('errors.nested-value'), nested)).status).toBe(200);
    });

    it('checks the schema of a look-up and of a compatibility test too', async () => {
      const bad = JSON.stringify({ type: 'record', name: 'R', fields: [{ name: 'a', type: 'nope' }] });
      expectError(
        await registry.client.post(`/subjects/${segment(subject)}`, { schema: bad }),
        422,
        42201,
        'nope',
      );
      expectError(
        await registry.client.post(`/compatibility/subjects/${segment(subject)}/versions/latest`, {
          schema: bad,
        }),
        422,
        42201,
        'nope',
      );
    });
  });

  describe('subjects, versions and ids that do not exist or cannot', () => {
    it('answers 40401 for an unknown subject on every read', async () => {
      const unknown = uniqueName('errors.unknown');
      expectError(
        await registry.client.get(versions(unknown)),
        404,
        40401,
        `Subject '${unknown}' not found.`,
      );
      expectError(await registry.client.get(`${versions(unknown)}/latest`), 404, 40401);
      expectError(await registry.client.get(`${versions(unknown)}/1/schema`), 404, 40401);
      expectError(await registry.client.delete(`/subjects/${segment(unknown)}`), 404, 40401);
      expectError(await registry.client.delete(`${versions(unknown)}/1`), 404, 40401);
    });

    it('answers 40402 for a version the subject does not have', async () => {
      expectError(await registry.client.get(`${versions(subject)}/99`), 404, 40402, 'Version 99 not found');
      expectError(await registry.client.get(`${versions(subject)}/2147483647/schema`), 404, 40402);
      expectError(await registry.client.delete(`${versions(subject)}/42`), 404, 40402);
    });

    it.each(['abc', '0', '-2', '1.5', '2147483648', '99999999999', 'LATEST', '1e3'])(
      'answers 42202 for the version %s',
      async (version) => {
        const message = `The specified version '${version}' is not a valid version id`;
        expectError(await registry.client.get(`${versions(subject)}/${version}`), 422, 42202, message);
        expectError(await registry.client.delete(`${versions(subject)}/${version}`), 422, 42202, message);
        const schema = JSON.stringify(recordSchema([{ name: 'nik', type: 'string' }]));
        expectError(
          await registry.client.post(`/compatibility/subjects/${segment(subject)}/versions/${version}`, {
            schema,
          }),
          422,
          42202,
        );
      },
    );

    it.each(['999999999', 'abc', '-1', '0', '1.0', '4294967296'])(
      'answers 40403 for the schema id %s',
      async (id) => {
        expectError(await registry.client.get(`/schemas/ids/${id}`), 404, 40403, `Schema ${id} not found`);
        expectError(await registry.client.get(`/schemas/ids/${id}/versions`), 404, 40403);
        expectError(await registry.client.get(`/schemas/ids/${id}/subjects`), 404, 40403);
      },
    );

    it('serves an existing id while answering 40403 next to it', async () => {
      expect((await registry.client.get(`/schemas/ids/${schemaId}`)).status).toBe(200);
    });

    it('answers 404 in Confluent format for an unknown route', async () => {
      expectError(await registry.client.get('/subjectz'), 404, 404);
    });
  });

  describe('hostile subject names', () => {
    const long = 'a'.repeat(10_000);

    it('registers and reads a subject named with unicode or dots and slashes', async () => {
      for (const name of [
        `kependudukan.kelahiran-${uniqueName('日本-😀')}-value`,
        `../${uniqueName('dots')}/..`,
      ]) {
        const id = await registry.client.registerOk(name, recordSchema([{ name: 'nik', type: 'string' }]));
        expect((await registry.client.get(`${versions(name)}/1`)).body).toMatchObject({ subject: name, id });
        expect((await registry.client.get<string[]>(`/schemas/ids/${id}/subjects`)).body).toContain(name);
      }
    });

    it('answers 42208 for writes and 40401 for reads of a 10,000-character subject', async () => {
      const schema = recordSchema([{ name: 'nik', type: 'string' }]);
      const write = await registry.client.register(long, schema);
      expectError(write, 422, 42208, '(10000 characters)');
      expect((write.body as unknown as ConfluentError).message.length).toBeLessThan(300);
      expectError(await registry.client.put(`/config/${long}`, { compatibility: 'FULL' }), 422, 42208);
      expectError(await registry.client.put(`/mode/${long}`, { mode: 'READONLY' }), 422, 42208);
      expectError(await registry.client.get(versions(long)), 404, 40401);
      expectError(
        await registry.client.post(`/subjects/${long}`, { schema: JSON.stringify(schema) }),
        404,
        40401,
      );
      expectError(await registry.client.get(`/config/${long}`), 404, 40408);
    });

    it('answers 42208 for writes and 40401 for reads of subjects with control characters', async () => {
      const schema = recordSchema([{ name: 'nik', type: 'string' }]);
      for (const name of ['nul\u0000char', 'new\nline', 'bell\u0007']) {
        expectError(await registry.client.register(name, schema), 422, 42208, 'is not valid');
        expectError(await registry.client.get(versions(name)), 404, 40401);
        expectError(await registry.client.delete(`/subjects/${segment(name)}`), 404, 40401);
      }
    });

    it('lists no subjects for a prefix no subject can have', async () => {
      for (const prefix of ['%00', '%01x', 'x'.repeat(5_000)]) {
        expect(await registry.client.get(`/subjects?subjectPrefix=${prefix}`)).toMatchObject({
          status: 200,
          body: [],
        });
      }
    });

    it('answers 400 for a path that is not valid percent-encoding', async () => {
      expectError(await registry.client.get('/subjects/%E0%A4%A/versions'), 400, 400);
    });
  });

  describe('levels and modes', () => {
    it.each([
      [{ compatibility: 'SIDEWAYS' }, '"SIDEWAYS"'],
      [{ compatibility: 5 }, '5'],
      [{ compatibility: null }, 'null'],
      [{}, '(missing)'],
    ])('answers 42203 for the level in %j', async (body, shown) => {
      const response = await registry.client.put(`/config/${segment(subject)}`, body);
      expectError(response, 422, 42203, `Invalid compatibility level ${shown}. Valid values are`);
      expect((response.body as ConfluentError).message).toContain(
        'Valid values are none, backward, forward, full',
      );
    });

    it.each([[{ mode: 'WRITEONLY' }], [{ mode: 1 }], [{}]])(
      'answers 42204 for the mode in %j',
      async (body) => {
        const response = await registry.client.put(`/mode/${segment(subject)}`, body);
        expectError(response, 422, 42204, 'Valid values are READWRITE, READONLY, and IMPORT');
      },
    );

    it('answers 422 for a config body that is not an object', async () => {
      expectError(await registry.client.put(`/config/${segment(subject)}`, '["FULL"]'), 422, 422);
      expectError(await registry.client.put('/mode', '"READONLY"'), 422, 422);
    });
  });

  describe('authentication and ownership', () => {
    it('answers 401 (40101) without credentials or with wrong ones, with a challenge', async () => {
      for (const auth of [null, 'Bearer not-a-key', basicAuth('admin', 'wrong'), 'Digest abc']) {
        const response = await registry.client.get('/subjects', { auth });
        expectError(response, 401, 40101);
        expect(response.headers.get('www-authenticate')).toContain('Basic');
      }
      expectError(await registry.client.register(subject, '"string"', { auth: null }), 401, 40101);
    });

    it('lets an owning agency write its subject and refuses others with 403 (40301)', async () => {
      const { client, dataSource } = registry;
      const owner = await createAgency(dataSource, 'owner');
      const other = await createAgency(dataSource, 'other');
      const owned = uniqueName('errors.owned-value');
      await assignOwner(dataSource, owned, owner.agencyId);
      const ownerAuth = basicAuth(owner.agencyId, owner.key);
      const otherAuth = `Bearer ${other.key}`;
      const schema = recordSchema([{ name: 'nik', type: 'string' }]);

      const id = await client.registerOk(owned, schema, { auth: ownerAuth });
      const denied = await client.register(owned, recordSchema([{ name: 'nik', type: 'string', doc: 'x' }]), {
        auth: otherAuth,
      });
      expectError(denied, 403, 40301, `User is denied operation Write on subject '${owned}'`);
      expect((denied.body as unknown as ConfluentError).message).toContain(
        `belongs to agency '${owner.agencyId}'`,
      );

      // Any authenticated agency may read.
      expect((await client.get(`${versions(owned)}/latest`, { auth: otherAuth })).body).toMatchObject({ id });
      expect((await client.get(`/schemas/ids/${id}`, { auth: otherAuth })).status).toBe(200);

      for (const response of [
        await client.put(`/config/${segment(owned)}`, { compatibility: 'NONE' }, { auth: otherAuth }),
        await client.put(`/mode/${segment(owned)}`, { mode: 'READONLY' }, { auth: otherAuth }),
        await client.delete(`/config/${segment(owned)}`, { auth: otherAuth }),
        await client.delete(`${versions(owned)}/1`, { auth: otherAuth }),
        await client.delete(`/subjects/${segment(owned)}`, { auth: otherAuth }),
      ]) {
        expectError(response, 403, 40301);
      }
      expect(
        (await client.put(`/config/${segment(owned)}`, { compatibility: 'FULL' }, { auth: ownerAuth })).body,
      ).toEqual({
        compatibility: 'FULL',
      });
      expect((await client.delete(`${versions(owned)}/1`, { auth: ownerAuth })).body).toBe(1);
    });

    it('keeps subjects without an owner, and the global settings, to admins', async () => {
      const { client, dataSource } = registry;
      const agency = await createAgency(dataSource, 'agency');
      const auth = `Bearer ${agency.key}`;
      const unowned = uniqueName('errors.unowned-value');
      const refused = await client.register(unowned, recordSchema([{ name: 'nik', type: 'string' }]), {
        auth,
      });
      expectError(refused, 403, 40301, 'only an admin may change it');
      expectError(
        await client.put(`/config/${segment(subject)}`, { compatibility: 'NONE' }, { auth }),
        403,
        40301,
      );
      expectError(await client.put('/config', { compatibility: 'NONE' }, { auth }), 403, 40301, 'global');
      expectError(await client.delete('/config', { auth }), 403, 40301, 'global');
      expectError(await client.put('/mode', { mode: 'READONLY' }, { auth }), 403, 40301, 'global');
      expect((await client.get('/config', { auth })).status).toBe(200);
      expect((await client.get(versions(unowned))).status).toBe(404);
    });

    it('refuses Basic auth whose user is not the agency of the key', async () => {
      const agency = await createAgency(registry.dataSource, 'basic');
      expectError(
        await registry.client.get('/subjects', { auth: basicAuth('admin', agency.key) }),
        401,
        40101,
      );
      expect(
        (await registry.client.get('/subjects', { auth: basicAuth(agency.agencyId, agency.key) })).status,
      ).toBe(200);
    });
  });

  describe('Penghubung routes keep the house error format', () => {
    it('answers /v1 errors as {error: {code, message, details}}', async () => {
      const unknown = await registry.client.get(`/v1/subjects/${segment(uniqueName('errors.none'))}/fields`);
      expect(unknown.status).toBe(404);
      expect(unknown.contentType).toContain('application/json');
      expect(unknown.body).toMatchObject({ error: { code: 'NOT_FOUND', details: { errorCode: 40401 } } });
      const badVersion = await registry.client.get(`/v1/subjects/${segment(subject)}/fields?version=x`);
      expect(badVersion).toMatchObject({
        status: 422,
        body: { error: { code: 'SCHEMA_VIOLATION', details: { errorCode: 42202 } } },
      });
      const anonymous = await registry.client.get(`/v1/subjects/${segment(subject)}/changelog`, {
        auth: null,
      });
      expect(anonymous).toMatchObject({ status: 401, body: { error: { code: 'UNAUTHENTICATED' } } });
    });
  });
});
