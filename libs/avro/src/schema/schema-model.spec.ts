import { InvalidSchemaError } from './invalid-schema-error';
import {
  buildSchemaModel,
  formatLocation,
  SchemaModelBuilder,
  type RecordNode,
  type SchemaNode,
} from './schema-model';

function asRecord(node: SchemaNode): RecordNode {
  if (node.kind !== 'record') throw new Error(`expected a record, got ${node.kind}`);
  return node;
}

function fieldType(node: SchemaNode, index: number): SchemaNode {
  const type = asRecord(node).fields[index]?.type;
  if (type === undefined) throw new Error(`no field ${index}`);
  return type;
}

describe('buildSchemaModel', () => {
  it('shares named type nodes and creates a fresh node for every other occurrence (as Java does)', () => {
    const root = buildSchemaModel({
      type: 'record',
      name: 'R',
      fields: [
        { name: 'a', type: { type: 'enum', name: 'E', symbols: ['X'] } },
        { name: 'b', type: 'E' },
        { name: 'c', type: 'int' },
        { name: 'd', type: 'int' },
      ],
    });
    expect(fieldType(root, 0)).toBe(fieldType(root, 1));
    expect(fieldType(root, 2)).not.toBe(fieldType(root, 3));
    expect(fieldType(root, 2)).toEqual(fieldType(root, 3));
  });

  it('makes a recursive schema a cyclic graph', () => {
    const root = asRecord(
      buildSchemaModel({ type: 'record', name: 'Node', fields: [{ name: 'next', type: ['null', 'Node'] }] }),
    );
    const next = fieldType(root, 0);
    expect(next.kind === 'union' && next.branches[1]).toBe(root);
  });

  it('qualifies names and aliases with the inherited namespace', () => {
    const root = asRecord(
      buildSchemaModel({
        type: 'record',
        name: 'Outer',
        namespace: 'id.go',
        fields: [
          {
            name: 'inner',
            type: { type: 'record', name: 'Inner', aliases: ['Old', 'other.Older'], fields: [] },
          },
          { name: 'reset', type: { type: 'fixed', name: 'Bare', namespace: '', size: 1 } },
          { name: 'full', type: { type: 'enum', name: 'x.y.E', namespace: 'ignored', symbols: ['A'] } },
        ],
      }),
    );
    expect(fieldType(root, 0)).toMatchObject({
      name: 'Inner',
      namespace: 'id.go',
      fullName: 'id.go.Inner',
      aliases: ['id.go.Old', 'other.Older'],
    });
    expect(fieldType(root, 1)).toMatchObject({ name: 'Bare', namespace: '', fullName: 'Bare' });
    expect(fieldType(root, 2)).toMatchObject({ name: 'E', namespace: 'x.y', fullName: 'x.y.E' });
  });

  it('resolves a short name in the enclosing namespace first, then in the null namespace (Java Names.get)', () => {
    const root = buildSchemaModel({
      type: 'record',
      name: 'R',
      fields: [
        { name: 'global', type: { type: 'enum', name: 'E', symbols: ['GLOBAL'] } },
        {
          name: 'scoped',
          type: {
            type: 'record',
            name: 'S',
            namespace: 'ns',
            fields: [
              { name: 'fallback', type: 'E' },
              { name: 'local', type: { type: 'enum', name: 'E', symbols: ['LOCAL'] } },
              { name: 'preferred', type: 'E' },
            ],
          },
        },
      ],
    });
    const scoped = fieldType(root, 1);
    expect(fieldType(scoped, 0)).toMatchObject({ fullName: 'E' });
    expect(fieldType(scoped, 2)).toMatchObject({ fullName: 'ns.E' });
  });

  it('records field details Java exposes', () => {
    const root = asRecord(
      buildSchemaModel({
        type: 'record',
        name: 'R',
        fields: [
          { name: 'a', type: ['null', 'int'], default: null, aliases: ['old_a'], classification: 'public' },
          { name: 'b', type: 'int' },
        ],
      }),
    );
    expect(root.fields[0]).toMatchObject({
      name: 'a',
      aliases: ['old_a'],
      hasDefault: true,
      defaultValue: null,
      position: 0,
      location: '/fields/0',
    });
    expect(root.fields[0]?.attributes.classification).toBe('public');
    expect(root.fields[1]).toMatchObject({ hasDefault: false, position: 1 });
  });

  describe('named types from references', () => {
    const document = {
      type: 'record',
      name: 'Address',
      namespace: 'id.go.common',
      fields: [{ name: 'province', type: { type: 'enum', name: 'Province', symbols: ['DKI'] } }],
    };

    it('loads a whole document once even when it defines several requested names', () => {
      const namedTypes = { 'id.go.common.Address': document, 'id.go.common.Province': document };
      const root = buildSchemaModel(
        {
          type: 'record',
          name: 'R',
          fields: [
            { name: 'a', type: 'id.go.common.Address' },
            { name: 'p', type: 'id.go.common.Province' },
          ],
        },
        namedTypes,
      );
      expect(fieldType(fieldType(root, 0), 0)).toBe(fieldType(root, 1));
    });

    it('gives a bare definition the namespace of its key', () => {
      const root = buildSchemaModel('id.go.Region', {
        'id.go.Region': { type: 'enum', name: 'Region', symbols: ['A'] },
      });
      expect(root).toMatchObject({ kind: 'enum', fullName: 'id.go.Region' });
    });

    it('prefers a definition in the schema itself', () => {
      const root = buildSchemaModel(
        {
          type: 'record',
          name: 'R',
          fields: [
            { name: 'e', type: { type: 'enum', name: 'E', symbols: ['MINE'] } },
            { name: 'f', type: 'E' },
          ],
        },
        { E: { type: 'enum', name: 'E', symbols: ['THEIRS'] } },
      );
      expect(fieldType(root, 1)).toMatchObject({ symbols: ['MINE'] });
    });

    it('names the named type in errors', () => {
      expect(() => buildSchemaModel('x.Bad', { 'x.Bad': { type: 'fixed', name: 'Bad' } })).toThrow(
        new InvalidSchemaError(
          "fixed 'x.Bad' needs a 'size' that is a non-negative 32-bit integer, got nothing (at /size, in named type 'x.Bad')",
        ),
      );
    });
  });

  it('shares names across documents built by one builder, in order', () => {
    const builder = new SchemaModelBuilder();
    builder.build({ type: 'fixed', name: 'a.Md5', size: 16 }, "reference 'md5'");
    expect(builder.build({ type: 'array', items: 'a.Md5' })).toMatchObject({
      items: { kind: 'fixed', size: 16, source: "reference 'md5'" },
    });
    expect([...builder.definedNames.keys()]).toEqual(['a.Md5']);
  });

  it('checks defaults once the whole document is built, so a recursive default sees every field', () => {
    // Checked while parsing field 0, `Tree` would still lack field `label` and the default would pass.
    expect(() =>
      buildSchemaModel({
        type: 'record',
        name: 'Tree',
        fields: [
          { name: 'children', type: { type: 'array', items: 'Tree' }, default: [{ children: [] }] },
          { name: 'label', type: 'string' },
        ],
      }),
    ).toThrow(
      "default value of field 'children' does not match its type: missing field '[0].label' of record 'Tree', " +
        "which has no default of its own (at /fields/0/default, field 'children')",
    );
  });
});

describe('formatLocation', () => {
  it('renders the root as / and escapes ~ and / like a JSON pointer', () => {
    expect(formatLocation([])).toBe('/');
    expect(formatLocation(['fields', '0', 'type'])).toBe('/fields/0/type');
    expect(formatLocation(['a/b', 'c~d'])).toBe('/a~1b/c~0d');
  });
});
