import { RoutingSchemaError } from '../schema/avro-schema-tree';
import { kelahiranSchema, keluargaSchema } from '../testing/schemas.fixture';
import { checkFilter } from './filter-checker';
import { parseFilter } from './filter-parser';

const kelahiran = kelahiranSchema();
const keluarga = keluargaSchema();

function issues(text: string, schema: unknown = kelahiran): [number, string][] {
  return checkFilter(parseFilter(text), schema).map((issue) => [issue.position, issue.message]);
}

describe('checkFilter', () => {
  describe('accepts well-typed filters', () => {
    it.each([
      "child.sex == 'PEREMPUAN'",
      "child.sex != 'LAKI_LAKI'",
      "child.sex in ['LAKI_LAKI', 'PEREMPUAN']",
      "registrationId == 'REG-1' and registrationId < 'REG-5'",
      "child.birthPlace.regencyCode in ['3171', '3172']",
      'child.birthWeightGrams >= 2500',
      'child.birthWeightGrams < 2500.5',
      'child.birthWeightGrams is null',
      'child.birthWeightGrams is not null',
      'fatherNik is null or fatherNik == "3171010101900002"',
      "child.birthDate >= '2024-01-01' and child.birthDate < '2025-01-01'",
      "child.birthDate in ['2024-01-24', '2024-02-29']",
      "registeredAt >= '2024-01-24T07:30:00Z'",
      "registeredAt < '2024-01-25T00:00:00+07:00'",
      "not (child.sex == 'PEREMPUAN' or registrationId == 'x')",
    ])('%s', (text) => {
      expect(issues(text)).toEqual([]);
    });

    it.each([
      'verified == true',
      'verified != false',
      'verified in [true]',
      'incomeScore > 0.5',
      'incomeScore <= -1',
      'memberCount >= 3',
      'head.isHead == true',
      "head.relation in ['KEPALA', 'ISTRI']",
      "issuedAt >= '2024-01-24T07:30:00.123456Z'",
      'previousAddress is null',
      'previousAddress.street is null',
      'previousAddress.region.provinceCode is not null',
      'mailingAddress.rt > 0',
      'photo is null and not photo is not null',
      'extra is null',
      "address.region.regencyCode == '3171'",
    ])('%s (family card)', (text) => {
      expect(issues(text, keluarga)).toEqual([]);
    });
  });

  describe('reports each problem at its position', () => {
    it.each([
      ["child.mother == 'x'", 6, "unknown field 'mother' in record Anak"],
      ['nik is null', 0, "unknown field 'nik' in record Kelahiran"],
      ["child.Sex == 'PEREMPUAN'", 6, "unknown field 'Sex' in record Anak (did you mean 'sex'?)"],
      [
        "child.sex.code == 'x'",
        10,
        "'child.sex' is enum JenisKelamin, not a record, so it has no field 'code'",
      ],
      [
        'registrationId == 5',
        18,
        "'registrationId' is a string: compare it with a quoted string, not the number 5",
      ],
      [
        'registrationId in [1]',
        19,
        "'registrationId' is a string: compare it with a quoted string, not the number 1",
      ],
      [
        'registrationId == true',
        18,
        "'registrationId' is a string: compare it with a quoted string, not true",
      ],
      [
        "child.birthWeightGrams > '3000'",
        25,
        '\'child.birthWeightGrams\' is int: compare it with a number, not the string "3000"',
      ],
      ["child.sex == 'MALE'", 13, '"MALE" is not a symbol of enum JenisKelamin (LAKI_LAKI, PEREMPUAN)'],
      [
        "child.sex == 'perempuan'",
        13,
        '"perempuan" is not a symbol of enum JenisKelamin (LAKI_LAKI, PEREMPUAN)',
      ],
      [
        'child.sex == 1',
        13,
        "'child.sex' is enum JenisKelamin: compare it with a quoted symbol, not the number 1",
      ],
      [
        "child.sex >= 'LAKI_LAKI'",
        10,
        "'child.sex' is enum JenisKelamin and has no order: use '==', '!=' or 'in', not '>='",
      ],
      ['registrationId is null', 15, "'registrationId' is never null: 'is null' is always false"],
      ['child.birthPlace is not null', 17, "'child.birthPlace' is never null: 'is not null' is always true"],
      ['fatherNik == null', 13, "cannot compare 'fatherNik' with null: use 'is null'"],
      ['fatherNik != null', 13, "cannot compare 'fatherNik' with null: use 'is not null'"],
      [
        'child.birthWeightGrams < null',
        25,
        "cannot compare 'child.birthWeightGrams' with null: null has no order",
      ],
      ["fatherNik in ['1', null]", 19, "null cannot be listed in 'in': test 'fatherNik is null' separately"],
      [
        'child.birthDate > 19723',
        18,
        "'child.birthDate' is a date: compare it with an ISO date string such as '2024-01-31', not the number 19723",
      ],
      [
        "child.birthDate == '2024-02-30'",
        19,
        "'child.birthDate' is a date: compare it with an ISO date string such as '2024-01-31', not the string \"2024-02-30\"",
      ],
      [
        "child.birthDate == '2024-01-24T00:00:00Z'",
        19,
        "'child.birthDate' is a date: compare it with an ISO date string such as '2024-01-31', not the string \"2024-01-24T00:00:00Z\"",
      ],
      [
        "registeredAt >= '2024-01-24'",
        16,
        "'registeredAt' is a timestamp: compare it with an ISO date-time string with a time zone such as " +
          '\'2024-01-31T08:00:00+07:00\', not the string "2024-01-24"',
      ],
      [
        "registeredAt >= '2024-01-24T07:30:00'",
        16,
        "'registeredAt' is a timestamp: compare it with an ISO date-time string with a time zone such as " +
          '\'2024-01-31T08:00:00+07:00\', not the string "2024-01-24T07:30:00"',
      ],
      [
        'registeredAt >= 1706081400000',
        16,
        "'registeredAt' is a timestamp: compare it with an ISO date-time string with a time zone such as " +
          "'2024-01-31T08:00:00+07:00', not the number 1706081400000",
      ],
      [
        "child == 'x'",
        0,
        "'child' is record Anak: only numbers, strings, enums, booleans, dates and timestamps can be compared " +
          "(records, arrays, maps, bytes and multi-type unions only support 'is null' when nullable)",
      ],
    ])('%s', (text, position, message) => {
      expect(issues(text)).toEqual([[position, message]]);
    });

    it.each([
      ['verified < true', 9, "'verified' is a boolean and has no order: use '==', '!=' or 'in', not '<'"],
      ['verified == 1', 12, "'verified' is a boolean: compare it with true or false, not the number 1"],
      [
        "verified == 'true'",
        12,
        '\'verified\' is a boolean: compare it with true or false, not the string "true"',
      ],
      [
        "head.relation > 'ANAK'",
        14,
        "'head.relation' is enum Hubungan and has no order: use '==', '!=' or 'in', not '>'",
      ],
      [
        "head.relation in ['ANAK', 'CUCU']",
        26,
        '"CUCU" is not a symbol of enum Hubungan (KEPALA, ISTRI, SUAMI, ANAK, LAINNYA)',
      ],
      ['memberCount == "2"', 15, '\'memberCount\' is long: compare it with a number, not the string "2"'],
      ["members.nik == '1'", 8, "'members' is array, not a record, so it has no field 'nik'"],
      ['address is null', 8, "'address' is never null: 'is null' is always false"],
    ])('%s (family card)', (text, position, message) => {
      expect(issues(text, keluarga)).toEqual([[position, message]]);
    });

    it.each([
      ['members == 1', 'array'],
      ["notes in ['a']", 'map'],
      ["checksum == 'x'", 'fixed Sha256'],
      ["photo == 'x'", 'bytes'],
      ['extra == 5', 'union [null, string, int]'],
      ["address != 'x'", 'record Alamat'],
      ["previousAddress == 'x'", 'record Alamat'],
    ])('refuses comparisons on %s (%s)', (text, type) => {
      const [issue] = issues(text, keluarga);
      expect(issue?.[0]).toBe(0);
      expect(issue?.[1]).toContain(
        `is ${type}: only numbers, strings, enums, booleans, dates and timestamps`,
      );
    });
  });

  it('reports every issue, in text order', () => {
    expect(
      issues(
        "nope == 1 or (child.sex == 'X' and not registrationId is null) or child.birthPlace.regencyCode in [1, '2', 3]",
      ),
    ).toEqual([
      [0, "unknown field 'nope' in record Kelahiran"],
      [27, '"X" is not a symbol of enum JenisKelamin (LAKI_LAKI, PEREMPUAN)'],
      [54, "'registrationId' is never null: 'is null' is always false"],
      [99, "'child.birthPlace.regencyCode' is a string: compare it with a quoted string, not the number 1"],
      [107, "'child.birthPlace.regencyCode' is a string: compare it with a quoted string, not the number 3"],
    ]);
  });

  it('treats prototype names as unknown fields, safely', () => {
    expect(issues('constructor.prototype == 1')).toEqual([
      [0, "unknown field 'constructor' in record Kelahiran"],
    ]);
    expect(issues("__proto__.polluted == 'yes'")).toEqual([
      [0, "unknown field '__proto__' in record Kelahiran"],
    ]);
    expect(issues('child.__proto__ is null')).toEqual([[6, "unknown field '__proto__' in record Anak"]]);
    expect(issues("toString == 'x' or hasOwnProperty is null or valueOf in [1]")).toEqual([
      [0, "unknown field 'toString' in record Kelahiran"],
      [19, "unknown field 'hasOwnProperty' in record Kelahiran"],
      [45, "unknown field 'valueOf' in record Kelahiran"],
    ]);
    expect(({} as Record<string, unknown>)['polluted']).toBeUndefined();
  });

  it('shortens very long literals in messages', () => {
    const [issue] = issues(`child.birthWeightGrams == '${'9'.repeat(3000)}'`);
    expect(issue?.[1]).toBe(
      `'child.birthWeightGrams' is int: compare it with a number, not the string "${'9'.repeat(40)}..."`,
    );
  });

  it('throws RoutingSchemaError for a schema that is not an Avro record', () => {
    expect(() => checkFilter(parseFilter('a == 1'), { type: 'int' })).toThrow(RoutingSchemaError);
  });
});
