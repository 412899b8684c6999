import { RoutingSchemaError } from '../schema/avro-schema-tree';
import { kelahiranSchema, keluargaSchema, personSchema } from '../testing/schemas.fixture';
import {
  classifiedLeafPaths,
  expandProjection,
  implicitLeafPaths,
  ProjectionError,
  validateProjection,
} from './projection-paths';

const ALL_KELAHIRAN_LEAVES = [
  'registrationId',
  'child.nik',
  'child.fullName',
  'child.sex',
  'child.birthDate',
  'child.birthPlace.regencyCode',
  'child.birthPlace.provinceCode',
  'child.birthWeightGrams',
  'fatherNik',
  'registeredAt',
];

describe('validateProjection', () => {
  const schema = kelahiranSchema();

  it('accepts leaves, nested leaves and whole records', () => {
    expect(
      validateProjection(schema, ['registrationId', 'child.sex', 'child.birthPlace.regencyCode']),
    ).toEqual([]);
    expect(validateProjection(schema, ['child'])).toEqual([]);
    expect(validateProjection(schema, ['child.birthPlace', 'fatherNik'])).toEqual([]);
  });

  it('accepts paths through a nullable record', () => {
    expect(
      validateProjection(keluargaSchema(), ['previousAddress.region.regencyCode', 'mailingAddress.rt']),
    ).toEqual([]);
  });

  it('refuses an empty list and a non-list', () => {
    expect(validateProjection(schema, [])).toEqual([
      { path: '', message: 'the projection is empty: name at least one field' },
    ]);
    expect(validateProjection(schema, 'child' as unknown as string[])).toEqual([
      { path: '', message: 'the projection must be a list of field paths' },
    ]);
  });

  it('reports unknown fields with the record they are missing from', () => {
    expect(validateProjection(schema, ['child.mother', 'nik', 'child.birthplace.regencyCode'])).toEqual([
      { path: 'child.mother', message: "unknown field 'mother' in record Anak" },
      { path: 'nik', message: "unknown field 'nik' in record Kelahiran" },
      {
        path: 'child.birthplace.regencyCode',
        message: "unknown field 'birthplace' in record Anak (did you mean 'birthPlace'?)",
      },
    ]);
  });

  it('refuses paths through a non-record', () => {
    expect(validateProjection(schema, ['child.sex.code', 'registrationId.length', 'fatherNik.x'])).toEqual([
      {
        path: 'child.sex.code',
        message: "'child.sex' is enum JenisKelamin, not a record, so it has no field 'code'",
      },
      {
        path: 'registrationId.length',
        message: "'registrationId' is string, not a record, so it has no field 'length'",
      },
      { path: 'fatherNik.x', message: "'fatherNik' is string, not a record, so it has no field 'x'" },
    ]);
    expect(validateProjection(keluargaSchema(), ['members.nik', 'notes.source', 'extra.x'])).toEqual([
      { path: 'members.nik', message: "'members' is array, not a record, so it has no field 'nik'" },
      { path: 'notes.source', message: "'notes' is map, not a record, so it has no field 'source'" },
      {
        path: 'extra.x',
        message: "'extra' is union [null, string, int], not a record, so it has no field 'x'",
      },
    ]);
  });

  it('refuses duplicates and paths already covered by a selected record', () => {
    expect(validateProjection(schema, ['child.sex', 'registrationId', 'child.sex'])).toEqual([
      { path: 'child.sex', message: "'child.sex' is listed more than once" },
    ]);
    expect(validateProjection(schema, ['child.birthPlace.regencyCode', 'child'])).toEqual([
      {
        path: 'child.birthPlace.regencyCode',
        message: "'child.birthPlace.regencyCode' is already selected by 'child'",
      },
    ]);
  });

  it('refuses wildcards with a clear message', () => {
    const message =
      'wildcards are not supported: name every field the subscription may receive (data minimisation)';
    expect(validateProjection(schema, ['*', 'child.*', 'ALL', 'all', 'child.**'])).toEqual([
      { path: '*', message },
      { path: 'child.*', message },
      { path: 'ALL', message },
      { path: 'all', message },
      { path: 'child.**', message },
    ]);
  });

  it('treats "all" as a field name when the record has such a field', () => {
    const withAll = { type: 'record', name: 'R', fields: [{ name: 'all', type: 'int' }] };
    expect(validateProjection(withAll, ['all'])).toEqual([]);
  });

  it('refuses malformed paths and non-strings', () => {
    expect(
      validateProjection(schema, ['', 'child..sex', ' child', 'child.sex ', 42 as unknown as string]),
    ).toEqual([
      { path: '', message: 'the path is empty' },
      { path: 'child..sex', message: "'child..sex' has an empty segment" },
      { path: ' child', message: '\' child\' is not a field path: " child" is not an Avro name' },
      { path: 'child.sex ', message: '\'child.sex \' is not a field path: "sex " is not an Avro name' },
      { path: '42', message: 'entry 4 is not a string' },
    ]);
  });

  it('never resolves prototype members as fields', () => {
    const issues = validateProjection(schema, [
      'constructor',
      '__proto__',
      'constructor.prototype',
      'toString',
    ]);
    expect(issues.map((issue) => issue.message)).toEqual([
      "unknown field 'constructor' in record Kelahiran",
      "unknown field '__proto__' in record Kelahiran",
      "unknown field 'constructor' in record Kelahiran",
      "unknown field 'toString' in record Kelahiran",
    ]);
  });

  it('throws RoutingSchemaError for a schema that is not an Avro record', () => {
    expect(() => validateProjection({ type: 'string' }, ['x'])).toThrow(RoutingSchemaError);
  });
});

