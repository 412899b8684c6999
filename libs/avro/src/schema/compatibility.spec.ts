import {
  checkCompatibility,
  COMPATIBILITY_LEVELS,
  CompatibilityCheckError,
  readerCanRead,
  type CompatibilityLevel,
  type IncompatibilityType,
} from './compatibility';
import { InvalidSchemaError } from './invalid-schema-error';

type Json = unknown;

const record = (name: string, fields: Json[], extra: Record<string, Json> = {}): Json => ({
  type: 'record',
  name,
  fields,
  ...extra,
});
const field = (name: string, type: Json, extra: Record<string, Json> = {}): Json => ({
  name,
  type,
  ...extra,
});
const enumType = (name: string, symbols: string[], extra: Record<string, Json> = {}): Json => ({
  type: 'enum',
  name,
  symbols,
  ...extra,
});
const fixed = (name: string, size: number): Json => ({ type: 'fixed', name, size });
const array = (items: Json): Json => ({ type: 'array', items });
const map = (values: Json): Json => ({ type: 'map', values });

/** A recursive singly linked list: `next` refers to the record itself. */
const linkedList = (valueType: Json, extraFields: Json[] = []): Json =>
  record('LinkedList', [
    field('value', valueType),
    field('next', ['null', 'LinkedList'], { default: null }),
    ...extraFields,
  ]);

type Finding = [IncompatibilityType, string, string];

interface PairCase {
  name: string;
  reader: Json;
  writer: Json;
  /** [type, location, path] of each incompatibility, in Java's order; empty when compatible. */
  expected: Finding[];
  namedTypes?: Record<string, Json>;
}

const person = (fields: Json[]): Json => record('Person', fields, { namespace: 'id.go.dukcapil' });

