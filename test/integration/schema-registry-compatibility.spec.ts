import 'reflect-metadata';
import { type RegistryUnderTest, recordSchema, segment, startRegistry } from '../support/registry-client';
import { uniqueName } from '../support/unique';

const LEVELS = [
  'NONE',
  'BACKWARD',
  'BACKWARD_TRANSITIVE',
  'FORWARD',
  'FORWARD_TRANSITIVE',
  'FULL',
  'FULL_TRANSITIVE',
] as const;
type Level = (typeof LEVELS)[number];

const person = (...fields: unknown[]) => recordSchema(fields, 'Person');
const a = { name: 'a', type: 'string' };
const bRequired = { name: 'b', type: 'string' };
const bOptional = { name: 'b', type: 'string', default: '' };

/** Which levels accept the change: one letter per level, in LEVELS order (y = compatible). */
function accepted(pattern: string): Record<Level, boolean> {
  return Object.fromEntries(LEVELS.map((level, index) => [level, pattern[index] === 'y'])) as Record<
    Level,
    boolean
  >;
}

/** The seven levels through the HTTP API, with Avro's resolution rules, on the real PostgreSQL. */
describe('schema registry: compatibility levels', () => {
  let registry: RegistryUnderTest;

  beforeAll(async () => {
    registry = await startRegistry();
  });
  afterAll(() => registry.running.close());

  /** A subject with its own level and the given versions registered in order. */
  async function subjectWith(level: Level, versions: unknown[]): Promise<string> {
    const subject = uniqueName(`compat.${level.toLowerCase()}-value`);
    const config = await registry.client.put(`/config/${segment(subject)}`, { compatibility: level });
    expect(config.body).toEqual({ compatibility: level });
    for (const schema of versions) await registry.client.registerOk(subject, schema);
    return subject;
  }

  // Two versions: [previous, candidate]; NONE, BACKWARD, BACKWARD_T, FORWARD, FORWARD_T, FULL, FULL_T.
  const pairs: [string, unknown, unknown, string][] = [
    ['adds a field with a default', person(a), person(a, bOptional), 'yyyyyyy'],
    ['adds a field without a default', person(a), person(a, bRequired), 'ynnyynn'],
    ['removes a field without a default', person(a, bRequired), person(a), 'yyynnnn'],
    ['removes a field with a default', person(a, bOptional), person(a), 'yyyyyyy'],
    [
      'promotes int to long',
      person({ name: 'n', type: 'int' }),
      person({ name: 'n', type: 'long' }),
      'yyynnnn',
    ],
    [
      'narrows long to int',
      person({ name: 'n', type: 'long' }),
      person({ name: 'n', type: 'int' }),
      'ynnyynn',
    ],
    ['changes string to int', person(a), person({ name: 'a', type: 'int' }), 'ynnnnnn'],
    ['reads string as bytes and back', person(a), person({ name: 'a', type: 'bytes' }), 'yyyyyyy'],
    [
      'removes an enum symbol without a default symbol',
      person({ name: 's', type: { type: 'enum', name: 'Sex', symbols: ['L', 'P'] } }),
      person({ name: 's', type: { type: 'enum', name: 'Sex', symbols: ['L'] } }),
      'ynnyynn',
    ],
    [
      'removes an enum symbol with a default symbol',
      person({ name: 's', type: { type: 'enum', name: 'Sex', symbols: ['L', 'P', 'X'], default: 'X' } }),
      person({ name: 's', type: { type: 'enum', name: 'Sex', symbols: ['L', 'X'], default: 'X' } }),
      'yyyyyyy',
    ],
    [
      'makes a field nullable',
      person(a),
      person({ name: 'a', type: ['null', 'string'], default: null }),
      'yyynnnn',
    ],
    ['renames the record (unqualified name differs)', person(a), recordSchema([a], 'Human'), 'ynnnnnn'],
    [
      'renames the record with an alias for the old name',
      person(a),
      recordSchema([a], 'Human', { aliases: ['id.go.test.Person'] }),
      'yyynnnn',
    ],
    [
      'changes a fixed size',
      person({ name: 'f', type: { type: 'fixed', name: 'Hash', size: 16 } }),
      person({ name: 'f', type: { type: 'fixed', name: 'Hash', size: 32 } }),
      'ynnnnnn',
    ],
  ];

  describe.each(pairs)('a new version that %s', (_name, previous, candidate, pattern) => {
    it.each(LEVELS)('is judged by %s', async (level) => {
      const compatible = accepted(pattern)[level];
      const subject = await subjectWith(level, [previous]);
      const check = await registry.client.post(
        `/compatibility/subjects/${segment(subject)}/versions/latest?verbose=true`,
        { schema: JSON.stringify(candidate) },
      );
      expect(check.status).toBe(200);
      const verdict = check.body as { is_compatible: boolean; messages: string[] };
      expect(verdict.is_compatible).toBe(compatible);
      expect(verdict.messages.length === 0).toBe(compatible);

      const registered = await registry.client.register(subject, candidate);
      if (compatible) {
        expect(registered.status).toBe(200);
        expect((await registry.client.get(`/subjects/${segment(subject)}/versions`)).body).toEqual([1, 2]);
      } else {
        expect(registered.status).toBe(409);
        const body = registered.body as unknown as { error_code: number; message: string };
        expect(body.error_code).toBe(409);
        expect(body.message).toContain(`incompatible with an earlier schema for subject "${subject}"`);
        expect(body.message).toContain(verdict.messages[0]);
        expect((await registry.client.get(`/subjects/${segment(subject)}/versions`)).body).toEqual([1]);
      }
    });
  });

  // Three versions: v1, v2 (compatible with v1), v3 compatible with v2 only.
  const chains: [Level, Level, unknown[], unknown][] = [
    ['BACKWARD', 'BACKWARD_TRANSITIVE', [person(a), person(a, bOptional)], person(a, bRequired)],
    ['FORWARD', 'FORWARD_TRANSITIVE', [person(a, bRequired), person(a, bOptional)], person(a)],
    ['FULL', 'FULL_TRANSITIVE', [person(a, bRequired), person(a, bOptional)], person(a)],
  ];

  it.each(chains)(
    'v3 compatible with v2 but not v1 passes %s and fails %s',
    async (plain, transitive, [v1, v2], v3) => {
      const lenient = await subjectWith(plain, [v1, v2]);
      expect((await registry.client.register(lenient, v3)).status).toBe(200);

      const strict = await subjectWith(transitive, [v1, v2]);
      const refused = await registry.client.register(strict, v3);
      expect(refused.status).toBe(409);
      const message = (refused.body as unknown as { message: string }).message;
      expect(message).toContain('version 1 (schema id');
      expect(message).not.toContain('version 2 (schema id');

      // The compatibility API agrees: against v2 alone it passes, against the level's versions it does not.
      const base = `/compatibility/subjects/${segment(strict)}/versions`;
      const schema = JSON.stringify(v3);
      expect((await registry.client.post(`${base}/2`, { schema })).body).toEqual({ is_compatible: true });
      expect((await registry.client.post(`${base}/1`, { schema })).body).toEqual({ is_compatible: false });
      expect((await registry.client.post(base, { schema })).body).toEqual({ is_compatible: false });
      expect(
        (await registry.client.post(`/compatibility/subjects/${segment(lenient)}/versions`, { schema })).body,
      ).toEqual({
        is_compatible: true,
      });
    },
  );

  it('ignores soft-deleted versions in checks', async () => {
    const subject = await subjectWith('BACKWARD_TRANSITIVE', [person(a), person(a, bOptional)]);
    const v3 = person(a, bRequired);
    expect((await registry.client.register(subject, v3)).status).toBe(409);
    expect((await registry.client.delete(`/subjects/${segment(subject)}/versions/1`)).status).toBe(200);
    expect((await registry.client.register(subject, v3)).status).toBe(200);
    expect((await registry.client.get(`/subjects/${segment(subject)}/versions`)).body).toEqual([2, 3]);
  });

  it('names the field path and the rule in verbose messages', async () => {
    const nested = (fields: unknown[]) =>
      person({ name: 'child', type: { type: 'record', name: 'Child', fields } });
    const subject = await subjectWith('BACKWARD', [nested([a])]);
    const check = await registry.client.post(
      `/compatibility/subjects/${segment(subject)}/versions/latest?verbose=true`,
      { schema: JSON.stringify(nested([a, { name: 'birthDate', type: 'int' }])) },
    );
    const { messages } = check.body as { messages: string[] };
    expect(messages).toHaveLength(1);
    expect(messages[0]).toMatch(
      /^BACKWARD: the new schema cannot read data written with version 1 \(schema id \d+\)/,
    );
    expect(messages[0]).toContain("reader field 'birthDate' at 'child.birthDate' has no default value");
    expect(messages[0]).toContain('[READER_FIELD_MISSING_DEFAULT_VALUE at /fields/0/type/fields/1]');
    // Without verbose, the verdict alone.
    const terse = await registry.client.post(`/compatibility/subjects/${segment(subject)}/versions/latest`, {
      schema: JSON.stringify(nested([a, { name: 'birthDate', type: 'int' }])),
    });
    expect(terse.body).toEqual({ is_compatible: false });
  });

  it('accepts anything in a subject without versions, and answers 40401/40402 for a named version', async () => {
    const subject = uniqueName('compat.empty-value');
    const schema = JSON.stringify(person(a));
    const base = `/compatibility/subjects/${segment(subject)}/versions`;
    expect((await registry.client.post(base, { schema })).body).toEqual({ is_compatible: true });
    expect((await registry.client.post(`${base}/latest`, { schema })).body).toMatchObject({
      error_code: 40401,
    });
    const existing = await subjectWith('BACKWARD', [person(a)]);
    const missing = await registry.client.post(`/compatibility/subjects/${segment(existing)}/versions/7`, {
      schema,
    });
    expect(missing).toMatchObject({ status: 404, body: { error_code: 40402 } });
  });

  it('uses the global level when the subject has none', async () => {
    const subject = uniqueName('compat.global-value');
    await registry.client.registerOk(subject, person(a));
    expect((await registry.client.get('/config')).body).toEqual({ compatibilityLevel: 'BACKWARD' });
    expect((await registry.client.register(subject, person(a, bRequired))).status).toBe(409);
    expect((await registry.client.register(subject, person(a, bOptional))).status).toBe(200);
  });
});