describe('expandProjection', () => {
  const schema = kelahiranSchema();

  it('returns the leaves, in schema order, whatever the order given', () => {
    expect(
      expandProjection(schema, ['registeredAt', 'child.birthPlace.regencyCode', 'registrationId']),
    ).toEqual(['registrationId', 'child.birthPlace.regencyCode', 'registeredAt']);
  });

  it('expands a record path to every leaf beneath it', () => {
    expect(expandProjection(schema, ['child'])).toEqual(
      ALL_KELAHIRAN_LEAVES.filter((p) => p.startsWith('child.')),
    );
    expect(expandProjection(schema, ['child.birthPlace', 'fatherNik'])).toEqual([
      'child.birthPlace.regencyCode',
      'child.birthPlace.provinceCode',
      'fatherNik',
    ]);
    expect(expandProjection(schema, ['registrationId', 'child', 'fatherNik', 'registeredAt'])).toEqual(
      ALL_KELAHIRAN_LEAVES,
    );
  });

  it('expands nullable records and treats arrays, maps and multi-type unions as leaves', () => {
    expect(expandProjection(keluargaSchema(), ['previousAddress', 'members', 'notes', 'extra'])).toEqual([
      'previousAddress.street',
      'previousAddress.rt',
      'previousAddress.region.regencyCode',
      'previousAddress.region.provinceCode',
      'members',
      'notes',
      'extra',
    ]);
  });

  it('stops at a recursive record instead of expanding forever', () => {
    expect(expandProjection(personSchema(), ['parent'])).toEqual(['parent']);
    expect(expandProjection(personSchema(), ['parent.parent.name', 'name'])).toEqual([
      'name',
      'parent.parent.name',
    ]);
  });

  it('throws ProjectionError listing every issue', () => {
    let error: unknown;
    try {
      expandProjection(schema, ['nope', '*']);
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(ProjectionError);
    expect((error as ProjectionError).issues).toHaveLength(2);
    expect((error as ProjectionError).message).toBe(
      "invalid projection: nope: unknown field 'nope' in record Kelahiran; *: wildcards are not supported: " +
        'name every field the subscription may receive (data minimisation)',
    );
  });
});

describe('implicitLeafPaths and classifiedLeafPaths', () => {
  it('lists leaves selected only through an enclosing record', () => {
    expect(implicitLeafPaths(kelahiranSchema(), ['child.nik', 'child.birthPlace', 'registrationId'])).toEqual(
      ['child.birthPlace.regencyCode', 'child.birthPlace.provinceCode'],
    );
    expect(implicitLeafPaths(kelahiranSchema(), ['child.sex'])).toEqual([]);
  });

  it('lists leaves by classification, inherited from enclosing fields', () => {
    expect(classifiedLeafPaths(kelahiranSchema(), 'personal')).toEqual(['child.nik', 'child.fullName']);
    expect(classifiedLeafPaths(kelahiranSchema(), 'sensitive')).toEqual(['fatherNik']);
    expect(classifiedLeafPaths(kelahiranSchema(), 'secret')).toEqual([]);
    const parentClassified = {
      type: 'record',
      name: 'R',
      fields: [
        {
          name: 'mother',
          classification: 'personal',
          type: ['null', { type: 'record', name: 'Ibu', fields: [{ name: 'nik', type: 'string' }] }],
        },
      ],
    };
    expect(classifiedLeafPaths(parentClassified, 'personal')).toEqual(['mother.nik']);
  });

  it('lets a caller insist that personal fields be named explicitly', () => {
    const personal = classifiedLeafPaths(kelahiranSchema(), 'personal');
    const implicitPersonal = (paths: string[]): string[] =>
      implicitLeafPaths(kelahiranSchema(), paths).filter((leaf) => personal.includes(leaf));
    expect(implicitPersonal(['child'])).toEqual(['child.nik', 'child.fullName']);
    expect(implicitPersonal(['child.nik', 'child.sex'])).toEqual([]);
  });
});