const pairCases: PairCase[] = [
  // Primitives: same type, and the specification's promotions.
  { name: 'null reads null', reader: 'null', writer: 'null', expected: [] },
  { name: 'boolean reads boolean', reader: 'boolean', writer: 'boolean', expected: [] },
  { name: 'int reads int', reader: 'int', writer: 'int', expected: [] },
  { name: 'bytes reads bytes', reader: 'bytes', writer: 'bytes', expected: [] },
  { name: 'long reads int (promotion)', reader: 'long', writer: 'int', expected: [] },
  { name: 'float reads int (promotion)', reader: 'float', writer: 'int', expected: [] },
  { name: 'float reads long (promotion)', reader: 'float', writer: 'long', expected: [] },
  { name: 'double reads int (promotion)', reader: 'double', writer: 'int', expected: [] },
  { name: 'double reads long (promotion)', reader: 'double', writer: 'long', expected: [] },
  { name: 'double reads float (promotion)', reader: 'double', writer: 'float', expected: [] },
  { name: 'string reads bytes', reader: 'string', writer: 'bytes', expected: [] },
  { name: 'bytes reads string', reader: 'bytes', writer: 'string', expected: [] },
  { name: 'int cannot read long', reader: 'int', writer: 'long', expected: [['TYPE_MISMATCH', '/', '']] },
  { name: 'long cannot read float', reader: 'long', writer: 'float', expected: [['TYPE_MISMATCH', '/', '']] },
  {
    name: 'float cannot read double',
    reader: 'float',
    writer: 'double',
    expected: [['TYPE_MISMATCH', '/', '']],
  },
  { name: 'int cannot read string', reader: 'int', writer: 'string', expected: [['TYPE_MISMATCH', '/', '']] },
  { name: 'string cannot read int', reader: 'string', writer: 'int', expected: [['TYPE_MISMATCH', '/', '']] },
  {
    name: 'boolean cannot read int',
    reader: 'boolean',
    writer: 'int',
    expected: [['TYPE_MISMATCH', '/', '']],
  },
  { name: 'null cannot read int', reader: 'null', writer: 'int', expected: [['TYPE_MISMATCH', '/', '']] },
  { name: 'int cannot read null', reader: 'int', writer: 'null', expected: [['TYPE_MISMATCH', '/', '']] },
  { name: 'object form equals string form', reader: { type: 'int' }, writer: 'int', expected: [] },
  {
    name: 'logical types are ignored (date reads plain int)',
    reader: { type: 'int', logicalType: 'date' },
    writer: 'int',
    expected: [],
  },
  {
    name: 'logical types are ignored (timestamp-millis long reads date int by promotion)',
    reader: { type: 'long', logicalType: 'timestamp-millis' },
    writer: { type: 'int', logicalType: 'date' },
    expected: [],
  },
  {
    name: 'logical types are ignored (decimal bytes reads string)',
    reader: { type: 'bytes', logicalType: 'decimal', precision: 9, scale: 2 },
    writer: 'string',
    expected: [],
  },

  // Records.
  {
    name: 'identical records',
    reader: record('R', [field('a', 'int')]),
    writer: record('R', [field('a', 'int')]),
    expected: [],
  },
  {
    name: 'reader adds a field with a default',
    reader: record('R', [field('a', 'int'), field('b', 'string', { default: 'x' })]),
    writer: record('R', [field('a', 'int')]),
    expected: [],
  },
  {
    name: 'reader adds a field with a null default in a nullable union',
    reader: record('R', [field('a', 'int'), field('b', ['null', 'string'], { default: null })]),
    writer: record('R', [field('a', 'int')]),
    expected: [],
  },
  {
    name: 'reader adds a field without a default',
    reader: record('R', [field('a', 'int'), field('b', 'string')]),
    writer: record('R', [field('a', 'int')]),
    expected: [['READER_FIELD_MISSING_DEFAULT_VALUE', '/fields/1', 'b']],
  },
  {
    name: 'reader drops a writer field',
    reader: record('R', [field('a', 'int')]),
    writer: record('R', [field('a', 'int'), field('b', 'string')]),
    expected: [],
  },
  {
    name: 'field promoted int to long',
    reader: record('R', [field('a', 'long')]),
    writer: record('R', [field('a', 'int')]),
    expected: [],
  },
  {
    name: 'field narrowed long to int',
    reader: record('R', [field('x', 'string'), field('a', 'int')]),
    writer: record('R', [field('a', 'long'), field('x', 'string')]),
    expected: [['TYPE_MISMATCH', '/fields/1/type', 'a']],
  },
  {
    name: 'fields are matched by name, not position',
    reader: record('R', [field('b', 'string'), field('a', 'int')]),
    writer: record('R', [field('a', 'int'), field('b', 'string')]),
    expected: [],
  },
  {
    name: 'record names differ',
    reader: record('Person', [field('a', 'int')]),
    writer: record('Citizen', [field('a', 'int')]),
    expected: [['NAME_MISMATCH', '/name', '']],
  },
  {
    name: 'namespaces differ but unqualified names match (Java compares getName(); avsc would refuse)',
    reader: record('a.Person', [field('a', 'int')]),
    writer: record('b.Person', [field('a', 'int')]),
    expected: [],
  },
  {
    name: 'reader alias equal to the writer full name',
    reader: record('Citizen', [field('a', 'int')], { namespace: 'id', aliases: ['old.Person'] }),
    writer: record('old.Person', [field('a', 'int')]),
    expected: [],
  },
  {
    name: 'reader alias is qualified with the reader namespace, so it misses another namespace',
    reader: record('Citizen', [field('a', 'int')], { namespace: 'id', aliases: ['Person'] }),
    writer: record('old.Person', [field('a', 'int')]),
    expected: [['NAME_MISMATCH', '/name', '']],
  },
  {
    name: 'writer aliases do not count',
    reader: record('Citizen', [field('a', 'int')]),
    writer: record('Person', [field('a', 'int')], { aliases: ['Citizen'] }),
    expected: [['NAME_MISMATCH', '/name', '']],
  },
  {
    name: 'field renamed with a reader field alias',
    reader: record('R', [field('nik', 'string', { aliases: ['nationalId'] })]),
    writer: record('R', [field('nationalId', 'string')]),
    expected: [],
  },
  {
    name: 'field renamed without alias or default',
    reader: record('R', [field('nik', 'string')]),
    writer: record('R', [field('nationalId', 'string')]),
    expected: [['READER_FIELD_MISSING_DEFAULT_VALUE', '/fields/0', 'nik']],
  },
  {
    name: 'writer field aliases do not count',
    reader: record('R', [field('nik', 'string')]),
    writer: record('R', [field('nationalId', 'string', { aliases: ['nik'] })]),
    expected: [['READER_FIELD_MISSING_DEFAULT_VALUE', '/fields/0', 'nik']],
  },
  {
    name: 'record name and fields both wrong: all findings, in Java order',
    reader: record('A', [field('x', 'int'), field('y', 'string'), field('z', 'boolean')]),
    writer: record('B', [field('x', 'string')]),
    expected: [
      ['NAME_MISMATCH', '/name', ''],
      ['TYPE_MISMATCH', '/fields/0/type', 'x'],
      ['READER_FIELD_MISSING_DEFAULT_VALUE', '/fields/1', 'y'],
      ['READER_FIELD_MISSING_DEFAULT_VALUE', '/fields/2', 'z'],
    ],
  },
  {
    name: 'deeply nested field type change is located in the reader schema',
    reader: person([
      field('nik', 'string'),
      field(
        'child',
        record('Child', [
          field('name', 'string'),
          field('birthPlace', record('Place', [field('regencyCode', 'int'), field('villageCode', 'string')])),
        ]),
      ),
    ]),
    writer: person([
      field('nik', 'string'),
      field(
        'child',
        record('Child', [
          field('name', 'string'),
          field(
            'birthPlace',
            record('Place', [field('villageCode', 'string'), field('regencyCode', 'string')]),
          ),
        ]),
      ),
    ]),
    expected: [
      ['TYPE_MISMATCH', '/fields/1/type/fields/1/type/fields/0/type', 'child.birthPlace.regencyCode'],
    ],
  },
  {
    name: 'deeply nested missing default',
    reader: person([field('child', record('Child', [field('name', 'string'), field('birthDate', 'int')]))]),
    writer: person([field('child', record('Child', [field('name', 'string')]))]),
    expected: [['READER_FIELD_MISSING_DEFAULT_VALUE', '/fields/0/type/fields/1', 'child.birthDate']],
  },
  {
    name: 'record cannot read a map',
    reader: record('R', [field('a', 'int')]),
    writer: map('int'),
    expected: [['TYPE_MISMATCH', '/', '']],
  },
  {
    name: 'type referenced by short name in the reader and full name in the writer',
    reader: record(
      'Person',
      [field('home', record('Address', [field('street', 'string')])), field('work', 'Address')],
      { namespace: 'id.go' },
    ),
    writer: record('id.go.Person', [
      field('home', record('id.go.Address', [field('street', 'string')])),
      field('work', 'id.go.Address'),
    ]),
    expected: [],
  },
  {
    name: 'nested aliases are qualified with the inherited namespace (match)',
    reader: record(
      'Person',
      [field('home', record('Residence', [field('street', 'string')], { aliases: ['Address'] }))],
      {
        namespace: 'id.go',
      },
    ),
    writer: record('Person', [field('home', record('id.go.Address', [field('street', 'string')]))]),
    expected: [],
  },
  {
    name: 'nested aliases are qualified with the inherited namespace (no match)',
    reader: record(
      'Person',
      [field('home', record('Residence', [field('street', 'string')], { aliases: ['Address'] }))],
      {
        namespace: 'id.go',
      },
    ),
    writer: record('Person', [field('home', record('other.Address', [field('street', 'string')]))]),
    expected: [['NAME_MISMATCH', '/fields/0/type/name', 'home']],
  },
  {
    name: 'a named type used by two fields is checked once (Java memoises the pair; findings are not repeated)',
    reader: record('R', [
      field('home', record('Address', [field('street', 'string'), field('zip', 'string')])),
      field('work', 'Address'),
    ]),
    writer: record('R', [
      field('home', record('Address', [field('street', 'string')])),
      field('work', 'Address'),
    ]),
    expected: [['READER_FIELD_MISSING_DEFAULT_VALUE', '/fields/0/type/fields/1', 'home.zip']],
  },

  // Enums.
  {
    name: 'enum with the same symbols',
    reader: enumType('Gender', ['MALE', 'FEMALE']),
    writer: enumType('Gender', ['MALE', 'FEMALE']),
    expected: [],
  },
  {
    name: 'enum symbols reordered',
    reader: enumType('Gender', ['FEMALE', 'MALE']),
    writer: enumType('Gender', ['MALE', 'FEMALE']),
    expected: [],
  },
  {
    name: 'reader enum adds a symbol',
    reader: enumType('Religion', ['ISLAM', 'KRISTEN', 'KATOLIK', 'HINDU', 'BUDDHA', 'KONGHUCU']),
    writer: enumType('Religion', ['ISLAM', 'KRISTEN', 'KATOLIK', 'HINDU', 'BUDDHA']),
    expected: [],
  },
  {
    name: 'reader enum lacks writer symbols',
    reader: enumType('Religion', ['ISLAM', 'KRISTEN']),
    writer: enumType('Religion', ['ISLAM', 'KRISTEN', 'KONGHUCU', 'HINDU']),
    expected: [['MISSING_ENUM_SYMBOLS', '/symbols', '']],
  },
  {
    name: 'reader enum default absorbs unknown writer symbols',
    reader: enumType('Religion', ['ISLAM', 'KRISTEN', 'LAINNYA'], { default: 'LAINNYA' }),
    writer: enumType('Religion', ['ISLAM', 'KRISTEN', 'KONGHUCU']),
    expected: [],
  },
  {
    name: 'writer enum default does not help the reader',
    reader: enumType('Religion', ['ISLAM']),
    writer: enumType('Religion', ['ISLAM', 'LAINNYA'], { default: 'LAINNYA' }),
    expected: [['MISSING_ENUM_SYMBOLS', '/symbols', '']],
  },
  {
    name: 'enum names differ and symbols are missing',
    reader: enumType('Status', ['A']),
    writer: enumType('State', ['A', 'B']),
    expected: [
      ['NAME_MISMATCH', '/name', ''],
      ['MISSING_ENUM_SYMBOLS', '/symbols', ''],
    ],
  },
  {
    name: 'enum in a field lacks symbols',
    reader: record('R', [field('status', enumType('Status', ['ALIVE']))]),
    writer: record('R', [field('status', enumType('Status', ['ALIVE', 'DECEASED']))]),
    expected: [['MISSING_ENUM_SYMBOLS', '/fields/0/type/symbols', 'status']],
  },
  {
    name: 'new enum field with an enum default but no field default (Java compares the enum with the writer record)',
    reader: record('R', [
      field('a', 'int'),
      field('status', enumType('Status', ['ALIVE', 'UNKNOWN'], { default: 'UNKNOWN' })),
    ]),
    writer: record('R', [field('a', 'int')]),
    expected: [['TYPE_MISMATCH', '/fields/1/type', 'status']],
  },
  {
    name: 'new enum field with a field default',
    reader: record('R', [
      field('a', 'int'),
      field('status', enumType('Status', ['ALIVE', 'UNKNOWN']), { default: 'UNKNOWN' }),
    ]),
    writer: record('R', [field('a', 'int')]),
    expected: [],
  },
  {
    name: 'enum cannot read a string',
    reader: enumType('E', ['A']),
    writer: 'string',
    expected: [['TYPE_MISMATCH', '/', '']],
  },

  // Fixed.
  {
    name: 'fixed of the same name and size',
    reader: fixed('Md5', 16),
    writer: fixed('Md5', 16),
    expected: [],
  },
  {
    name: 'fixed size differs',
    reader: fixed('Hash', 32),
    writer: fixed('Hash', 16),
    expected: [['FIXED_SIZE_MISMATCH', '/size', '']],
  },
  {
    name: 'fixed name differs',
    reader: fixed('Md5', 16),
    writer: fixed('Uuid', 16),
    expected: [['NAME_MISMATCH', '/name', '']],
  },
  {
    name: 'fixed name and size differ',
    reader: fixed('Sha', 32),
    writer: fixed('Md5', 16),
    expected: [
      ['NAME_MISMATCH', '/name', ''],
      ['FIXED_SIZE_MISMATCH', '/size', ''],
    ],
  },
  {
    name: 'fixed cannot read bytes',
    reader: fixed('Md5', 16),
    writer: 'bytes',
    expected: [['TYPE_MISMATCH', '/', '']],
  },
  {
    name: 'bytes cannot read fixed',
    reader: 'bytes',
    writer: fixed('Md5', 16),
    expected: [['TYPE_MISMATCH', '/', '']],
  },

  // Arrays and maps.
  { name: 'array items promoted', reader: array('long'), writer: array('int'), expected: [] },
  {
    name: 'array items narrowed',
    reader: array('int'),
    writer: array('long'),
    expected: [['TYPE_MISMATCH', '/items', '']],
  },
  { name: 'map values promoted', reader: map('double'), writer: map('float'), expected: [] },
  {
    name: 'map values narrowed',
    reader: map('int'),
    writer: map('string'),
    expected: [['TYPE_MISMATCH', '/values', '']],
  },
  {
    name: 'array cannot read a map',
    reader: array('int'),
    writer: map('int'),
    expected: [['TYPE_MISMATCH', '/', '']],
  },
  {
    name: 'array of records: reader record adds a field without default',
    reader: record('Family', [
      field('members', array(record('Member', [field('nik', 'string'), field('role', 'string')]))),
    ]),
    writer: record('Family', [field('members', array(record('Member', [field('nik', 'string')])))]),
    expected: [['READER_FIELD_MISSING_DEFAULT_VALUE', '/fields/0/type/items/fields/1', 'members.role']],
  },
  {
    name: 'map of records: value field narrowed',
    reader: record('Registry', [field('byNik', map(record('Entry', [field('age', 'int')])))]),
    writer: record('Registry', [field('byNik', map(record('Entry', [field('age', 'long')])))]),
    expected: [['TYPE_MISMATCH', '/fields/0/type/values/fields/0/type', 'byNik.age']],
  },
  {
    name: 'array of arrays, inner items narrowed',
    reader: array(array('int')),
    writer: array(array('long')),
    expected: [['TYPE_MISMATCH', '/items/items', '']],
  },

  // Unions.
  {
    name: 'nullable reader reads the plain writer type',
    reader: ['null', 'string'],
    writer: 'string',
    expected: [],
  },
  { name: 'reader union branch reads by promotion', reader: ['null', 'long'], writer: 'int', expected: [] },
  {
    name: 'no reader union branch reads the writer type',
    reader: ['null', 'int'],
    writer: 'string',
    expected: [['MISSING_UNION_BRANCH', '/', '']],
  },
  {
    name: 'plain reader cannot read the null branch of a writer union',
    reader: 'string',
    writer: ['null', 'string'],
    expected: [['TYPE_MISMATCH', '/0', '']],
  },
  {
    name: 'plain reader reads every branch of a writer union by promotion',
    reader: 'double',
    writer: ['int', 'float'],
    expected: [],
  },
  {
    name: 'plain reader: every unreadable writer branch is reported',
    reader: 'long',
    writer: ['int', 'string', 'boolean'],
    expected: [
      ['TYPE_MISMATCH', '/1', ''],
      ['TYPE_MISMATCH', '/2', ''],
    ],
  },
  {
    name: 'writer union is a subset of the reader union, in another order',
    reader: ['null', 'string', 'int'],
    writer: ['string', 'null'],
    expected: [],
  },
  {
    name: 'writer union has a branch the reader union lacks',
    reader: ['null', 'string'],
    writer: ['null', 'string', 'int'],
    expected: [['MISSING_UNION_BRANCH', '/2', '']],
  },
  {
    name: 'union field: writer adds a branch',
    reader: record('R', [field('phone', ['null', 'string'], { default: null })]),
    writer: record('R', [field('phone', ['null', 'string', 'long'], { default: null })]),
    expected: [['MISSING_UNION_BRANCH', '/fields/0/type/2', 'phone']],
  },
  {
    name: 'union of enums: a missing symbol is reported as a missing branch only (Java drops the detail)',
    reader: ['null', enumType('Status', ['A'])],
    writer: ['null', enumType('Status', ['A', 'B'])],
    expected: [['MISSING_UNION_BRANCH', '/1', '']],
  },
  {
    name: 'plain record reader against a nullable writer record: null branch mismatches, record branch checked',
    reader: record('R', [field('a', 'int'), field('b', 'int')]),
    writer: ['null', record('R', [field('a', 'int')])],
    expected: [
      ['TYPE_MISMATCH', '/0', ''],
      ['READER_FIELD_MISSING_DEFAULT_VALUE', '/1/fields/1', 'b'],
    ],
  },
  {
    name: 'reader union of records picks the branch with the matching name',
    reader: [record('Birth', [field('a', 'int')]), record('Death', [field('b', 'string')])],
    writer: record('Death', [field('b', 'string')]),
    expected: [],
  },
  {
    name: 'reader union record branch with the right name but a missing default',
    reader: ['null', record('Birth', [field('a', 'int'), field('b', 'int')])],
    writer: record('Birth', [field('a', 'int')]),
    expected: [['MISSING_UNION_BRANCH', '/', '']],
  },
  {
    name: 'nullable nested record field made non-nullable by the reader',
    reader: record('R', [field('spouse', record('Spouse', [field('nik', 'string')]))]),
    writer: record('R', [
      field('spouse', ['null', record('Spouse', [field('nik', 'string')])], { default: null }),
    ]),
    expected: [['TYPE_MISMATCH', '/fields/0/type/0', 'spouse']],
  },

  // Recursive types: memoisation makes these terminate.
  { name: 'identical linked lists', reader: linkedList('int'), writer: linkedList('int'), expected: [] },
  { name: 'linked list value promoted', reader: linkedList('long'), writer: linkedList('int'), expected: [] },
  {
    name: 'linked list value narrowed',
    reader: linkedList('int'),
    writer: linkedList('long'),
    expected: [['TYPE_MISMATCH', '/fields/0/type', 'value']],
  },
  {
    name: 'linked list reader adds a field with a default',
    reader: linkedList('int', [field('label', 'string', { default: '' })]),
    writer: linkedList('int'),
    expected: [],
  },
  {
    name: 'linked list reader adds a field without default (reported once, at the first level)',
    reader: linkedList('int', [field('label', 'string')]),
    writer: linkedList('int'),
    expected: [['READER_FIELD_MISSING_DEFAULT_VALUE', '/fields/2', 'label']],
  },
  {
    name: 'tree with an array of children of its own type',
    reader: record('Region', [
      field('code', 'string'),
      field('children', array('Region'), { default: [] }),
      field('population', 'long', { default: 0 }),
    ]),
    writer: record('Region', [field('code', 'string'), field('children', array('Region'))]),
    expected: [],
  },
  {
    name: 'mutually recursive records',
    reader: record('A', [field('b', ['null', record('B', [field('a', ['null', 'A'])])])]),
    writer: record('A', [field('b', ['null', record('B', [field('a', ['null', 'A'])])])]),
    expected: [],
  },

  // Named types defined by references.
  {
    name: 'type from a reference on both sides',
    reader: record('Person', [field('address', 'id.go.Address')]),
    writer: record('Person', [field('address', 'id.go.Address')]),
    namedTypes: { 'id.go.Address': record('Address', [field('street', 'string')], { namespace: 'id.go' }) },
    expected: [],
  },
  {
    name: 'inline reader type against the referenced writer type',
    reader: record('Person', [
      field('address', record('id.go.Address', [field('street', 'string'), field('zip', 'string')])),
    ]),
    writer: record('Person', [field('address', 'id.go.Address')]),
    namedTypes: { 'id.go.Address': record('Address', [field('street', 'string')], { namespace: 'id.go' }) },
    expected: [['READER_FIELD_MISSING_DEFAULT_VALUE', '/fields/0/type/fields/1', 'address.zip']],
  },
  {
    name: 'bare definition keyed by its full name takes the namespace from the key',
    reader: record('id.go.Person', [field('address', 'Address')]),
    writer: record('id.go.Person', [field('address', 'id.go.Address')]),
    namedTypes: { 'id.go.Address': record('Address', [field('street', 'string')]) },
    expected: [],
  },
];

