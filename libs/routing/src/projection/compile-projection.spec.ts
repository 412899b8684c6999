import * as avro from 'avsc';
import {
  kelahiranSchema,
  kelahiranSchemaV2,
  kelahiranValue,
  keluargaSchema,
  keluargaValue,
  personSchema,
} from '../testing/schemas.fixture';
import { compileProjection, ProjectionValueError, projectValue } from './compile-projection';
import { expandProjection, ProjectionError } from './projection-paths';
import { projectSchema } from './project-schema';

/** Encodes with the projected schema and decodes back: the acceptance test for a projected value. */
function roundTrip(
  schema: object,
  paths: string[],
  value: unknown,
): { projected: unknown; decoded: unknown } {
  const type = avro.Type.forSchema(projectSchema(schema, paths) as avro.Schema);
  const projected = projectValue(schema, paths, value);
  const decoded: unknown = type.fromBuffer(type.toBuffer(projected));
  return { projected, decoded };
}

/** Every non-empty subset of `items`. */
function subsets<T>(items: readonly T[]): T[][] {
  const result: T[][] = [];
  for (let mask = 1; mask < 1 << items.length; mask++)
    result.push(items.filter((_, index) => mask & (1 << index)));
  return result;
}

describe('projectValue', () => {
  it('keeps only the selected fields', () => {
    const paths = ['registrationId', 'child.sex', 'child.birthPlace.regencyCode'];
    const { projected, decoded } = roundTrip(kelahiranSchema(), paths, kelahiranValue());
    expect(projected).toStrictEqual({
      registrationId: 'REG-3171-2024-000123',
      child: { sex: 'PEREMPUAN', birthPlace: { regencyCode: '3171' } },
    });
    expect(decoded).toEqual(projected);
  });

  it('keeps null and missing optional values as they are', () => {
    const value = { ...kelahiranValue(), fatherNik: null };
    expect(projectValue(kelahiranSchema(), ['fatherNik'], value)).toEqual({ fatherNik: null });
    const withoutWeight = kelahiranValue();
    delete (withoutWeight['child'] as Record<string, unknown>)['birthWeightGrams'];
    const { decoded } = roundTrip(kelahiranSchema(), ['child.birthWeightGrams'], withoutWeight);
    expect(decoded).toEqual({ child: { birthWeightGrams: null } });
  });

  it('projects through a nullable record, null or present', () => {
    const paths = ['previousAddress.region.regencyCode', 'mailingAddress.street'];
    const value = keluargaValue();
    expect(roundTrip(keluargaSchema(), paths, value).decoded).toEqual({
      previousAddress: { region: { regencyCode: '3273' } },
      mailingAddress: null,
    });
    value['previousAddress'] = null;
    value['mailingAddress'] = {
      street: 'Jl. Asia Afrika',
      rt: 2,
      region: { regencyCode: '3273', provinceCode: '32' },
    };
    expect(roundTrip(keluargaSchema(), paths, value).decoded).toEqual({
      previousAddress: null,
      mailingAddress: { street: 'Jl. Asia Afrika' },
    });
  });

  it('shares wholly selected subtrees with the input instead of copying them', () => {
    const value = keluargaValue();
    const projected = projectValue(keluargaSchema(), ['members', 'address', 'head.nik'], value) as Record<
      string,
      unknown
    >;
    expect(projected['members']).toBe(value['members']);
    expect(projected['address']).toBe(value['address']);
    expect(projected['head']).not.toBe(value['head']);
  });

  it('round-trips every field type of the family card', () => {
    const paths = [
      'kkNumber',
      'address.region',
      'previousAddress.rt',
      'mailingAddress',
      'regionOfIssue.provinceCode',
      'head.relation',
      'members',
      'notes',
      'checksum',
      'photo',
      'incomeScore',
      'issuedAt',
      'verified',
      'memberCount',
      'extra',
    ];
    const { projected, decoded } = roundTrip(keluargaSchema(), paths, keluargaValue());
    expect(decoded).toEqual(projected);
    expect(projected).toMatchObject({
      head: { relation: 'KEPALA' },
      extra: 5,
      checksum: Buffer.alloc(32, 7),
    });
  });

  it('reads records as avsc decodes them', () => {
    const source = avro.Type.forSchema(kelahiranSchema() as avro.Schema);
    const decoded: unknown = source.fromBuffer(source.toBuffer(kelahiranValue()));
    expect(Object.getPrototypeOf(decoded)).not.toBe(Object.prototype);
    const paths = ['child.fullName', 'child.birthPlace', 'registeredAt'];
    const { projected } = roundTrip(kelahiranSchema(), paths, decoded);
    expect(projected).toEqual({
      child: { fullName: 'Siti Aminah', birthPlace: { regencyCode: '3171', provinceCode: '31' } },
      registeredAt: 1706081400000,
    });
  });

  it('recurses through recursive records', () => {
    const value = {
      name: 'c',
      age: 1,
      parent: { name: 'b', age: 30, parent: { name: 'a', age: 60, parent: null } },
    };
    expect(roundTrip(personSchema(), ['name', 'parent.parent.name'], value).decoded).toEqual({
      name: 'c',
      parent: { parent: { name: 'a' } },
    });
    expect(roundTrip(personSchema(), ['name', 'parent'], value).decoded).toEqual({
      name: 'c',
      parent: value.parent,
    });
  });

  it('never copies inherited prototype members for fields the value lacks', () => {
    const schema = {
      type: 'record',
      name: 'R',
      fields: [
        { name: 'constructor', type: ['null', 'string'], default: null },
        { name: 'toString', type: ['null', 'string'], default: null },
        { name: 'id', type: 'string' },
      ],
    };
    const projected = projectValue(schema, ['constructor', 'toString', 'id'], { id: 'x' });
    expect(projected).toEqual({ constructor: undefined, toString: undefined, id: 'x' });
    expect(projectValue(schema, ['constructor'], { constructor: 'own', id: 'x' })).toEqual({
      constructor: 'own',
    });
    const type = avro.Type.forSchema(projectSchema(schema, ['constructor', 'id']) as avro.Schema);
    expect(type.fromBuffer(type.toBuffer(projectValue(schema, ['constructor', 'id'], { id: 'x' })))).toEqual({
      constructor: null,
      id: 'x',
    });
  });

  it('throws ProjectionValueError naming the path when a record is not an object', () => {
    const project = compileProjection(kelahiranSchema(), ['child.birthPlace.regencyCode']);
    expect(() => project({ child: null })).toThrow(
      new ProjectionValueError('child', 'expected a record, got null'),
    );
    expect(() => project({ child: null })).toThrow('child: expected a record, got null');
    expect(() => project({ child: { birthPlace: 'x' } })).toThrow(
      'child.birthPlace: expected a record, got string',
    );
    expect(() => project([])).toThrow(ProjectionValueError);
    expect(() => project(undefined)).toThrow(/^expected a record, got undefined$/);
  });

  it('throws ProjectionError for an invalid projection at compile time', () => {
    expect(() => compileProjection(kelahiranSchema(), ['child.nope'])).toThrow(ProjectionError);
  });

  it('does not modify its input', () => {
    const value = kelahiranValue();
    projectValue(kelahiranSchema(), ['child.sex', 'registrationId'], value);
    expect(value).toEqual(kelahiranValue());
  });
});

