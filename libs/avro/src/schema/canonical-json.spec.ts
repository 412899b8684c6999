import { createHash } from 'node:crypto';
import { canonicalSchemaJson, schemaFingerprint } from './canonical-json';

const schema = {
  type: 'record',
  name: 'Kelahiran',
  namespace: 'id.go.dukcapil',
  doc: 'A birth registration',
  fields: [
    { name: 'nik', type: 'string', classification: 'personal' },
    { name: 'weight', type: { type: 'int', logicalType: 'grams' }, default: 0, aliases: ['berat'] },
  ],
};

describe('canonicalSchemaJson', () => {
  it('sorts object keys recursively and drops whitespace', () => {
    expect(canonicalSchemaJson({ b: 1, a: { d: [3, { z: true, y: null }], c: 'x' } })).toBe(
      '{"a":{"c":"x","d":[3,{"y":null,"z":true}]},"b":1}',
    );
  });

  it('gives the same string whatever the whitespace and key order of the text', () => {
    const compact = JSON.parse(JSON.stringify(schema)) as unknown;
    const reordered = JSON.parse(`{
      "fields": [
        {"type": "string", "classification": "personal", "name": "nik"},
        {"aliases": ["berat"], "default": 0, "name": "weight", "type": {"logicalType": "grams", "type": "int"}}
      ],
      "namespace": "id.go.dukcapil",   "doc": "A birth registration",
      "name": "Kelahiran", "type": "record"
    }`) as unknown;
    expect(canonicalSchemaJson(reordered)).toBe(canonicalSchemaJson(compact));
  });

  it('keeps array order, which is meaningful (fields, symbols, union branches)', () => {
    expect(canonicalSchemaJson(['null', 'string'])).not.toBe(canonicalSchemaJson(['string', 'null']));
  });

  it.each([
    ['doc', { ...schema, doc: 'Another text' }],
    ['default', { ...schema, fields: [schema.fields[0], { ...schema.fields[1], default: 1 }] }],
    ['aliases', { ...schema, fields: [schema.fields[0], { ...schema.fields[1], aliases: [] }] }],
    ['logical type', { ...schema, fields: [schema.fields[0], { ...schema.fields[1], type: 'int' }] }],
    [
      'custom attribute',
      { ...schema, fields: [{ ...schema.fields[0], classification: 'sensitive' }, schema.fields[1]] },
    ],
  ])('keeps %s: changing it changes the identity', (_what, changed) => {
    expect(canonicalSchemaJson(changed)).not.toBe(canonicalSchemaJson(schema));
  });

  it('escapes strings as JSON does', () => {
    expect(canonicalSchemaJson({ 'k"ey': 'line\nbreak "quoted" \u00e9' })).toBe(
      '{"k\\"ey":"line\\nbreak \\"quoted\\" é"}',
    );
  });

  it('renders primitives as JSON', () => {
    expect([
      canonicalSchemaJson('int'),
      canonicalSchemaJson(1.5),
      canonicalSchemaJson(null),
      canonicalSchemaJson(false),
    ]).toEqual(['"int"', '1.5', 'null', 'false']);
  });

  it('leaves out undefined members like JSON.stringify', () => {
    expect(canonicalSchemaJson({ a: undefined, b: 1 })).toBe('{"b":1}');
  });

  it('refuses values JSON cannot hold, naming where', () => {
    expect(() => canonicalSchemaJson({ fields: [{ default: Number.NaN }] })).toThrow(
      "value at '/fields/0/default' is not JSON (number)",
    );
  });
});

describe('schemaFingerprint', () => {
  it('is the SHA-256 of the canonical JSON, lowercase hex', () => {
    const expected = createHash('sha256').update(canonicalSchemaJson(schema)).digest('hex');
    expect(schemaFingerprint(schema)).toBe(expected);
    expect(schemaFingerprint(schema)).toMatch(/^[0-9a-f]{64}$/);
  });

  it('is stable for a known input', () => {
    // sha256('"string"')
    expect(schemaFingerprint('string')).toBe(createHash('sha256').update('"string"').digest('hex'));
  });

  it('differs when a doc differs and matches when only key order differs', () => {
    expect(schemaFingerprint({ ...schema, doc: 'x' })).not.toBe(schemaFingerprint(schema));
    expect(
      schemaFingerprint({
        fields: schema.fields,
        name: schema.name,
        type: 'record',
        doc: schema.doc,
        namespace: schema.namespace,
      }),
    ).toBe(schemaFingerprint(schema));
  });
});