describe('readerCanRead (Java SchemaCompatibility rules)', () => {
  it.each(pairCases)('$name', ({ reader, writer, expected, namedTypes }) => {
    const found = readerCanRead(reader, writer, namedTypes);
    expect(
      found.map((incompatibility): Finding => [
        incompatibility.type,
        incompatibility.location,
        incompatibility.path,
      ]),
    ).toEqual(expected);
  });

  it('has a table of at least 60 reader/writer pairs', () => {
    expect(pairCases.length).toBeGreaterThanOrEqual(60);
  });

  describe('messages name the field path and the rule broken', () => {
    it('missing default', () => {
      const [found] = readerCanRead(
        record('R', [field('child', record('Child', [field('x', 'int')]))]),
        record('R', [field('child', record('Child', []))]),
      );
      expect(found?.message).toBe(
        "reader field 'x' at 'child.x' has no default value and is missing from the writer schema",
      );
    });

    it('type mismatch', () => {
      const [found] = readerCanRead(
        record('R', [field('age', 'int')]),
        record('R', [field('age', 'string')]),
      );
      expect(found?.message).toBe("reader type INT at 'age' cannot read writer type STRING");
    });

    it('missing enum symbols are listed sorted, like Java', () => {
      const [found] = readerCanRead(enumType('E', ['A']), enumType('E', ['Z', 'A', 'C']));
      expect(found?.message).toBe(
        "reader enum 'E' at the root lacks writer symbols [C, Z] and has no default symbol to read them as",
      );
    });

    it('name mismatch names both full names', () => {
      const [found] = readerCanRead(record('a.R', []), record('b.S', []));
      expect(found?.message).toContain("reader record 'a.R' at the root cannot read writer record 'b.S'");
    });

    it('fixed size mismatch gives both sizes', () => {
      const [found] = readerCanRead(
        record('R', [field('h', fixed('H', 4))]),
        record('R', [field('h', fixed('H', 8))]),
      );
      expect(found?.message).toBe("reader fixed 'H' at 'h' has size 4 but the writer's has size 8");
    });

    it('missing union branch names the writer type', () => {
      const [found] = readerCanRead(
        record('R', [field('v', ['null', 'int'])]),
        record('R', [field('v', 'string')]),
      );
      expect(found?.message).toBe("reader union at 'v' has no branch that can read writer type STRING");
    });
  });

  it('throws CompatibilityCheckError when a reader field matches several writer fields (Java throws)', () => {
    expect(() =>
      readerCanRead(
        record('R', [field('nik', 'string', { aliases: ['nationalId'] })]),
        record('R', [field('nik', 'string'), field('nationalId', 'string')]),
      ),
    ).toThrow(CompatibilityCheckError);
  });

  it('rejects invalid schemas with InvalidSchemaError, saying which one', () => {
    expect(() => readerCanRead(record('R', [field('a', 'Nope')]), 'int')).toThrow(
      /^reader schema: unknown type name 'Nope' .*\(at \/fields\/0\/type, field 'a'\)$/,
    );
    expect(() => readerCanRead('int', { type: 'fixed', name: 'F' })).toThrow(InvalidSchemaError);
    expect(() => readerCanRead('int', { type: 'fixed', name: 'F' })).toThrow(
      /^writer schema: fixed 'F' needs a 'size'/,
    );
  });
});

