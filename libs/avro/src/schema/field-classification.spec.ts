import { fieldClassifications, personalFields, validateClassifications } from './field-classification';
import { InvalidSchemaError } from './invalid-schema-error';
import { parseAvroSchema } from './parse-schema';

const place = {
  type: 'record',
  name: 'Place',
  fields: [
    { name: 'regencyCode', type: 'string', classification: 'public' },
    { name: 'hospital', type: ['null', 'string'], default: null },
  ],
};

const birth = {
  type: 'record',
  name: 'Kelahiran',
  namespace: 'id.go.dukcapil',
  fields: [
    { name: 'registrationId', type: 'string', classification: 'internal' },
    {
      name: 'child',
      type: {
        type: 'record',
        name: 'Child',
        fields: [
          { name: 'nik', type: 'string', classification: 'sensitive' },
          { name: 'name', type: 'string', classification: 'personal' },
          { name: 'birthPlace', type: place },
        ],
      },
    },
    {
      name: 'parents',
      type: {
        type: 'array',
        items: {
          type: 'record',
          name: 'Parent',
          fields: [
            { name: 'nik', type: 'string', classification: 'sensitive' },
            { name: 'role', type: { type: 'enum', name: 'Role', symbols: ['MOTHER', 'FATHER'] } },
          ],
        },
      },
    },
    { name: 'witnesses', type: { type: 'map', values: 'Parent' }, default: {} },
    { name: 'registeredAt', type: ['null', 'Place'], default: null, classification: 'public' },
  ],
};

describe('fieldClassifications', () => {
  it('walks nested records, arrays, maps and unions with dotted paths', () => {
    expect(fieldClassifications(birth)).toEqual([
      { path: 'registrationId', classification: 'internal' },
      { path: 'child', classification: undefined },
      { path: 'child.nik', classification: 'sensitive' },
      { path: 'child.name', classification: 'personal' },
      { path: 'child.birthPlace', classification: undefined },
      { path: 'child.birthPlace.regencyCode', classification: 'public' },
      { path: 'child.birthPlace.hospital', classification: undefined },
      { path: 'parents', classification: undefined },
      { path: 'parents.nik', classification: 'sensitive' },
      { path: 'parents.role', classification: undefined },
      { path: 'witnesses', classification: undefined },
      { path: 'witnesses.nik', classification: 'sensitive' },
      { path: 'witnesses.role', classification: undefined },
      { path: 'registeredAt', classification: 'public' },
      { path: 'registeredAt.regencyCode', classification: 'public' },
      { path: 'registeredAt.hospital', classification: undefined },
    ]);
  });

  it('accepts a ParsedSchema and resolves types from its references', () => {
    const address = {
      type: 'record',
      name: 'id.go.common.Address',
      fields: [{ name: 'street', type: 'string', classification: 'personal' }],
    };
    const parsed = parseAvroSchema(
      JSON.stringify({ type: 'record', name: 'R', fields: [{ name: 'home', type: 'id.go.common.Address' }] }),
      [{ name: 'address', schema: JSON.stringify(address) }],
    );
    expect(fieldClassifications(parsed)).toEqual([
      { path: 'home', classification: undefined },
      { path: 'home.street', classification: 'personal' },
    ]);
  });

  it('accepts schema JSON with named types passed separately', () => {
    const namedTypes = { 'id.go.common.Region': { type: 'enum', name: 'Region', symbols: ['A'] } };
    const schema = {
      type: 'record',
      name: 'R',
      fields: [{ name: 'region', type: 'id.go.common.Region', classification: 'public' }],
    };
    expect(fieldClassifications(schema, namedTypes)).toEqual([{ path: 'region', classification: 'public' }]);
  });

  it('stops where a recursive record recurses', () => {
    const list = {
      type: 'record',
      name: 'Node',
      fields: [
        { name: 'nik', type: 'string', classification: 'sensitive' },
        { name: 'next', type: ['null', 'Node'], default: null },
      ],
    };
    expect(fieldClassifications(list)).toEqual([
      { path: 'nik', classification: 'sensitive' },
      { path: 'next', classification: undefined },
    ]);
  });

  it('has no fields for a non-record schema', () => {
    expect(fieldClassifications('string')).toEqual([]);
  });

  it.each([
    ['an unknown value', 'secret', '"secret"'],
    ['a value in another case', 'Personal', '"Personal"'],
    ['a non-string', 3, '3'],
  ])('rejects %s with the field path and location', (_name, value, shown) => {
    const schema = {
      type: 'record',
      name: 'R',
      fields: [
        {
          name: 'child',
          type: {
            type: 'record',
            name: 'C',
            fields: [{ name: 'nik', type: 'string', classification: value }],
          },
        },
      ],
    };
    expect(() => fieldClassifications(schema)).toThrow(
      new InvalidSchemaError(
        `field 'child.nik' has unknown classification ${shown}; allowed: public, internal, personal, sensitive ` +
          '(at /fields/0/type/fields/0/classification)',
      ),
    );
  });
});

describe('validateClassifications', () => {
  it('accepts known classifications and unclassified fields', () => {
    expect(() => validateClassifications(birth)).not.toThrow();
  });

  it('throws InvalidSchemaError for an unknown classification', () => {
    const schema = {
      type: 'record',
      name: 'R',
      fields: [{ name: 'a', type: 'int', classification: 'top-secret' }],
    };
    expect(() => validateClassifications(schema)).toThrow(InvalidSchemaError);
  });

  it('throws InvalidSchemaError for an invalid schema', () => {
    expect(() =>
      validateClassifications({ type: 'record', name: 'R', fields: [{ name: 'a', type: 'Nope' }] }),
    ).toThrow(InvalidSchemaError);
  });
});

describe('personalFields', () => {
  it('lists personal and sensitive paths once each', () => {
    expect(personalFields(birth)).toEqual(['child.nik', 'child.name', 'parents.nik', 'witnesses.nik']);
  });

  it('lists one path once even when two union branches both have it', () => {
    const branch = (name: string) => ({
      type: 'record',
      name,
      fields: [{ name: 'nik', type: 'string', classification: 'personal' }],
    });
    const schema = {
      type: 'record',
      name: 'R',
      fields: [{ name: 'subject', type: [branch('A'), branch('B')] }],
    };
    expect(fieldClassifications(schema).filter((field) => field.path === 'subject.nik')).toHaveLength(2);
    expect(personalFields(schema)).toEqual(['subject.nik']);
  });

  it('is empty when nothing is personal', () => {
    expect(personalFields(place)).toEqual([]);
  });
});