describe('projection over many subsets of leaves', () => {
  const leaves = expandProjection(kelahiranSchema(), [
    'registrationId',
    'child',
    'fatherNik',
    'registeredAt',
  ]);
  // All subsets of 1, 2, 3, 9 and 10 leaves (186 of the 1023): avsc needs about 1 ms per schema parse.
  const chosen = subsets(leaves).filter((paths) => paths.length <= 3 || paths.length >= leaves.length - 1);

  it('covers the ten leaves of Kelahiran', () => {
    expect(leaves).toHaveLength(10);
    expect(chosen).toHaveLength(186);
  });

  it('yields for each a valid schema, a round-tripping value and the same leaves back', () => {
    const schema = kelahiranSchema();
    const value = kelahiranValue();
    const v2 = kelahiranSchemaV2();
    const v2Value = {
      ...value,
      certificateNumber: 'AL-123',
      child: {
        ...(value['child'] as object),
        motherNik: '3171014101900003',
        birthPlace: { regencyCode: '3171', provinceCode: '31', districtCode: '317101' },
      },
    };
    for (const paths of chosen) {
      const type = avro.Type.forSchema(projectSchema(schema, paths) as avro.Schema);
      const projected = compileProjection(schema, paths)(value);
      expect(type.fromBuffer(type.toBuffer(projected))).toEqual(projected);
      expect(expandProjection(schema, paths)).toEqual(paths);
      // A v2 record projected with the same paths is still valid for the schema derived from v1.
      expect(type.isValid(compileProjection(v2, paths)(v2Value))).toBe(true);
    }
  });
});
