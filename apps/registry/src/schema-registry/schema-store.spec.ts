import { jsonNestingDepth, MAX_SCHEMA_NESTING, schemaIdentity } from './schema-store';

describe('schemaIdentity', () => {
  const schema = { type: 'record', name: 'R', fields: [{ name: 'a', type: 'string' }] };
  const reordered = { fields: [{ type: 'string', name: 'a' }], name: 'R', type: 'record' };
  const reference = { name: 'id.go.Address', subject: 'address-value', version: 1 };

  it('ignores key order, keeps docs and attributes', () => {
    expect(schemaIdentity(reordered, [])).toBe(schemaIdentity(schema, []));
    expect(schemaIdentity({ ...schema, doc: 'x' }, [])).not.toBe(schemaIdentity(schema, []));
    expect(schemaIdentity({ ...schema, classification: 'public' }, [])).not.toBe(schemaIdentity(schema, []));
  });

  it('includes the references, their versions and their order', () => {
    const plain = schemaIdentity(schema, []);
    const withReference = schemaIdentity(schema, [reference]);
    expect(withReference).not.toBe(plain);
    expect(schemaIdentity(reordered, [reference])).toBe(withReference);
    expect(schemaIdentity(schema, [{ ...reference, version: 2 }])).not.toBe(withReference);
    const other = { name: 'id.go.Person', subject: 'person-value', version: 1 };
    expect(schemaIdentity(schema, [reference, other])).not.toBe(schemaIdentity(schema, [other, reference]));
  });
});

describe('jsonNestingDepth', () => {
  it('counts objects and arrays, not brackets inside strings', () => {
    expect(jsonNestingDepth('"int"')).toBe(0);
    expect(jsonNestingDepth('{"type": "array", "items": {"type": "map", "values": ["null", "int"]}}')).toBe(
      3,
    );
    expect(jsonNestingDepth('{"doc": "[[[{{{ \\" [[["}')).toBe(1);
  });

  it('stops counting past the limit', () => {
    const deep = '['.repeat(100_000) + ']'.repeat(100_000);
    expect(jsonNestingDepth(deep)).toBe(MAX_SCHEMA_NESTING + 1);
    expect(jsonNestingDepth(deep, 10)).toBe(11);
  });
});
