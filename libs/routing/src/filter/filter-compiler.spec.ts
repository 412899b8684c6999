import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as avro from 'avsc';
import { kelahiranSchema, kelahiranValue, keluargaSchema, keluargaValue } from '../testing/schemas.fixture';
import { FilterTypeError } from './filter-ast';
import { compileFilter } from './filter-compiler';
import { parseFilter } from './filter-parser';

function compile(text: string, schema: unknown = kelahiranSchema()): (record: unknown) => boolean {
  return compileFilter(parseFilter(text), schema);
}

/** The Kelahiran sample with some fields replaced (shallow at the top, and inside `child`). */
function kelahiran(
  top: Record<string, unknown> = {},
  child: Record<string, unknown> = {},
): Record<string, unknown> {
  const value = kelahiranValue();
  return { ...value, ...top, child: { ...(value['child'] as object), ...child } };
}

describe('compileFilter', () => {
  describe('operators on each field kind', () => {
    // birthWeightGrams is 3100 in the sample.
    it.each([
      ['==', [false, true, false]],
      ['!=', [true, false, true]],
      ['<', [false, false, true]],
      ['<=', [false, true, true]],
      ['>', [true, false, false]],
      ['>=', [true, true, false]],
    ] as const)('numbers: 3100 %s [3000, 3100, 3200]', (op, expected) => {
      const results = [3000, 3100, 3200].map((literal) =>
        compile(`child.birthWeightGrams ${op} ${literal}`)(kelahiranValue()),
      );
      expect(results).toEqual(expected);
    });

    it.each([
      ['==', [false, true, false]],
      ['!=', [true, false, true]],
      ['<', [false, false, true]],
      ['<=', [false, true, true]],
      ['>', [true, false, false]],
      ['>=', [true, true, false]],
    ] as const)('strings: "3171" %s ["3170", "3171", "3172"], by code unit', (op, expected) => {
      const results = ['3170', '3171', '3172'].map((literal) =>
        compile(`child.birthPlace.regencyCode ${op} '${literal}'`)(kelahiranValue()),
      );
      expect(results).toEqual(expected);
    });

    it.each([
      ['==', [false, true, false]],
      ['!=', [true, false, true]],
      ['<', [false, false, true]],
      ['<=', [false, true, true]],
      ['>', [true, false, false]],
      ['>=', [true, true, false]],
    ] as const)('dates: 2024-01-24 %s [01-23, 01-24, 01-25]', (op, expected) => {
      const results = ['2024-01-23', '2024-01-24', '2024-01-25'].map((literal) =>
        compile(`child.birthDate ${op} '${literal}'`)(kelahiranValue()),
      );
      expect(results).toEqual(expected);
    });

    it.each([
      ['==', [false, true, false]],
      ['!=', [true, false, true]],
      ['<', [false, false, true]],
      ['<=', [false, true, true]],
      ['>', [true, false, false]],
      ['>=', [true, true, false]],
    ] as const)('timestamps: 07:30Z %s [07:29:59.999Z, 14:30+07:00, 07:30:00.001Z]', (op, expected) => {
      const literals = ['2024-01-24T07:29:59.999Z', '2024-01-24T14:30:00+07:00', '2024-01-24T07:30:00.001Z'];
      const results = literals.map((literal) => compile(`registeredAt ${op} '${literal}'`)(kelahiranValue()));
      expect(results).toEqual(expected);
    });

    it('compares a millisecond timestamp with a sub-millisecond literal exactly', () => {
      expect(compile("registeredAt >= '2024-01-24T07:30:00.0005Z'")(kelahiranValue())).toBe(false);
      expect(compile("registeredAt < '2024-01-24T07:30:00.0005Z'")(kelahiranValue())).toBe(true);
      expect(compile("registeredAt == '2024-01-24T07:30:00.0005Z'")(kelahiranValue())).toBe(false);
    });

    it('compares timestamp-micros fields in microseconds', () => {
      const family = keluargaValue(); // issuedAt is 2024-01-24T07:30:00Z in microseconds
      expect(compile("issuedAt == '2024-01-24T07:30:00Z'", keluargaSchema())(family)).toBe(true);
      expect(compile("issuedAt < '2024-01-24T07:30:00.000001Z'", keluargaSchema())(family)).toBe(true);
      expect(compile("issuedAt > '2024-01-24T07:29:59.999999Z'", keluargaSchema())(family)).toBe(true);
    });

    it('compares enums and booleans for equality and membership', () => {
      expect(compile("child.sex == 'PEREMPUAN'")(kelahiranValue())).toBe(true);
      expect(compile("child.sex != 'PEREMPUAN'")(kelahiranValue())).toBe(false);
      expect(compile("child.sex in ['LAKI_LAKI']")(kelahiranValue())).toBe(false);
      expect(compile("child.sex in ['LAKI_LAKI', 'PEREMPUAN']")(kelahiranValue())).toBe(true);
      const schema = keluargaSchema();
      expect(compile('verified == true', schema)(keluargaValue())).toBe(true);
      expect(compile('verified != true', schema)(keluargaValue())).toBe(false);
      expect(compile('verified == false', schema)(keluargaValue())).toBe(false);
      expect(compile('verified in [false]', schema)(keluargaValue())).toBe(false);
      expect(compile('verified in [false, true]', schema)(keluargaValue())).toBe(true);
    });

    it('tests membership for numbers, strings and dates', () => {
      expect(compile('child.birthWeightGrams in [3000, 3100]')(kelahiranValue())).toBe(true);
      expect(compile('child.birthWeightGrams in [3100.5]')(kelahiranValue())).toBe(false);
      expect(compile("child.birthPlace.regencyCode in ['3171', '3172']")(kelahiranValue())).toBe(true);
      expect(compile("registrationId in ['x', 'y']")(kelahiranValue())).toBe(false);
      expect(compile("child.birthDate in ['2024-01-24']")(kelahiranValue())).toBe(true);
      expect(compile("registeredAt in ['2024-01-24T14:30:00+07:00']")(kelahiranValue())).toBe(true);
    });

    it('compares integers with decimals numerically', () => {
      expect(compile('child.birthWeightGrams < 3100.5')(kelahiranValue())).toBe(true);
      expect(compile('child.birthWeightGrams == 3100.0')(kelahiranValue())).toBe(true);
      expect(compile('incomeScore > 0.7 and incomeScore < 0.8', keluargaSchema())(keluargaValue())).toBe(
        true,
      );
    });
  });

  describe('boolean structure', () => {
    const schema = {
      type: 'record',
      name: 'Flags',
      fields: [
        { name: 'p', type: 'boolean' },
        { name: 'q', type: 'boolean' },
        { name: 'r', type: 'boolean' },
      ],
    };
    const rows = [false, true].flatMap((p) =>
      [false, true].flatMap((q) => [false, true].map((r) => ({ p, q, r }))),
    );
    const table: [string, (row: { p: boolean; q: boolean; r: boolean }) => boolean][] = [
      ['p == true', ({ p }) => p],
      ['not p == true', ({ p }) => !p],
      ['p == true and q == true', ({ p, q }) => p && q],
      ['p == true or q == true', ({ p, q }) => p || q],
      ['p == true or q == true and r == true', ({ p, q, r }) => p || (q && r)],
      ['p == true and q == true or r == true', ({ p, q, r }) => (p && q) || r],
      ['(p == true or q == true) and r == true', ({ p, q, r }) => (p || q) && r],
      ['not p == true and q == true', ({ p, q }) => !p && q],
      ['not (p == true and q == true)', ({ p, q }) => !(p && q)],
      ['not not p == true', ({ p }) => p],
      ['not p == true or not q == true and r == true', ({ p, q, r }) => !p || (!q && r)],
    ];

    it.each(table)('%s matches its truth table', (text, expected) => {
      const predicate = compile(text, schema);
      for (const row of rows) expect([row, predicate(row)]).toEqual([row, expected(row)]);
    });

    it('evaluates long chains without deep recursion', () => {
      const text = Array.from({ length: 250 }, () => 'p == true').join(' and ') + ' or q == true';
      const predicate = compile(text, schema);
      expect(predicate({ p: true, q: false, r: false })).toBe(true);
      expect(predicate({ p: false, q: false, r: false })).toBe(false);
      expect(predicate({ p: false, q: true, r: false })).toBe(true);
    });

    it('short-circuits: later operands are not read once the result is known', () => {
      const reads: string[] = [];
      const flags: Record<string, boolean> = { p: true, q: false, r: false };
      const record = new Proxy(flags, {
        get(target, key: string) {
          reads.push(key);
          return target[key];
        },
      });
      compile('p == true or q == true', schema)(record);
      expect(reads).toEqual(['p']);
    });
  });

  describe('null and missing values', () => {
    const nullFather = kelahiran({ fatherNik: null });

    it('makes every comparison on a null field false, is null true', () => {
      expect(compile("fatherNik == 'x'")(nullFather)).toBe(false);
      expect(compile("fatherNik != 'x'")(nullFather)).toBe(false);
      expect(compile("fatherNik < 'x'")(nullFather)).toBe(false);
      expect(compile("fatherNik >= 'x'")(nullFather)).toBe(false);
      expect(compile("fatherNik in ['x']")(nullFather)).toBe(false);
      expect(compile('fatherNik is null')(nullFather)).toBe(true);
      expect(compile('fatherNik is not null')(nullFather)).toBe(false);
    });

    it('negates with two-valued logic: not (x == v) is true for null x', () => {
      expect(compile("not fatherNik == 'x'")(nullFather)).toBe(true);
      expect(compile("not fatherNik != 'x'")(nullFather)).toBe(true);
    });

    it('treats a missing field like null', () => {
      const missing = kelahiranValue();
      delete missing['fatherNik'];
      expect(compile('fatherNik is null')(missing)).toBe(true);
      expect(compile("fatherNik != 'x'")(missing)).toBe(false);
    });

    it('makes comparisons through a null or missing record false, is null true', () => {
      const family = { ...keluargaValue(), previousAddress: null };
      const schema = keluargaSchema();
      expect(compile('previousAddress.rt > 0', schema)(family)).toBe(false);
      expect(compile('previousAddress.rt != 0', schema)(family)).toBe(false);
      expect(compile("previousAddress.region.regencyCode in ['3273']", schema)(family)).toBe(false);
      expect(compile('previousAddress.region.regencyCode is null', schema)(family)).toBe(true);
      expect(compile('previousAddress.region.regencyCode is not null', schema)(family)).toBe(false);
      expect(compile('previousAddress is null', schema)(family)).toBe(true);
      expect(compile('previousAddress.rt == 7', schema)(keluargaValue())).toBe(true);
      expect(compile('previousAddress is not null', schema)(keluargaValue())).toBe(true);
    });

    it('is false for comparisons, true for is null, on records that are not objects', () => {
      for (const record of [null, undefined, 42, 'x', true, []]) {
        expect(compile("child.sex == 'PEREMPUAN'")(record)).toBe(false);
        expect(compile('child.birthWeightGrams is null')(record)).toBe(true);
      }
      expect(compile("child.sex != 'PEREMPUAN'")({ child: 'oops' })).toBe(false);
    });

    it('is false when a value has the wrong runtime type', () => {
      expect(compile('child.birthWeightGrams > 1')(kelahiran({}, { birthWeightGrams: '3100' }))).toBe(false);
      expect(compile("registrationId == '5'")(kelahiran({ registrationId: 5 }))).toBe(false);
      expect(compile("registrationId != '5'")(kelahiran({ registrationId: 5 }))).toBe(false);
      expect(compile('verified == true', keluargaSchema())({ ...keluargaValue(), verified: 'true' })).toBe(
        false,
      );
      expect(compile("child.birthDate == '2024-01-24'")(kelahiran({}, { birthDate: '2024-01-24' }))).toBe(
        false,
      );
    });

    it('treats NaN as incomparable', () => {
      const family = { ...keluargaValue(), incomeScore: NaN };
      for (const op of ['==', '!=', '<', '<=', '>', '>=']) {
        expect(compile(`incomeScore ${op} 0.5`, keluargaSchema())(family)).toBe(false);
      }
    });
  });

  describe('values as decoders deliver them', () => {
    it('reads records decoded by avsc', () => {
      const type = avro.Type.forSchema(kelahiranSchema() as avro.Schema);
      const decoded: unknown = type.fromBuffer(type.toBuffer(kelahiranValue()));
      const predicate = compile(
        "child.sex == 'PEREMPUAN' and child.birthDate >= '2024-01-01' and registeredAt < '2024-02-01T00:00:00+07:00' and fatherNik is not null",
      );
      expect(predicate(decoded)).toBe(true);
    });

    it('accepts longs as bigint, exactly beyond 2^53', () => {
      const schema = keluargaSchema();
      const family = (memberCount: bigint): unknown => ({ ...keluargaValue(), memberCount });
      expect(compile('memberCount == 2', schema)(family(2n))).toBe(true);
      expect(compile('memberCount in [1, 2]', schema)(family(2n))).toBe(true);
      expect(compile('memberCount < 2.5', schema)(family(2n))).toBe(true);
      const huge = 2n ** 60n;
      expect(compile(`memberCount > ${Number.MAX_SAFE_INTEGER}`, schema)(family(huge))).toBe(true);
      expect(compile(`memberCount != ${Number.MAX_SAFE_INTEGER}`, schema)(family(huge))).toBe(true);
      expect(compile(`memberCount in [${Number.MAX_SAFE_INTEGER}]`, schema)(family(huge))).toBe(false);
      expect(
        compile(`memberCount == ${Number.MAX_SAFE_INTEGER}`, schema)(family(BigInt(Number.MAX_SAFE_INTEGER))),
      ).toBe(true);
      expect(compile(`memberCount > ${Number.MAX_SAFE_INTEGER}`, schema)(family(2n ** 53n + 1n))).toBe(true);
    });

    it('accepts Date objects for date and timestamp fields (custom logical types)', () => {
      const record = kelahiran(
        { registeredAt: new Date('2024-01-24T07:30:00Z') },
        { birthDate: new Date('2024-01-24T00:00:00Z') },
      );
      expect(compile("child.birthDate == '2024-01-24'")(record)).toBe(true);
      expect(compile("child.birthDate in ['2024-01-24']")(record)).toBe(true);
      expect(compile("registeredAt == '2024-01-24T07:30:00Z'")(record)).toBe(true);
      const family = { ...keluargaValue(), issuedAt: new Date('2024-01-24T07:30:00Z') };
      expect(compile("issuedAt == '2024-01-24T07:30:00Z'", keluargaSchema())(family)).toBe(true);
    });
  });

  describe('safety', () => {
    it('refuses prototype paths at compile time with FilterTypeError', () => {
      for (const text of ['constructor.prototype == 1', "__proto__.polluted == 'yes'", 'toString is null']) {
        expect(() => compile(text)).toThrow(FilterTypeError);
      }
      expect(({} as Record<string, unknown>)['polluted']).toBeUndefined();
    });

    it('never reads inherited members for fields named like them', () => {
      const schema = {
        type: 'record',
        name: 'R',
        fields: [
          { name: 'constructor', type: ['null', 'string'], default: null },
          { name: 'toString', type: ['null', 'string'], default: null },
        ],
      };
      expect(compile('constructor is null', schema)({})).toBe(true);
      expect(compile("constructor != 'x'", schema)({})).toBe(false);
      expect(compile("toString in ['x']", schema)({ toString: 'x' })).toBe(true);
      expect(compile('toString is null', schema)(Object.create({ toString: 'inherited' }))).toBe(true);
    });

    it('contains no eval or Function constructor in the filter sources', () => {
      const dir = __dirname;
      const sources = readdirSync(dir).filter((file) => file.endsWith('.ts') && !file.endsWith('.spec.ts'));
      expect(sources.length).toBeGreaterThan(0);
      for (const file of sources) {
        const text = readFileSync(join(dir, file), 'utf8');
        expect([file, /\beval\s*\(|\bFunction\s*\(/.test(text)]).toEqual([file, false]);
      }
    });
  });

  it('throws FilterTypeError with every issue when the filter does not fit the schema', () => {
    let error: unknown;
    try {
      compile("nope == 1 and child.sex == 'X'");
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(FilterTypeError);
    expect((error as FilterTypeError).issues).toEqual([
      { position: 0, message: "unknown field 'nope' in record Kelahiran" },
      { position: 27, message: '"X" is not a symbol of enum JenisKelamin (LAKI_LAKI, PEREMPUAN)' },
    ]);
    expect((error as FilterTypeError).message).toBe(
      "invalid filter: unknown field 'nope' in record Kelahiran at position 0; " +
        '"X" is not a symbol of enum JenisKelamin (LAKI_LAKI, PEREMPUAN) at position 27',
    );
  });
});