const v = (fields: Json[]): Json => record('Birth', fields, { namespace: 'id.go.dukcapil' });

describe('checkCompatibility', () => {
  const alwaysBroken = { candidate: v([field('a', 'string')]), previous: [v([field('a', 'int')])] };

  it('lists the seven Confluent levels', () => {
    expect(COMPATIBILITY_LEVELS).toEqual([
      'NONE',
      'BACKWARD',
      'BACKWARD_TRANSITIVE',
      'FORWARD',
      'FORWARD_TRANSITIVE',
      'FULL',
      'FULL_TRANSITIVE',
    ]);
  });

  it('NONE accepts anything', () => {
    expect(checkCompatibility('NONE', alwaysBroken.candidate, alwaysBroken.previous)).toEqual({
      compatible: true,
      messages: [],
      incompatibilities: [],
    });
  });

  it.each(COMPATIBILITY_LEVELS)('%s accepts anything when there is no previous version', (level) => {
    expect(checkCompatibility(level, alwaysBroken.candidate, []).compatible).toBe(true);
  });

  it.each(COMPATIBILITY_LEVELS.filter((level) => level !== 'NONE'))(
    '%s rejects a field type change',
    (level) => {
      const result = checkCompatibility(level, alwaysBroken.candidate, alwaysBroken.previous);
      expect(result.compatible).toBe(false);
      expect(result.incompatibilities[0]?.type).toBe('TYPE_MISMATCH');
    },
  );

  interface LevelCase {
    name: string;
    previous: Json[];
    candidate: Json;
    compatible: Partial<Record<CompatibilityLevel, boolean>>;
  }

  const base = [field('nik', 'string'), field('name', 'string')];
  const levelCases: LevelCase[] = [
    {
      name: 'add a field with a default',
      previous: [v(base)],
      candidate: v([...base, field('weight', 'int', { default: 0 })]),
      compatible: { BACKWARD: true, FORWARD: true, FULL: true },
    },
    {
      name: 'add a field without a default',
      previous: [v(base)],
      candidate: v([...base, field('weight', 'int')]),
      compatible: { BACKWARD: false, FORWARD: true, FULL: false },
    },
    {
      name: 'remove a field that had no default',
      previous: [v(base)],
      candidate: v([field('nik', 'string')]),
      compatible: { BACKWARD: true, FORWARD: false, FULL: false },
    },
    {
      name: 'remove a field that had a default',
      previous: [v([...base, field('weight', 'int', { default: 0 })])],
      candidate: v(base),
      compatible: { BACKWARD: true, FORWARD: true, FULL: true },
    },
    {
      name: 'widen int to long',
      previous: [v([field('weight', 'int')])],
      candidate: v([field('weight', 'long')]),
      compatible: { BACKWARD: true, FORWARD: false, FULL: false },
    },
    {
      name: 'make a field nullable',
      previous: [v([field('weight', 'int')])],
      candidate: v([field('weight', ['null', 'int'], { default: null })]),
      compatible: { BACKWARD: true, FORWARD: false, FULL: false },
    },
    {
      name: 'add an enum symbol',
      previous: [v([field('gender', enumType('Gender', ['MALE', 'FEMALE']))])],
      candidate: v([field('gender', enumType('Gender', ['MALE', 'FEMALE', 'UNKNOWN']))]),
      compatible: { BACKWARD: true, FORWARD: false, FULL: false },
    },
    {
      name: 'add an enum symbol when the old enum has a default',
      previous: [
        v([field('gender', enumType('Gender', ['MALE', 'FEMALE', 'UNKNOWN'], { default: 'UNKNOWN' }))]),
      ],
      candidate: v([
        field('gender', enumType('Gender', ['MALE', 'FEMALE', 'UNKNOWN', 'OTHER'], { default: 'UNKNOWN' })),
      ]),
      compatible: { BACKWARD: true, FORWARD: true, FULL: true },
    },
    {
      name: 'rename a field with an alias and a default',
      previous: [v([field('nik', 'string')])],
      candidate: v([field('nationalId', 'string', { aliases: ['nik'], default: '' })]),
      compatible: { BACKWARD: true, FORWARD: false, FULL: false },
    },
    {
      // v1 -> v2 ok, v2 -> v3 ok, but v3 cannot read v1: only the transitive level sees it.
      name: 'BACKWARD chain: default added then dropped',
      previous: [v(base), v([...base, field('weight', 'int', { default: 0 })])],
      candidate: v([...base, field('weight', 'int')]),
      compatible: {
        BACKWARD: true,
        BACKWARD_TRANSITIVE: false,
        FORWARD: true,
        FORWARD_TRANSITIVE: true,
        FULL: true,
        FULL_TRANSITIVE: false,
      },
    },
    {
      // v1 reads with `weight` required, v2 gives it a default, v3 drops it: v1 can no longer read v3.
      name: 'FORWARD chain: field given a default then removed',
      previous: [v([...base, field('weight', 'int')]), v([...base, field('weight', 'int', { default: 0 })])],
      candidate: v(base),
      compatible: {
        BACKWARD: true,
        BACKWARD_TRANSITIVE: true,
        FORWARD: true,
        FORWARD_TRANSITIVE: false,
        FULL: true,
        FULL_TRANSITIVE: false,
      },
    },
    {
      // Transitive levels look at all versions; the non-transitive ones only at the latest (v3 here).
      name: 'three versions, only the oldest is incompatible',
      previous: [v([field('weight', 'string')]), v([field('weight', 'int')]), v([field('weight', 'int')])],
      candidate: v([field('weight', 'long')]),
      compatible: {
        BACKWARD: true,
        BACKWARD_TRANSITIVE: false,
        FORWARD: false,
        FULL: false,
        FULL_TRANSITIVE: false,
      },
    },
    {
      name: 'recursive schema gains an optional field',
      previous: [linkedList('int')],
      candidate: linkedList('int', [field('label', ['null', 'string'], { default: null })]),
      compatible: { BACKWARD: true, FORWARD: true, FULL: true, FULL_TRANSITIVE: true },
    },
  ];

  const expectations = levelCases.flatMap((levelCase) =>
    Object.entries(levelCase.compatible).map(([level, compatible]) => ({
      ...levelCase,
      level: level as CompatibilityLevel,
      expected: compatible,
    })),
  );

  it.each(expectations)('$name: $level is $expected', ({ level, candidate, previous, expected }) => {
    const result = checkCompatibility(level, candidate, previous);
    expect(result.compatible).toBe(expected);
    expect(result.messages.length === 0).toBe(expected);
  });

  it('says which previous version and which direction broke', () => {
    const result = checkCompatibility('BACKWARD_TRANSITIVE', v([...base, field('weight', 'int')]), [
      v(base),
      v([...base, field('weight', 'int', { default: 0 })]),
    ]);
    expect(result.messages).toEqual([
      "BACKWARD: the new schema cannot read data written with previous version 1 of 2: reader field 'weight' at " +
        "'weight' has no default value and is missing from the writer schema [READER_FIELD_MISSING_DEFAULT_VALUE at /fields/2]",
    ]);
    expect(result.incompatibilities).toEqual([
      {
        type: 'READER_FIELD_MISSING_DEFAULT_VALUE',
        location: '/fields/2',
        path: 'weight',
        message:
          "reader field 'weight' at 'weight' has no default value and is missing from the writer schema",
      },
    ]);
  });

  it('FULL reports both directions, backward first', () => {
    const result = checkCompatibility('FULL', v([field('a', 'int'), field('c', 'int')]), [
      v([field('a', 'int'), field('b', 'int')]),
    ]);
    expect(result.messages.map((message) => message.split(':')[0])).toEqual(['BACKWARD', 'FORWARD']);
    expect(result.incompatibilities.map((incompatibility) => incompatibility.path)).toEqual(['c', 'b']);
  });

  it('transitive checks go newest first', () => {
    const result = checkCompatibility('BACKWARD_TRANSITIVE', v([field('a', 'boolean')]), [
      v([field('a', 'int')]),
      v([field('a', 'string')]),
    ]);
    expect(result.messages.map((message) => /previous version (\d) of 2/.exec(message)?.[1])).toEqual([
      '2',
      '1',
    ]);
  });

  it('resolves named types from references', () => {
    const namedTypes = {
      'id.go.Address': record('Address', [field('street', 'string')], { namespace: 'id.go' }),
    };
    const candidate = v([field('address', 'id.go.Address'), field('note', 'string', { default: '' })]);
    expect(
      checkCompatibility('FULL_TRANSITIVE', candidate, [v([field('address', 'id.go.Address')])], namedTypes),
    ).toEqual({
      compatible: true,
      messages: [],
      incompatibilities: [],
    });
  });

  it('reports an ambiguous field alias as incompatible, as Confluent does', () => {
    const result = checkCompatibility('BACKWARD', v([field('nik', 'string', { aliases: ['nationalId'] })]), [
      v([field('nik', 'string'), field('nationalId', 'string')]),
    ]);
    expect(result.compatible).toBe(false);
    expect(result.messages[0]).toContain(
      "reader field 'nik' matches 2 fields of writer record 'id.go.dukcapil.Birth'",
    );
  });

  it('throws InvalidSchemaError naming the invalid previous version', () => {
    expect(() => checkCompatibility('FORWARD', 'int', ['int', ['int', 'int']])).toThrow(
      new InvalidSchemaError(
        "previous version 2 of 2: a union may not contain two branches of the same type: branches 0 and 1 are both 'int' (at /1)",
      ),
    );
  });

  it('throws InvalidSchemaError for an invalid candidate', () => {
    expect(() =>
      checkCompatibility('BACKWARD', record('R', [field('a', 'int'), field('a', 'int')]), [record('R', [])]),
    ).toThrow(InvalidSchemaError);
  });

  it('throws RangeError for an unknown level', () => {
    expect(() => checkCompatibility('SIDEWAYS' as CompatibilityLevel, 'int', ['int'])).toThrow(RangeError);
  });
});
