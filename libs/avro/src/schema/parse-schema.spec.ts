import * as avro from 'avsc';
import { InvalidSchemaError } from './invalid-schema-error';
import { parseAvroSchema } from './parse-schema';

const record = (fields: unknown[], extra: Record<string, unknown> = {}): string =>
  JSON.stringify({ type: 'record', name: 'Kelahiran', namespace: 'id.go.dukcapil', fields, ...extra });

/** Parses expecting failure; returns the error so tests can check message and location. */
function rejection(text: string, references?: { name: string; schema: string }[]): InvalidSchemaError {
  try {
    parseAvroSchema(text, references);
  } catch (error) {
    expect(error).toBeInstanceOf(InvalidSchemaError);
    return error as InvalidSchemaError;
  }
  throw new Error(`expected the schema to be rejected: ${text}`);
}

const address = JSON.stringify({
  type: 'record',
  name: 'Address',
  namespace: 'id.go.common',
  fields: [
    { name: 'street', type: 'string' },
    { name: 'regencyCode', type: 'string', classification: 'internal' },
  ],
});

describe('parseAvroSchema', () => {
  describe('accepts valid schemas', () => {
    it('returns the JSON as written, with docs and custom attributes, and a working avsc type', () => {
      const text = record([
        { name: 'nik', type: 'string', doc: 'National id', classification: 'personal' },
        { name: 'weight', type: 'int', default: 0 },
      ]);
      const parsed = parseAvroSchema(text);
      expect(parsed.json).toEqual(JSON.parse(text));
      expect(parsed.type).toBeInstanceOf(avro.Type);
      expect(parsed.type.fromBuffer(parsed.type.toBuffer({ nik: '317', weight: 3200 }))).toEqual({
        nik: '317',
        weight: 3200,
      });
      expect(parsed.namedTypes).toEqual({});
    });

    it.each([
      ['a primitive', '"string"'],
      ['a primitive in object form with a logical type', '{"type": "int", "logicalType": "date"}'],
      ['a union of null and a record', JSON.stringify(['null', { type: 'record', name: 'R', fields: [] }])],
      [
        'an error type',
        JSON.stringify({ type: 'error', name: 'Failure', fields: [{ name: 'm', type: 'string' }] }),
      ],
      ['an empty namespace', JSON.stringify({ type: 'record', name: 'R', namespace: '', fields: [] })],
      [
        'two records of different names in a union',
        JSON.stringify([
          { type: 'record', name: 'A', fields: [] },
          { type: 'record', name: 'B', fields: [] },
        ]),
      ],
      [
        'two fixed of different names in a union',
        JSON.stringify([
          { type: 'fixed', name: 'A', size: 1 },
          { type: 'fixed', name: 'B', size: 2 },
        ]),
      ],
      ['a fixed of size 0', JSON.stringify({ type: 'fixed', name: 'Nothing', size: 0 })],
      [
        'an enum with a default symbol',
        JSON.stringify({ type: 'enum', name: 'E', symbols: ['A', 'OTHER'], default: 'OTHER' }),
      ],
      [
        'a recursive linked list',
        JSON.stringify({
          type: 'record',
          name: 'Node',
          fields: [
            { name: 'value', type: 'int' },
            { name: 'next', type: ['null', 'Node'], default: null },
          ],
        }),
      ],
      [
        'a nested record that inherits the namespace and is used by short name',
        record([
          {
            name: 'home',
            type: { type: 'record', name: 'Place', fields: [{ name: 'code', type: 'string' }] },
          },
          { name: 'work', type: 'Place' },
          { name: 'birth', type: 'id.go.dukcapil.Place' },
        ]),
      ],
      [
        'field order and aliases',
        record([{ name: 'nik', type: 'string', order: 'descending', aliases: ['nationalId', 'id_number'] }]),
      ],
    ])('%s', (_name, text) => {
      expect(parseAvroSchema(text).type).toBeInstanceOf(avro.Type);
    });

    it.each([
      ['null', 'null', null],
      ['boolean', 'boolean', true],
      ['int', 'int', -2147483648],
      ['long', 'long', 1234567890123],
      ['float from an integer literal', 'float', 1],
      ['double', 'double', 36.6],
      ['string', 'string', ''],
      ['bytes with code points up to 255', 'bytes', '\u0000\u00ff'],
      ['fixed of the right length', { type: 'fixed', name: 'Two', size: 2 }, 'ab'],
      ['enum symbol', { type: 'enum', name: 'E', symbols: ['A', 'B'] }, 'B'],
      ['array', { type: 'array', items: 'int' }, [1, 2]],
      ['map', { type: 'map', values: 'string' }, { a: 'x' }],
      ['union matching its first branch (null)', ['null', 'string'], null],
      ['union matching its first branch (string)', ['string', 'null'], 'x'],
      [
        'record, missing members taken from field defaults',
        {
          type: 'record',
          name: 'P',
          fields: [
            { name: 'a', type: 'int' },
            { name: 'b', type: 'int', default: 1 },
          ],
        },
        { a: 0 },
      ],
    ])('a valid %s default', (_name, type, value) => {
      expect(() => parseAvroSchema(record([{ name: 'f', type, default: value }]))).not.toThrow();
    });
  });

  it('rejects text that is not JSON', () => {
    const error = rejection('{"type": "record",');
    expect(error.message).toMatch(/^schema is not valid JSON: /);
  });

  describe('rejects unknown type names', () => {
    it('at the field that uses it', () => {
      const error = rejection(
        record([
          { name: 'nik', type: 'string' },
          { name: 'address', type: 'Adress' },
        ]),
      );
      expect(error.message).toBe(
        "unknown type name 'Adress' (looked for 'id.go.dukcapil.Adress' and 'Adress'; a named type must be defined " +
          "before use or come from a reference) (at /fields/1/type, field 'address')",
      );
      expect(error.location).toBe('/fields/1/type');
    });

    it('deep inside nested records, arrays and unions', () => {
      const error = rejection(
        record([
          {
            name: 'child',
            type: {
              type: 'record',
              name: 'Child',
              fields: [{ name: 'places', type: { type: 'array', items: ['null', 'Tempat'] } }],
            },
          },
        ]),
      );
      expect(error.location).toBe('/fields/0/type/fields/0/type/items/1');
      expect(error.message).toContain("field 'child.places'");
    });

    it('used before its definition', () => {
      const error = rejection(
        record([
          { name: 'a', type: 'Later' },
          { name: 'b', type: { type: 'enum', name: 'Later', symbols: ['X'] } },
        ]),
      );
      expect(error.location).toBe('/fields/0/type');
    });
  });

  describe('rejects defaults that do not match the field type', () => {
    it.each([
      ['string for int', 'int', 'x', 'expected an int (32-bit integer), got "x"'],
      ['fraction for int', 'int', 1.5, 'expected an int (32-bit integer), got 1.5'],
      ['int out of range', 'int', 2147483648, 'expected an int (32-bit integer), got 2147483648'],
      ['string for long', 'long', '1', 'expected a long (64-bit integer), got "1"'],
      ['number for string', 'string', 1, 'expected a string, got 1'],
      ['string for boolean', 'boolean', 'true', 'expected a boolean, got "true"'],
      ['zero for null', 'null', 0, 'expected null, got 0'],
      ['null for float', 'float', null, 'expected a float (JSON number), got null'],
      [
        'bytes beyond code point 255',
        'bytes',
        'Ā',
        'expected bytes (a string of code points 0-255), got "Ā"',
      ],
      [
        'fixed of the wrong length',
        { type: 'fixed', name: 'Two', size: 2 },
        'abc',
        'expected fixed \'id.go.dukcapil.Two\' (a string of exactly 2 code points 0-255), got "abc"',
      ],
      [
        'enum default not a symbol',
        { type: 'enum', name: 'Gender', symbols: ['MALE', 'FEMALE'] },
        'X',
        'expected a symbol of enum \'id.go.dukcapil.Gender\' (MALE, FEMALE), got "X"',
      ],
      [
        'array item',
        { type: 'array', items: 'int' },
        [1, 'two'],
        'expected an int (32-bit integer), got "two" at [1]',
      ],
      ['array given an object', { type: 'array', items: 'int' }, {}, 'expected an array, got {}'],
      [
        'map value',
        { type: 'map', values: 'int' },
        { a: true },
        'expected an int (32-bit integer), got true at ["a"]',
      ],
      [
        'record member',
        { type: 'record', name: 'P', fields: [{ name: 'code', type: 'int' }] },
        { code: 'x' },
        'expected an int (32-bit integer), got "x" at code',
      ],
      [
        'record member missing without a default',
        { type: 'record', name: 'P', fields: [{ name: 'code', type: 'int' }] },
        {},
        "missing field 'code' of record 'id.go.dukcapil.P', which has no default of its own",
      ],
      [
        'union default matching only the second branch',
        ['null', 'string'],
        'x',
        'expected null, got "x" (a union default must match the FIRST branch of the union, null)',
      ],
      [
        'null default for a union whose first branch is string',
        ['string', 'null'],
        null,
        'expected a string, got null (a union default must match the FIRST branch of the union, string)',
      ],
    ])('%s', (_name, type, value, problem) => {
      const error = rejection(
        record([
          { name: 'nik', type: 'string' },
          { name: 'f', type, default: value },
        ]),
      );
      expect(error.message).toBe(
        `default value of field 'f' does not match its type: ${problem} (at /fields/1/default, field 'f')`,
      );
      expect(error.location).toBe('/fields/1/default');
    });

    it('inside a nested record, naming the dotted field path', () => {
      const error = rejection(
        record([
          {
            name: 'child',
            type: {
              type: 'record',
              name: 'Child',
              fields: [{ name: 'weight', type: 'int', default: 'heavy' }],
            },
          },
        ]),
      );
      expect(error.message).toContain("default value of field 'child.weight' does not match its type");
      expect(error.location).toBe('/fields/0/type/fields/0/default');
    });

    it('a long default beyond what avsc can represent is caught by avsc', () => {
      const error = rejection(record([{ name: 'big', type: 'long', default: 2 ** 60 }]));
      expect(error.message).toMatch(/^schema is not valid Avro: incompatible field default/);
    });
  });

  it('rejects duplicate field names', () => {
    const error = rejection(
      record([
        { name: 'nik', type: 'string' },
        { name: 'name', type: 'string' },
        { name: 'nik', type: 'long' },
      ]),
    );
    expect(error.message).toBe(
      "duplicate field name 'nik' in record 'id.go.dukcapil.Kelahiran' (fields 0 and 2) (at /fields/2)",
    );
  });

  it('rejects duplicate enum symbols', () => {
    const error = rejection(
      record([{ name: 'g', type: { type: 'enum', name: 'Gender', symbols: ['MALE', 'FEMALE', 'MALE'] } }]),
    );
    expect(error.message).toBe(
      "duplicate symbol 'MALE' in enum 'id.go.dukcapil.Gender' (symbols 0 and 2) (at /fields/0/type/symbols/2, field 'g')",
    );
  });

  describe('rejects invalid names, namespaces and aliases', () => {
    it.each([
      [
        'record name starting with a digit',
        { type: 'record', name: '1Kelahiran', fields: [] },
        '/name',
        "invalid record name '1Kelahiran'",
      ],
      [
        'dotted name with a bad part',
        { type: 'record', name: 'id.1go.R', fields: [] },
        '/name',
        "invalid record name 'id.1go.R'",
      ],
      [
        'empty name',
        { type: 'record', name: '', fields: [] },
        '/name',
        "a record needs a non-empty string 'name'",
      ],
      [
        'namespace with an empty part',
        { type: 'record', name: 'R', namespace: 'id..go', fields: [] },
        '/namespace',
        "invalid namespace 'id..go'",
      ],
      [
        'namespace with a hyphen',
        { type: 'enum', name: 'E', namespace: 'id.go-id', symbols: ['A'] },
        '/namespace',
        "invalid namespace 'id.go-id'",
      ],
      [
        'field name with a hyphen',
        { type: 'record', name: 'R', fields: [{ name: 'birth-date', type: 'int' }] },
        '/fields/0/name',
        "invalid field name 'birth-date'",
      ],
      [
        'enum symbol with a hyphen',
        { type: 'enum', name: 'E', symbols: ['A-1'] },
        '/symbols/0',
        'invalid symbol "A-1"',
      ],
      [
        'type alias',
        { type: 'record', name: 'R', aliases: ['1Old'], fields: [] },
        '/aliases',
        "invalid alias '1Old'",
      ],
      [
        'field alias',
        { type: 'record', name: 'R', fields: [{ name: 'a', type: 'int', aliases: ['b-c'] }] },
        '/fields/0/aliases',
        "invalid field alias 'b-c'",
      ],
      [
        'fixed named after a primitive',
        { type: 'fixed', name: 'string', size: 1 },
        '/name',
        "a fixed may not be named 'string', which is a primitive type name",
      ],
      [
        'record named after a primitive in a namespace',
        { type: 'record', name: 'id.int', fields: [] },
        '/name',
        "a record may not be named 'int'",
      ],
    ])('%s', (_name, schema, location, message) => {
      const error = rejection(JSON.stringify(schema));
      expect(error.location).toBe(location);
      expect(error.message).toContain(message);
    });
  });

  describe('rejects unions holding the same type twice', () => {
    it.each([
      ['two ints', ['null', 'int', 'int'], '/2', "branches 1 and 2 are both 'int'"],
      [
        'int and a logical int',
        ['int', { type: 'int', logicalType: 'date' }],
        '/1',
        "branches 0 and 1 are both 'int'",
      ],
      [
        'two arrays',
        [
          { type: 'array', items: 'int' },
          { type: 'array', items: 'string' },
        ],
        '/1',
        'branches 0 and 1 are both arrays, whatever their items',
      ],
      [
        'two maps',
        [
          { type: 'map', values: 'int' },
          { type: 'map', values: 'string' },
        ],
        '/1',
        'branches 0 and 1 are both maps, whatever their values',
      ],
      [
        'the same named type twice',
        [{ type: 'enum', name: 'E', symbols: ['A'] }, 'E'],
        '/1',
        "branches 0 and 1 are both 'E'",
      ],
    ])('%s', (_name, schema, location, message) => {
      const error = rejection(JSON.stringify(schema));
      expect(error.location).toBe(location);
      expect(error.message).toContain(`a union may not contain two branches of the same type: ${message}`);
    });

    it('in a field, with the field named', () => {
      const error = rejection(record([{ name: 'phone', type: ['null', 'string', 'string'], default: null }]));
      expect(error.message).toContain("(at /fields/0/type/2, field 'phone')");
    });
  });

  it('rejects nested unions', () => {
    const error = rejection(JSON.stringify(['null', ['int', 'string']]));
    expect(error.message).toBe(
      'a union may not directly contain another union (branch 1 is a nested union) (at /1)',
    );
  });

  it('rejects an empty union', () => {
    expect(rejection('[]').message).toBe('a union must have at least one branch (at /)');
  });

  describe('rejects fixed without a valid size', () => {
    it.each([
      ['missing', undefined, 'nothing'],
      ['negative', -1, '-1'],
      ['fractional', 1.5, '1.5'],
      ['a string', '16', '"16"'],
      ['too large', 2 ** 31, '2147483648'],
    ])('%s', (_name, size, shown) => {
      const error = rejection(JSON.stringify({ type: 'fixed', name: 'Md5', size }));
      expect(error.message).toBe(
        `fixed 'Md5' needs a 'size' that is a non-negative 32-bit integer, got ${shown} (at /size)`,
      );
    });
  });

  it.each([
    ['not a symbol', 'UNKNOWN', '"UNKNOWN"'],
    ['not a string', 1, '1'],
    ['null', null, 'null'],
  ])('rejects an enum default that is %s', (_name, value, shown) => {
    const error = rejection(
      record([
        { name: 'g', type: { type: 'enum', name: 'Gender', symbols: ['MALE', 'FEMALE'], default: value } },
      ]),
    );
    expect(error.message).toBe(
      `enum 'id.go.dukcapil.Gender' default ${shown} is not one of its symbols (MALE, FEMALE) (at /fields/0/type/default, field 'g')`,
    );
  });

  describe('rejects malformed schema objects', () => {
    it.each([
      ['a number', '42', 'a schema must be a type name, an object or a union array, not 42 (at /)'],
      ['an object without type', '{"name": "R"}', "a schema object needs a 'type' attribute (at /)"],
      [
        'a non-string type',
        '{"type": {"type": "int"}}',
        '\'type\' must be a type name string, not {"type":"int"} (at /type)',
      ],
      [
        'a record without fields',
        '{"type": "record", "name": "R"}',
        "record 'R' needs a 'fields' array (at /fields)",
      ],
      [
        'an enum without symbols',
        '{"type": "enum", "name": "E"}',
        "enum 'E' needs a 'symbols' array (at /symbols)",
      ],
      ['an array without items', '{"type": "array"}', "an array schema needs an 'items' attribute (at /)"],
      ['a map without values', '{"type": "map"}', "a map schema needs a 'values' attribute (at /)"],
      [
        'a field without type',
        '{"type": "record", "name": "R", "fields": [{"name": "a"}]}',
        "field 'a' has no 'type' (at /fields/0, field 'a')",
      ],
      [
        'a field that is not an object',
        '{"type": "record", "name": "R", "fields": ["a"]}',
        "field 0 of record 'R' must be an object (at /fields/0)",
      ],
      [
        'an invalid field order',
        '{"type": "record", "name": "R", "fields": [{"name": "a", "type": "int", "order": "up"}]}',
        "field order must be 'ascending', 'descending' or 'ignore', got \"up\" (at /fields/0/order, field 'a')",
      ],
      [
        'aliases that are not an array',
        '{"type": "record", "name": "R", "aliases": "Old", "fields": []}',
        '\'aliases\' must be an array of strings, got "Old" (at /aliases)',
      ],
      [
        'a type defined twice',
        '{"type": "record", "name": "R", "fields": [{"name": "a", "type": {"type": "record", "name": "R", "fields": []}}]}',
        "type 'R' is already defined (at /); a name may be defined once (at /fields/0/type/name, field 'a')",
      ],
    ])('%s', (_name, text, message) => {
      expect(rejection(text).message).toBe(message);
    });
  });

  describe('references', () => {
    it('resolve named types by full name and report them in namedTypes', () => {
      const parsed = parseAvroSchema(record([{ name: 'address', type: 'id.go.common.Address' }]), [
        { name: 'address', schema: address },
      ]);
      expect(parsed.namedTypes).toEqual({ 'id.go.common.Address': JSON.parse(address) as unknown });
      const value = { address: { street: 'Jl. Merdeka 1', regencyCode: '3171' } };
      expect(parsed.type.fromBuffer(parsed.type.toBuffer(value))).toEqual(value);
    });

    it('resolve by short name from the same namespace', () => {
      const text = JSON.stringify({
        type: 'record',
        name: 'Office',
        namespace: 'id.go.common',
        fields: [{ name: 'address', type: 'Address' }],
      });
      expect(parseAvroSchema(text, [{ name: 'address', schema: address }]).type).toBeInstanceOf(avro.Type);
    });

    it('may build on earlier references', () => {
      const region = JSON.stringify({
        type: 'enum',
        name: 'id.go.common.Province',
        symbols: ['DKI', 'JABAR'],
      });
      const located = JSON.stringify({
        type: 'record',
        name: 'id.go.common.Located',
        fields: [{ name: 'province', type: 'id.go.common.Province' }],
      });
      const parsed = parseAvroSchema(record([{ name: 'where', type: 'id.go.common.Located' }]), [
        { name: 'province', schema: region },
        { name: 'located', schema: located },
      ]);
      expect(Object.keys(parsed.namedTypes).sort()).toEqual([
        'id.go.common.Located',
        'id.go.common.Province',
      ]);
    });

    it('are needed: without them the name is unknown', () => {
      expect(rejection(record([{ name: 'address', type: 'id.go.common.Address' }])).message).toContain(
        "unknown type name 'id.go.common.Address'",
      );
    });

    it('that are invalid are named in the error', () => {
      const error = rejection(record([]), [
        { name: 'broken-address', schema: '{"type": "record", "name": "A"}' },
      ]);
      expect(error.message).toBe(
        "record 'A' needs a 'fields' array (at /fields, in reference 'broken-address')",
      );
    });

    it('that are not JSON are named in the error', () => {
      expect(rejection(record([]), [{ name: 'address', schema: '{' }]).message).toMatch(
        /^reference 'address' is not valid JSON: /,
      );
    });

    it('may not be redefined by the schema', () => {
      const error = rejection(JSON.stringify({ type: 'record', name: 'id.go.common.Address', fields: [] }), [
        { name: 'address', schema: address },
      ]);
      expect(error.message).toBe(
        "type 'id.go.common.Address' is already defined (reference 'address' at /); a name may be defined once (at /name)",
      );
    });
  });
});
