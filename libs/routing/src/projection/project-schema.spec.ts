import * as avro from 'avsc';
import { kelahiranSchema, kelahiranSchemaV2, keluargaSchema, personSchema } from '../testing/schemas.fixture';
import { expandProjection, ProjectionError } from './projection-paths';
import { projectSchema } from './project-schema';

/** Parses with avsc (the brief's acceptance test) and returns every named type by full name. */
function namedTypes(schema: object): Record<string, avro.Type> {
  const registry: Record<string, avro.Type> = {};
  avro.Type.forSchema(schema as avro.Schema, { registry });
  return Object.fromEntries(
    Object.entries(registry).filter(([, type]) => ['record', 'enum', 'fixed'].includes(type.typeName)),
  );
}

function fieldNames(type: avro.Type): string[] {
  return (type as avro.types.RecordType).fields.map((field) => field.name);
}

const JENIS_KELAMIN = { type: 'enum', name: 'JenisKelamin', symbols: ['LAKI_LAKI', 'PEREMPUAN'] };

describe('projectSchema', () => {
  it('keeps only the selected fields, pruning nested records', () => {
    const projected = projectSchema(kelahiranSchema(), [
      'registrationId',
      'child.sex',
      'child.birthPlace.regencyCode',
    ]);
    expect(projected).toEqual({
      type: 'record',
      name: 'Kelahiran',
      namespace: 'id.go.dukcapil.kependudukan',
      fields: [
        { name: 'registrationId', type: 'string' },
        {
          name: 'child',
          type: {
            type: 'record',
            name: 'Anak',
            fields: [
              { name: 'sex', type: JENIS_KELAMIN },
              {
                name: 'birthPlace',
                type: { type: 'record', name: 'Wilayah', fields: [{ name: 'regencyCode', type: 'string' }] },
              },
            ],
          },
        },
      ],
    });
    expect(Object.keys(namedTypes(projected))).toEqual([
      'id.go.dukcapil.kependudukan.Kelahiran',
      'id.go.dukcapil.kependudukan.Anak',
      'id.go.dukcapil.kependudukan.JenisKelamin',
      'id.go.dukcapil.kependudukan.Wilayah',
    ]);
  });

  it('keeps fields in schema order whatever the order of the paths', () => {
    const a = projectSchema(kelahiranSchema(), ['registeredAt', 'child.sex', 'registrationId']);
    const b = projectSchema(kelahiranSchema(), ['registrationId', 'child.sex', 'registeredAt']);
    expect(JSON.stringify(a)).toBe(JSON.stringify(b));
    expect(fieldNames(avro.Type.forSchema(a as avro.Schema))).toEqual([
      'registrationId',
      'child',
      'registeredAt',
    ]);
  });

  it('preserves docs, defaults, logical types, order, custom attributes and null unions', () => {
    const projected = projectSchema(kelahiranSchema(), [
      'child.birthDate',
      'child.birthWeightGrams',
      'fatherNik',
      'registeredAt',
    ]);
    expect(projected['fields']).toEqual([
      {
        name: 'child',
        type: {
          type: 'record',
          name: 'Anak',
          fields: [
            { name: 'birthDate', type: { type: 'int', logicalType: 'date' } },
            { name: 'birthWeightGrams', type: ['null', 'int'], default: null },
          ],
        },
      },
      { name: 'fatherNik', type: ['null', 'string'], default: null, classification: 'sensitive' },
      { name: 'registeredAt', type: { type: 'long', logicalType: 'timestamp-millis' } },
    ]);
    avro.Type.forSchema(projected as avro.Schema, { assertLogicalTypes: true });

    const keluarga = projectSchema(keluargaSchema(), ['kkNumber', 'address.rt', 'address.street']);
    expect(keluarga).toMatchObject({ doc: 'A family card as registered', aliases: ['KK'] });
    expect(keluarga['fields']).toEqual([
      { name: 'kkNumber', type: 'string', doc: 'Family card number', classification: 'personal' },
      {
        name: 'address',
        type: {
          type: 'record',
          name: 'Alamat',
          doc: 'A postal address',
          classification: 'personal',
          aliases: ['Address'],
          fields: [
            { name: 'street', type: 'string', classification: 'personal' },
            { name: 'rt', type: 'int', order: 'descending' },
          ],
        },
      },
    ]);
    expect(namedTypes(keluarga)['id.go.dukcapil.kk.Alamat']?.doc).toBe('A postal address');
  });

  it('keeps a wholly selected subtree exactly as it was', () => {
    const source = kelahiranSchema();
    const projected = projectSchema(source, ['child']);
    const sourceFields = source['fields'] as unknown[];
    expect(projected['fields']).toEqual([sourceFields[1]]);
  });

  it('keeps a record whose fields are all named one by one exactly as it was', () => {
    const byLeaf = projectSchema(kelahiranSchema(), [
      'child.birthPlace.regencyCode',
      'child.birthPlace.provinceCode',
    ]);
    const byRecord = projectSchema(kelahiranSchema(), ['child.birthPlace']);
    expect(byLeaf).toEqual(byRecord);
  });

  it('names the projected record after the options, keeping every nested full name', () => {
    const projected = projectSchema(kelahiranSchema(), ['child.sex', 'child.birthPlace'], {
      name: 'KelahiranUntukBpjs',
      namespace: 'id.go.bpjs.langganan',
    });
    expect(projected).toMatchObject({ name: 'KelahiranUntukBpjs', namespace: 'id.go.bpjs.langganan' });
    expect(Object.keys(namedTypes(projected))).toEqual([
      'id.go.bpjs.langganan.KelahiranUntukBpjs',
      'id.go.dukcapil.kependudukan.Anak',
      'id.go.dukcapil.kependudukan.JenisKelamin',
      'id.go.dukcapil.kependudukan.Wilayah',
    ]);
    // The nested record now needs its namespace spelled out; its children inherit it again.
    const [child] = projected['fields'] as { type: Record<string, unknown> }[];
    expect(child?.type).toMatchObject({ name: 'Anak', namespace: 'id.go.dukcapil.kependudukan' });
    expect((child?.type['fields'] as { type: Record<string, unknown> }[])[1]?.type).not.toHaveProperty(
      'namespace',
    );

    expect(
      namedTypes(projectSchema(kelahiranSchema(), ['registrationId'], { name: 'x.y.Z' })),
    ).toHaveProperty(['x.y.Z']);
    expect(
      namedTypes(projectSchema(kelahiranSchema(), ['registrationId'], { namespace: 'x.y' })),
    ).toHaveProperty(['x.y.Kelahiran']);
    expect(
      namedTypes(projectSchema(kelahiranSchema(), ['registrationId'], { name: 'Plain', namespace: '' })),
    ).toHaveProperty(['Plain']);
  });

  it('renames a nested type rather than clash with the name chosen for the projection', () => {
    const projected = projectSchema(kelahiranSchema(), ['child.sex'], {
      name: 'Anak',
      namespace: 'id.go.dukcapil.kependudukan',
    });
    expect(Object.keys(namedTypes(projected))).toEqual([
      'id.go.dukcapil.kependudukan.Anak',
      'id.go.dukcapil.kependudukan.Anak_1',
      'id.go.dukcapil.kependudukan.JenisKelamin',
    ]);
  });

  it("keeps a recursive reference to the root under the root's new name", () => {
    const projected = projectSchema(personSchema(), ['name', 'age', 'parent'], {
      name: 'Lineage',
      namespace: 'x',
    });
    expect(projected['fields']).toContainEqual({
      name: 'parent',
      type: ['null', 'x.Lineage'],
      default: null,
    });
    expect(Object.keys(namedTypes(projected))).toEqual(['x.Lineage']);
  });

  it('drops the source aliases from a renamed record', () => {
    expect(projectSchema(keluargaSchema(), ['kkNumber'], { name: 'KkRingkas' })).not.toHaveProperty(
      'aliases',
    );
    expect(projectSchema(keluargaSchema(), ['kkNumber'])).toHaveProperty('aliases', ['KK']);
  });

  it('refers by name to a type reused with the same selection', () => {
    const projected = projectSchema(keluargaSchema(), ['address.street', 'previousAddress.street']);
    const fields = projected['fields'] as { name: string; type: unknown }[];
    expect(fields[1]).toEqual({
      name: 'previousAddress',
      type: ['null', 'id.go.dukcapil.kk.Alamat'],
      default: null,
      doc: 'Address before moving, if any',
    });
    expect(Object.keys(namedTypes(projected))).toEqual([
      'id.go.dukcapil.kk.KartuKeluarga',
      'id.go.dukcapil.kk.Alamat',
    ]);
  });

  it('gives each differently pruned use of a type its own name, first use keeping the original', () => {
    const projected = projectSchema(keluargaSchema(), [
      'address.street',
      'previousAddress.rt',
      'mailingAddress',
      'regionOfIssue.provinceCode',
      'head.nik',
      'members',
    ]);
    const types = namedTypes(projected);
    expect(Object.keys(types).sort()).toEqual(
      [
        'id.go.dukcapil.kk.KartuKeluarga',
        'id.go.dukcapil.kk.Alamat',
        'id.go.dukcapil.kk.Alamat_1',
        'id.go.dukcapil.kk.Alamat_2',
        'id.go.bps.Wilayah',
        'id.go.bps.Wilayah_1',
        'id.go.dukcapil.kk.Anggota',
        'id.go.dukcapil.kk.Anggota_1',
        'id.go.dukcapil.kk.Hubungan',
      ].sort(),
    );
    const fieldsOf = (name: string): string[] => fieldNames(types[name] as avro.Type);
    expect(fieldsOf('id.go.dukcapil.kk.Alamat')).toEqual(['street']);
    expect(fieldsOf('id.go.dukcapil.kk.Alamat_1')).toEqual(['rt']);
    expect(fieldsOf('id.go.dukcapil.kk.Alamat_2')).toEqual(['street', 'rt', 'region']);
    expect(fieldsOf('id.go.bps.Wilayah')).toEqual(['regencyCode', 'provinceCode']);
    expect(fieldsOf('id.go.bps.Wilayah_1')).toEqual(['provinceCode']);
    expect(fieldsOf('id.go.dukcapil.kk.Anggota')).toEqual(['nik']);
    expect(fieldsOf('id.go.dukcapil.kk.Anggota_1')).toEqual(['nik', 'name', 'isHead', 'relation']);
    // A renamed variant is a different type: it must not claim the source type's aliases.
    expect(types['id.go.dukcapil.kk.Alamat']?.aliases).toEqual(['id.go.dukcapil.kk.Address']);
    expect(types['id.go.dukcapil.kk.Alamat_1']?.aliases).toEqual([]);
  });

  it('picks suffixes that no type of the source schema uses', () => {
    const schema = {
      type: 'record',
      name: 'R',
      fields: [
        {
          name: 'a',
          type: {
            type: 'record',
            name: 'W',
            fields: [
              { name: 'x', type: 'int' },
              { name: 'y', type: 'int' },
            ],
          },
        },
        { name: 'b', type: 'W' },
        { name: 'c', type: { type: 'record', name: 'W_1', fields: [{ name: 'z', type: 'int' }] } },
      ],
    };
    const projected = projectSchema(schema, ['a.x', 'b.y', 'c']);
    expect(Object.keys(namedTypes(projected))).toEqual(['R', 'W', 'W_2', 'W_1']);
  });

  it('prunes a record default along with its type', () => {
    const projected = projectSchema(keluargaSchema(), [
      'mailingAddress.rt',
      'mailingAddress.region.regencyCode',
    ]);
    const fields = projected['fields'] as Record<string, unknown>[];
    expect(fields[0]?.['default']).toEqual({ rt: 1, region: { regencyCode: '3171' } });
    const type = avro.Type.forSchema(projected as avro.Schema);
    // The default is what avsc fills in for a missing field, so it must be valid for the pruned type.
    expect(type.fromBuffer(type.toBuffer({}))).toEqual({
      mailingAddress: { rt: 1, region: { regencyCode: '3171' } },
    });
  });

  it('handles recursive records', () => {
    const partial = projectSchema(personSchema(), ['name', 'parent.name']);
    expect(partial).toEqual({
      type: 'record',
      name: 'Person',
      namespace: 'test',
      fields: [
        { name: 'name', type: 'string' },
        {
          name: 'parent',
          type: ['null', { type: 'record', name: 'Person_1', fields: [{ name: 'name', type: 'string' }] }],
          default: null,
        },
      ],
    });
    const whole = projectSchema(personSchema(), ['name', 'parent']);
    expect(whole['fields']).toEqual([
      { name: 'name', type: 'string' },
      {
        name: 'parent',
        type: [
          'null',
          {
            type: 'record',
            name: 'Person_1',
            fields: [
              { name: 'name', type: 'string' },
              { name: 'age', type: 'int' },
              { name: 'parent', type: ['null', 'test.Person_1'], default: null },
            ],
          },
        ],
        default: null,
      },
    ]);
    expect(projectSchema(personSchema(), ['name', 'age', 'parent'])).toEqual({
      ...personSchema(),
      fields: [
        ...(personSchema()['fields'] as object[]).slice(0, 2),
        { name: 'parent', type: ['null', 'test.Person'], default: null },
      ],
    });
    for (const paths of [['parent.parent.parent.age'], ['name', 'parent'], ['parent.parent']]) {
      namedTypes(projectSchema(personSchema(), paths));
    }
  });

  it('keeps null-namespace types reachable when the projection gets a namespace', () => {
    const schema = {
      type: 'record',
      name: 'Root',
      fields: [
        { name: 'a', type: { type: 'record', name: 'Leaf', fields: [{ name: 'v', type: 'int' }] } },
        { name: 'b', type: ['null', 'Leaf'], default: null },
      ],
    };
    const projected = projectSchema(schema, ['a', 'b'], { namespace: 'id.go.example' });
    expect(projected['fields']).toEqual([
      {
        name: 'a',
        type: { type: 'record', name: 'Leaf', namespace: '', fields: [{ name: 'v', type: 'int' }] },
      },
      { name: 'b', type: ['null', '.Leaf'], default: null },
    ]);
    expect(Object.keys(namedTypes(projected))).toEqual(['id.go.example.Root', 'Leaf']);
  });

  it('keeps arrays, maps, fixed and bytes whole', () => {
    const projected = projectSchema(keluargaSchema(), ['members', 'notes', 'checksum', 'photo', 'extra']);
    const source = keluargaSchema()['fields'] as Record<string, unknown>[];
    const byName = (name: string): unknown => source.find((field) => field['name'] === name);
    expect(projected['fields']).toEqual([
      {
        ...(byName('members') as object),
        type: { type: 'array', items: (byName('head') as { type: unknown }).type },
      },
      byName('notes'),
      byName('checksum'),
      byName('photo'),
      byName('extra'),
    ]);
    namedTypes(projected);
  });

  it('never shares objects with, nor modifies, the source schema', () => {
    const source = kelahiranSchema();
    const projected = projectSchema(source, ['child', 'registeredAt']);
    (
      (projected['fields'] as { type: { fields: unknown[] } }[])[0] as { type: { fields: unknown[] } }
    ).type.fields.pop();
    (
      (projected['fields'] as { type: Record<string, unknown> }[])[1] as { type: Record<string, unknown> }
    ).type['logicalType'] = 'changed';
    expect(source).toEqual(kelahiranSchema());
  });

  it('throws ProjectionError for invalid paths or options', () => {
    expect(() => projectSchema(kelahiranSchema(), ['nope'])).toThrow(ProjectionError);
    expect(() => projectSchema(kelahiranSchema(), [])).toThrow('the projection is empty');
    expect(() => projectSchema(kelahiranSchema(), ['child'], { name: 'bad-name' })).toThrow(
      'name "bad-name" is not a valid Avro name',
    );
    expect(() => projectSchema(kelahiranSchema(), ['child'], { namespace: 'id..go' })).toThrow(
      'namespace "id..go" is not a valid Avro namespace',
    );
  });
});

