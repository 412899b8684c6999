import { kelahiranSchema, keluargaSchema, personSchema } from '../testing/schemas.fixture';
import { resolveSchema } from './avro-schema-tree';
import { resolvePath, splitPath } from './field-paths';

describe('splitPath', () => {
  it('splits dotted Avro names', () => {
    expect(splitPath('child.birthPlace.regencyCode')).toEqual({
      segments: ['child', 'birthPlace', 'regencyCode'],
    });
    expect(splitPath('_a1')).toEqual({ segments: ['_a1'] });
  });

  it.each([
    ['', 'the path is empty'],
    ['child.', "'child.' has an empty segment"],
    ['.child', "'.child' has an empty segment"],
    ['a..b', "'a..b' has an empty segment"],
    ['child.1x', '"1x" is not an Avro name'],
    ['child sex', '"child sex" is not an Avro name'],
    ['anak.nama\u00e9', 'is not an Avro name'],
    ['a-b', '"a-b" is not an Avro name'],
  ])('refuses %j', (path, message) => {
    const result = splitPath(path);
    expect('message' in result && result.message).toContain(message);
  });
});

describe('resolvePath', () => {
  const kelahiran = resolveSchema(kelahiranSchema()).root;

  it('walks nested records and reports each step', () => {
    const result = resolvePath(kelahiran, ['child', 'birthPlace', 'regencyCode']);
    expect(result.ok && result.steps.map((step) => [step.field.name, step.node.kind, step.nullable])).toEqual(
      [
        ['child', 'record', false],
        ['birthPlace', 'record', false],
        ['regencyCode', 'primitive', false],
      ],
    );
  });

  it('continues through a nullable record', () => {
    const root = resolveSchema(keluargaSchema()).root;
    const result = resolvePath(root, ['previousAddress', 'region', 'provinceCode']);
    expect(result.ok && result.steps.map((step) => step.nullable)).toEqual([true, false, false]);
    const recursive = resolvePath(resolveSchema(personSchema()).root, ['parent', 'parent', 'name']);
    expect(recursive.ok).toBe(true);
  });

  it('names the unknown field and suggests a near miss', () => {
    expect(resolvePath(kelahiran, ['child', 'Sex'])).toEqual({
      ok: false,
      segmentIndex: 1,
      message: "unknown field 'Sex' in record Anak (did you mean 'sex'?)",
    });
    expect(resolvePath(kelahiran, ['mother'])).toEqual({
      ok: false,
      segmentIndex: 0,
      message: "unknown field 'mother' in record Kelahiran",
    });
  });

  it('refuses to step into a non-record', () => {
    expect(resolvePath(kelahiran, ['child', 'sex', 'code'])).toEqual({
      ok: false,
      segmentIndex: 2,
      message: "'child.sex' is enum JenisKelamin, not a record, so it has no field 'code'",
    });
    const root = resolveSchema(keluargaSchema()).root;
    const result = resolvePath(root, ['members', 'nik']);
    expect(!result.ok && result.message).toBe("'members' is array, not a record, so it has no field 'nik'");
  });

  it('never resolves prototype members', () => {
    for (const name of ['constructor', '__proto__', 'toString', 'hasOwnProperty', 'prototype']) {
      expect(resolvePath(kelahiran, [name]).ok).toBe(false);
    }
    expect(resolvePath(kelahiran, ['constructor', 'prototype'])).toMatchObject({
      ok: false,
      segmentIndex: 0,
    });
  });
});
