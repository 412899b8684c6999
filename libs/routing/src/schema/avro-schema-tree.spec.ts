import { kelahiranSchema, keluargaSchema, personSchema } from '../testing/schemas.fixture';
import {
  describeNode,
  qualifyName,
  resolveSchema,
  RoutingSchemaError,
  unwrapNullable,
  type RecordNode,
  type SchemaNode,
} from './avro-schema-tree';

function field(record: RecordNode, name: string): SchemaNode {
  const found = record.fieldsByName.get(name);
  if (found === undefined) throw new Error(`no field ${name}`);
  return found.type;
}

describe('resolveSchema', () => {
  it('indexes records, fields and every named type by full name', () => {
    const tree = resolveSchema(kelahiranSchema());
    expect(tree.root.fullName).toBe('id.go.dukcapil.kependudukan.Kelahiran');
    expect(tree.root.fields.map((f) => f.name)).toEqual([
      'registrationId',
      'child',
      'fatherNik',
      'registeredAt',
    ]);
    expect([...tree.named.keys()]).toEqual([
      'id.go.dukcapil.kependudukan.Kelahiran',
      'id.go.dukcapil.kependudukan.Anak',
      'id.go.dukcapil.kependudukan.JenisKelamin',
      'id.go.dukcapil.kependudukan.Wilayah',
    ]);
  });

  it('resolves references by short name, by full name and across namespaces', () => {
    const tree = resolveSchema(keluargaSchema());
    const address = field(tree.root, 'address');
    expect(unwrapNullable(field(tree.root, 'previousAddress')).node).toBe(address);
    expect(unwrapNullable(field(tree.root, 'mailingAddress')).node).toBe(address);
    const region = field(address as RecordNode, 'region') as RecordNode;
    expect(region.fullName).toBe('id.go.bps.Wilayah');
    expect(field(tree.root, 'regionOfIssue')).toBe(region);
  });

  it('follows a dotted name and lets an explicit namespace win over it, as avsc does', () => {
    const tree = resolveSchema({
      type: 'record',
      name: 'a.Top',
      fields: [
        {
          name: 'x',
          type: {
            type: 'record',
            name: 'b.Inner',
            namespace: 'c',
            fields: [{ name: 'e', type: { type: 'enum', name: 'E', symbols: ['A'] } }],
          },
        },
        { name: 'y', type: 'c.E' },
        { name: 'z', type: { type: 'record', name: 'Other', fields: [] } },
      ],
    });
    expect([...tree.named.keys()]).toEqual(['a.Top', 'b.Inner', 'c.E', 'a.Other']);
  });

  it('resolves recursive records to the same node', () => {
    const tree = resolveSchema(personSchema());
    expect(unwrapNullable(field(tree.root, 'parent')).node).toBe(tree.root);
  });

  it('refuses what is not a valid Avro record schema', () => {
    expect(() => resolveSchema('{"type":"record"}')).toThrow(RoutingSchemaError);
    expect(() => resolveSchema(null)).toThrow('must be a parsed Avro record schema');
    expect(() => resolveSchema(['null', 'string'])).toThrow(RoutingSchemaError);
    expect(() => resolveSchema({ type: 'recrod', name: 'X', fields: [] })).toThrow(
      'schema is not valid Avro',
    );
    expect(() => resolveSchema({ type: 'enum', name: 'E', symbols: ['A'] })).toThrow(
      'must be a record, not enum',
    );
    expect(() => resolveSchema({ type: 'record', name: 'X', fields: [{ name: 'a', type: 'Nope' }] })).toThrow(
      'schema is not valid Avro',
    );
  });

  it('refuses a field named __proto__, which no plain object can carry safely', () => {
    expect(() =>
      resolveSchema({ type: 'record', name: 'X', fields: [{ name: '__proto__', type: 'int' }] }),
    ).toThrow('field named __proto__');
  });

  it('accepts fields named like Object.prototype members', () => {
    const tree = resolveSchema({
      type: 'record',
      name: 'X',
      fields: [
        { name: 'constructor', type: 'string' },
        { name: 'toString', type: 'int' },
      ],
    });
    expect(tree.root.fieldsByName.get('constructor')?.name).toBe('constructor');
    expect(tree.root.fieldsByName.get('hasOwnProperty')).toBeUndefined();
  });
});

describe('unwrapNullable', () => {
  const tree = resolveSchema(keluargaSchema());

  it('removes the null branch of a two-branch union in either order', () => {
    expect(unwrapNullable(field(tree.root, 'previousAddress'))).toEqual({
      node: field(tree.root, 'address'),
      nullable: true,
    });
    expect(unwrapNullable(field(tree.root, 'mailingAddress')).nullable).toBe(true);
  });

  it('leaves other unions and non-unions alone', () => {
    const extra = field(tree.root, 'extra');
    expect(unwrapNullable(extra)).toEqual({ node: extra, nullable: true });
    const kk = field(tree.root, 'kkNumber');
    expect(unwrapNullable(kk)).toEqual({ node: kk, nullable: false });
    expect(unwrapNullable({ kind: 'primitive', type: 'null', json: 'null' }).nullable).toBe(true);
  });

  it('sees through a one-branch union', () => {
    const int = { kind: 'primitive' as const, type: 'int' as const, json: 'int' };
    expect(unwrapNullable({ kind: 'union', branches: [int] })).toEqual({ node: int, nullable: false });
  });
});

describe('describeNode and qualifyName', () => {
  it('describes types for messages', () => {
    const tree = resolveSchema(keluargaSchema());
    expect(describeNode(field(tree.root, 'address'))).toBe('record Alamat');
    expect(describeNode(field(tree.root, 'members'))).toBe('array');
    expect(describeNode(field(tree.root, 'notes'))).toBe('map');
    expect(describeNode(field(tree.root, 'checksum'))).toBe('fixed Sha256');
    expect(describeNode(field(tree.root, 'issuedAt'))).toBe('long (timestamp-micros)');
    expect(describeNode(field(tree.root, 'extra'))).toBe('union [null, string, int]');
  });

  it('qualifies names the Avro way', () => {
    expect(qualifyName('Anak', 'id.go')).toEqual({
      fullName: 'id.go.Anak',
      name: 'Anak',
      namespace: 'id.go',
    });
    expect(qualifyName('x.y.Anak', 'id.go')).toEqual({
      fullName: 'x.y.Anak',
      name: 'Anak',
      namespace: 'x.y',
    });
    expect(qualifyName('Anak', '')).toEqual({ fullName: 'Anak', name: 'Anak', namespace: '' });
    expect(qualifyName('.Anak', 'id.go')).toEqual({ fullName: 'Anak', name: 'Anak', namespace: '' });
  });
});
