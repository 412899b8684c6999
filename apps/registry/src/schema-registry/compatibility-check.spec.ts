import { checkAgainstVersions, type PreviousVersion } from './compatibility-check';

const record = (fields: unknown[]) => ({ type: 'record', name: 'Person', namespace: 'id.go.test', fields });
const a = { name: 'a', type: 'string' };
const bRequired = { name: 'b', type: 'string' };
const bOptional = { name: 'b', type: 'string', default: '' };

function versions(...schemas: unknown[]): PreviousVersion[] {
  return schemas.map((json, index) => ({
    version: index + 1,
    schemaId: 100 + index,
    schema: { json, namedTypes: {} },
  }));
}

describe('checkAgainstVersions', () => {
  it('checks plain levels against the latest live version only, transitive ones against all', () => {
    const previous = versions(record([a]), record([a, bOptional]));
    const candidate = { json: record([a, bRequired]), namedTypes: {} };
    expect(checkAgainstVersions('BACKWARD', candidate, previous).compatible).toBe(true);
    const transitive = checkAgainstVersions('BACKWARD_TRANSITIVE', candidate, previous);
    expect(transitive.compatible).toBe(false);
    expect(transitive.messages).toHaveLength(1);
    expect(transitive.messages[0]).toMatch(
      /^BACKWARD: the new schema cannot read data written with version 1 \(schema id 100\): reader field 'b'/,
    );
  });

  it('names both directions for FULL and accepts anything under NONE or without versions', () => {
    const previous = versions(record([a, bRequired]));
    const candidate = { json: record([{ name: 'a', type: 'int' }]), namedTypes: {} };
    const full = checkAgainstVersions('FULL', candidate, previous);
    expect(full.messages.map((message) => message.split(':')[0])).toEqual(
      expect.arrayContaining(['BACKWARD', 'FORWARD']),
    );
    expect(full.messages.every((message) => message.includes('version 1 (schema id 100)'))).toBe(true);
    expect(checkAgainstVersions('NONE', candidate, previous)).toEqual({ compatible: true, messages: [] });
    expect(checkAgainstVersions('FULL_TRANSITIVE', candidate, [])).toEqual({
      compatible: true,
      messages: [],
    });
  });

  it("resolves each version's referenced types, the candidate's definitions first", () => {
    const address = (fields: unknown[]) => ({
      type: 'record',
      name: 'Address',
      namespace: 'id.go.shared',
      fields,
    });
    const person = record([{ name: 'home', type: 'id.go.shared.Address' }]);
    const previous: PreviousVersion[] = [
      {
        version: 1,
        schemaId: 1,
        schema: { json: person, namedTypes: { 'id.go.shared.Address': address([a]) } },
      },
    ];
    const candidate = { json: person, namedTypes: { 'id.go.shared.Address': address([a, bOptional]) } };
    expect(checkAgainstVersions('FULL_TRANSITIVE', candidate, previous).compatible).toBe(true);
  });
});