describe('projectSchema under schema evolution', () => {
  const subscriptions: string[][] = [
    ['registrationId', 'child.sex', 'child.birthPlace.regencyCode'],
    ['child.nik', 'child.fullName', 'child.birthDate', 'registeredAt'],
    ['fatherNik', 'child.birthPlace.regencyCode', 'child.birthPlace.provinceCode'],
    [
      'registrationId',
      'child.nik',
      'child.fullName',
      'child.sex',
      'child.birthDate',
      'child.birthWeightGrams',
    ],
  ];

  it.each(subscriptions)(
    'gives the same projected schema over v1 and v2 (%#): a new field reaches nobody',
    (...paths) => {
      const options = { name: 'Langganan', namespace: 'id.go.bpjs' };
      const v1 = projectSchema(kelahiranSchema(), paths, options);
      const v2 = projectSchema(kelahiranSchemaV2(), paths, options);
      expect(JSON.stringify(v2)).toBe(JSON.stringify(v1));
    },
  );

  it('lets a whole-record selection see new fields, unless stored as its expanded leaves', () => {
    const v1 = projectSchema(kelahiranSchema(), ['child']);
    expect(projectSchema(kelahiranSchemaV2(), ['child'])).not.toEqual(v1);
    // What the registry should store at approval time: the leaves, which pin the projection.
    const approved = expandProjection(kelahiranSchema(), ['child']);
    expect(projectSchema(kelahiranSchemaV2(), approved)).toEqual(v1);
  });
});
