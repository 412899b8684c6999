import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { AvroJsonMapper } from './avro-json-mapper';
import { JsonMappingError, type JsonMappingIssue } from './json-mapping-issue';

function valueOf(mapper: AvroJsonMapper, json: unknown): unknown {
  const result = mapper.fromJson(json);
  if ('issues' in result) throw new Error(`unexpected issues: ${JSON.stringify(result.issues)}`);
  return result.value;
}

function issuesOf(mapper: AvroJsonMapper, json: unknown): JsonMappingIssue[] {
  const result = mapper.fromJson(json);
  return 'issues' in result ? result.issues : [];
}

function roundTrip(mapper: AvroJsonMapper, json: unknown): unknown {
  return mapper.toJson(mapper.decode(mapper.encode(valueOf(mapper, json))));
}

function demoSchema(file: string): unknown {
  return JSON.parse(readFileSync(join(__dirname, '../../../../schemas', file), 'utf8'));
}

function probe(type: unknown, extraFields: unknown[] = []): AvroJsonMapper {
  return AvroJsonMapper.forSchema({
    type: 'record',
    name: 'Probe',
    namespace: 'id.go.uji',
    fields: [{ name: 'v', type }, ...extraFields],
  });
}

const birth = {
  registrationId: '0f8fad5b-d9cb-469f-a165-70867728950e',
  certificateNumber: '3174-LT-01032024-0001',
  child: {
    nik: '3174010103240001',
    fullName: 'Putri Ayu Lestari',
    sex: 'PEREMPUAN',
    birthDate: '2024-02-29',
    birthPlace: { regencyCode: '3174', regencyName: 'Kota Jakarta Selatan', provinceCode: '31' },
  },
  motherNik: '3174015505900002',
  familyCardNumber: '3174010101240003',
  registrationOffice: 'Disdukcapil Kota Jakarta Selatan',
  registeredAt: '2024-03-01T09:15:00+07:00',
};

describe('JSON mapping of records, arrays, maps and unions', () => {
  describe('records', () => {
    const kelahiran = AvroJsonMapper.forSchema(demoSchema('kependudukan.kelahiran.v1.avsc'));

    it('maps a demo record, filling defaults and normalising logical types', () => {
      expect(roundTrip(kelahiran, birth)).toEqual({
        ...birth,
        child: { ...birth.child, birthWeightGrams: null },
        fatherNik: null,
        registeredAt: '2024-03-01T02:15:00.000Z',
      });
    });

    it('gives fields in schema order', () => {
      const json = roundTrip(kelahiran, { ...birth, registeredAt: 0, fatherNik: '3174010101850004' });
      expect(Object.keys(json as object)).toEqual([
        'registrationId',
        'certificateNumber',
        'child',
        'motherNik',
        'fatherNik',
        'familyCardNumber',
        'registrationOffice',
        'registeredAt',
      ]);
    });

    it('reports every issue of a record with its path, unknown fields after the known ones', () => {
      const izinUsaha = AvroJsonMapper.forSchema(demoSchema('perizinan.izin-usaha.v1.avsc'));
      const json = {
        nib: '9120000000001',
        businessName: 'CV Maju Jaya',
        legalForm: 'BUMN',
        kbliCodes: ['47111', 56101, '10710'],
        riskLevel: 'RENDAH',
        status: 'TERBIT',
        ownerName: 'Budi Santoso',
        npwp: 12345,
        address: { street: 'Jl. Merdeka 1', regencyCode: '3273', kodePos: '40111' },
        investmentValue: '1500000.125',
        issuedAt: 'kemarin',
        catatan: 'baru',
      };
      expect(issuesOf(izinUsaha, json)).toEqual([
        {
          path: 'legalForm',
          message:
            '"BUMN" is not a symbol of enum id.go.oss.perizinan.BentukUsaha; expected one of PERORANGAN, PT, CV, FIRMA, KOPERASI, YAYASAN, LAINNYA',
        },
        { path: 'kbliCodes[1]', message: 'expected a string, got 56101' },
        { path: 'npwp', message: 'expected a string or null, got 12345' },
        { path: 'address.villageCode', message: 'required field missing' },
        {
          path: 'address.kodePos',
          message:
            'unknown field: record id.go.oss.perizinan.Alamat has street, villageCode, regencyCode, postalCode',
        },
        { path: 'investmentValue', message: '"1500000.125" has 3 fraction digits, more than the scale 2' },
        {
          path: 'issuedAt',
          message:
            'expected a timestamp as "YYYY-MM-DDTHH:MM:SS.sssZ" or with an offset like "+07:00" (or a long count of millis since 1970-01-01T00:00:00Z), got "kemarin"',
        },
        {
          path: 'catatan',
          message:
            'unknown field: record id.go.oss.perizinan.IzinUsaha has nib, businessName, legalForm, kbliCodes, riskLevel, status, ownerNik, ownerName, npwp, address, investmentValue, issuedAt',
        },
      ]);
    });

    it('reports nested paths through records', () => {
      const json = {
        ...birth,
        child: { ...birth.child, birthPlace: { ...birth.child.birthPlace, regencyCode: 3174 } },
      };
      expect(issuesOf(kelahiran, json)).toEqual([
        { path: 'child.birthPlace.regencyCode', message: 'expected a string, got 3174' },
      ]);
    });

    it('refuses what is not an object, naming the record', () => {
      expect(issuesOf(kelahiran, [birth])).toEqual([
        {
          path: '',
          message: 'expected an object (record id.go.dukcapil.kependudukan.Kelahiran), got an array',
        },
      ]);
      expect(issuesOf(kelahiran, null)).toEqual([
        { path: '', message: 'expected an object (record id.go.dukcapil.kependudukan.Kelahiran), got null' },
      ]);
      expect(issuesOf(kelahiran, { ...birth, child: 'Putri' })).toEqual([
        {
          path: 'child',
          message: 'expected an object (record id.go.dukcapil.kependudukan.Anak), got "Putri"',
        },
      ]);
    });

    it('brackets unknown keys that are not names', () => {
      const mapper = probe('int');
      expect(issuesOf(mapper, { v: 1, 'a b': 1, '': 2, 'x.y': 3 })).toEqual([
        { path: '["a b"]', message: 'unknown field: record id.go.uji.Probe has v' },
        { path: '[""]', message: 'unknown field: record id.go.uji.Probe has v' },
        { path: '["x.y"]', message: 'unknown field: record id.go.uji.Probe has v' },
      ]);
    });

    it('takes defaults of every kind, fresh for every value', () => {
      const mapper = AvroJsonMapper.forSchema({
        type: 'record',
        name: 'Lengkap',
        fields: [
          { name: 'count', type: 'long', default: 5 },
          { name: 'raw', type: 'bytes', default: '\u00ff\u0000' },
          { name: 'tags', type: { type: 'array', items: 'string' }, default: ['a'] },
          { name: 'labels', type: { type: 'map', values: 'int' }, default: { x: 1 } },
          { name: 'choice', type: ['string', 'int'], default: 'pilih' },
          { name: 'maybe', type: ['null', 'int'], default: null },
          { name: 'status', type: { type: 'enum', name: 'S', symbols: ['A', 'B'] }, default: 'B' },
          {
            name: 'amount',
            type: { type: 'bytes', logicalType: 'decimal', precision: 4, scale: 2 },
            default: '\u0001',
          },
          { name: 'on', type: { type: 'int', logicalType: 'date' }, default: 0 },
          {
            name: 'inner',
            type: { type: 'record', name: 'Dalam', fields: [{ name: 'n', type: 'int' }] },
            default: { n: 7 },
          },
        ],
      });
      const first = valueOf(mapper, {}) as { tags: string[]; raw: Buffer };
      expect(mapper.toJson(first)).toEqual({
        count: 5,
        raw: '/wA=',
        tags: ['a'],
        labels: { x: 1 },
        choice: { string: 'pilih' },
        maybe: null,
        status: 'B',
        amount: '0.01',
        on: '1970-01-01',
        inner: { n: 7 },
      });
      expect(first).toMatchObject({ count: 5n });
      first.tags.push('b');
      first.raw[0] = 0;
      expect(mapper.toJson(valueOf(mapper, {}))).toMatchObject({ tags: ['a'], raw: '/wA=' });
    });

    it('holds fields named like Object.prototype members as data', () => {
      const mapper = AvroJsonMapper.forSchema({
        type: 'record',
        name: 'Aneh',
        fields: [
          { name: 'constructor', type: 'string' },
          { name: 'toString', type: 'int' },
          { name: 'hasOwnProperty', type: ['null', 'string'], default: null },
        ],
      });
      const json = { constructor: 'x', toString: 1, hasOwnProperty: 'y' };
      expect(roundTrip(mapper, json)).toEqual(json);
      expect(issuesOf(mapper, { toString: 1 })).toEqual([
        { path: 'constructor', message: 'required field missing' },
      ]);
    });
  });

  describe('hostile keys', () => {
    const mapper = probe({ type: 'map', values: 'string' }, [{ name: 'n', type: 'int', default: 0 }]);

    it('treats __proto__ and constructor in a record as unknown fields and pollutes nothing', () => {
      const json: unknown = JSON.parse(
        '{"v": {}, "__proto__": {"polluted": true}, "constructor": {"prototype": 1}}',
      );
      expect(issuesOf(mapper, json)).toEqual([
        { path: '__proto__', message: 'unknown field: record id.go.uji.Probe has v, n' },
        { path: 'constructor', message: 'unknown field: record id.go.uji.Probe has v, n' },
      ]);
      expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    });

    it('keeps __proto__ and constructor as map keys, through encoding, decoding and back to JSON', () => {
      const json: unknown = JSON.parse('{"v": {"__proto__": "a", "constructor": "b", "toString": "c"}}');
      const value = valueOf(mapper, json) as { v: Record<string, unknown> };
      expect(Object.getPrototypeOf(value.v)).toBeNull();
      expect(Object.keys(value.v)).toEqual(['__proto__', 'constructor', 'toString']);

      const decoded = mapper.decode(mapper.encode(value)) as { v: Record<string, unknown> };
      expect(Object.getPrototypeOf(decoded.v)).toBeNull();
      expect(Object.keys(decoded.v)).toEqual(['__proto__', 'constructor', 'toString']);

      const out = mapper.toJson(decoded) as { v: Record<string, unknown> };
      expect(Object.getPrototypeOf(out.v)).toBe(Object.prototype);
      expect(Object.keys(out.v)).toEqual(['__proto__', 'constructor', 'toString']);
      expect(JSON.stringify(out)).toBe('{"v":{"__proto__":"a","constructor":"b","toString":"c"},"n":0}');
    });

    it('decodes a __proto__ key with an object value without touching prototypes', () => {
      const records = probe({
        type: 'map',
        values: { type: 'record', name: 'Isi', fields: [{ name: 'a', type: 'int' }] },
      });
      const json: unknown = JSON.parse('{"v": {"__proto__": {"a": 1}}}');
      const decoded = records.decode(records.encode(valueOf(records, json))) as {
        v: Record<string, unknown>;
      };
      expect(Object.keys(decoded.v)).toEqual(['__proto__']);
      expect(records.toJson(decoded)).toEqual(json);
    });

    it('copies a map default with a __proto__ key as data', () => {
      const schema: unknown = JSON.parse(
        '{"type": "record", "name": "R", "fields": [{"name": "m", "type": {"type": "map", "values": "int"}, "default": {"__proto__": 1}}]}',
      );
      const withDefault = AvroJsonMapper.forSchema(schema);
      const value = valueOf(withDefault, {}) as { m: Record<string, unknown> };
      expect(Object.keys(value.m)).toEqual(['__proto__']);
      expect(JSON.stringify(withDefault.toJson(value))).toBe('{"m":{"__proto__":1}}');
    });

    it('refuses a schema naming a field or a type __proto__', () => {
      expect(() =>
        AvroJsonMapper.forSchema({ type: 'record', name: 'R', fields: [{ name: '__proto__', type: 'int' }] }),
      ).toThrow("a field of record R is named '__proto__'");
      expect(() => AvroJsonMapper.forSchema({ type: 'enum', name: '__proto__', symbols: ['A'] })).toThrow(
        "a enum is named '__proto__'",
      );
    });
  });

  describe('arrays', () => {
    const mapper = probe({ type: 'array', items: 'int' });

    it('maps arrays, empty ones too', () => {
      expect(roundTrip(mapper, { v: [1, 2, 3] })).toEqual({ v: [1, 2, 3] });
      expect(roundTrip(mapper, { v: [] })).toEqual({ v: [] });
    });

    it('reports every bad item with its index', () => {
      expect(issuesOf(mapper, { v: [1, 'dua', 3, null] })).toEqual([
        {
          path: 'v[1]',
          message: 'expected an int (a JSON integer from -2147483648 to 2147483647), got "dua"',
        },
        {
          path: 'v[3]',
          message: 'expected an int (a JSON integer from -2147483648 to 2147483647), got null',
        },
      ]);
    });

    it('refuses what is not an array', () => {
      expect(issuesOf(mapper, { v: { 0: 1 } })).toEqual([
        { path: 'v', message: 'expected an array, got an object' },
      ]);
    });

    it('nests indexes and fields in paths', () => {
      const nested = probe({
        type: 'array',
        items: {
          type: 'array',
          items: { type: 'record', name: 'Sel', fields: [{ name: 'x', type: 'int' }] },
        },
      });
      expect(issuesOf(nested, { v: [[], [{ x: 1 }, { x: 'x' }]] })).toEqual([
        {
          path: 'v[1][1].x',
          message: 'expected an int (a JSON integer from -2147483648 to 2147483647), got "x"',
        },
      ]);
    });
  });

  describe('maps', () => {
    const mapper = probe({ type: 'map', values: 'long' });

    it('maps any key, in order, values of the type', () => {
      const json = { v: { warna: 1, '': '9007199254740993', 'a.b c': -1 } };
      expect(roundTrip(mapper, json)).toEqual(json);
    });

    it('reports bad values with bracketed, JSON-quoted keys', () => {
      expect(issuesOf(mapper, { v: { ok: 1, 'a.b': 'x', 'kutip"': 1.5 } })).toEqual([
        {
          path: 'v["a.b"]',
          message: 'expected a long (a JSON integer within ±9007199254740991, or a decimal string), got "x"',
        },
        {
          path: 'v["kutip\\""]',
          message: 'expected a long (a JSON integer within ±9007199254740991, or a decimal string), got 1.5',
        },
      ]);
    });

    it('refuses keys with lone surrogates, which UTF-8 cannot encode', () => {
      expect(issuesOf(mapper, { v: { 'a\uD800': 1 } })).toEqual([
        {
          path: 'v["a\\ud800"]',
          message: 'map key contains a lone surrogate (\\uD800 at index 1), which UTF-8 cannot encode',
        },
      ]);
    });

    it('cuts long keys in paths', () => {
      const key = 'k'.repeat(1000);
      expect(issuesOf(mapper, { v: { [key]: 'x' } })[0]?.path).toBe(`v["${'k'.repeat(64)}…"]`);
    });

    it('refuses arrays and null', () => {
      expect(issuesOf(mapper, { v: [] })).toEqual([
        { path: 'v', message: 'expected an object (a map), got an array' },
      ]);
      expect(issuesOf(mapper, { v: null })).toEqual([
        { path: 'v', message: 'expected an object (a map), got null' },
      ]);
    });
  });

  describe('nullable unions', () => {
    it.each([
      ['null first', ['null', 'string']],
      ['null last', ['string', 'null']],
    ])('maps %s to a plain value or null', (_name, type) => {
      const mapper = probe(type);
      expect(roundTrip(mapper, { v: null })).toEqual({ v: null });
      expect(roundTrip(mapper, { v: 'ada' })).toEqual({ v: 'ada' });
      expect(valueOf(mapper, { v: 'ada' })).toEqual({ v: 'ada' });
      expect(issuesOf(mapper, { v: 5 })).toEqual([
        { path: 'v', message: 'expected a string or null, got 5' },
      ]);
      expect(issuesOf(mapper, { v: { string: 'ada' } })).toEqual([
        { path: 'v', message: 'expected a string or null, got an object' },
      ]);
    });

    it('passes the branch its own checks', () => {
      const mapper = probe(['null', 'int']);
      expect(issuesOf(mapper, { v: 2147483648 })).toEqual([
        { path: 'v', message: '2147483648 is out of range for an int (-2147483648 to 2147483647)' },
      ]);
    });

    it('carries records, longs and logical types', () => {
      const mapper = probe([
        'null',
        {
          type: 'record',
          name: 'Titik',
          fields: [{ name: 'at', type: { type: 'long', logicalType: 'timestamp-micros' } }],
        },
      ]);
      expect(roundTrip(mapper, { v: { at: '9223372036854775807' } })).toEqual({
        v: { at: '+294247-01-10T04:00:54.775807Z' },
      });
      expect(issuesOf(mapper, { v: { at: 'x', y: 1 } }).map((issue) => issue.path)).toEqual(['v.at', 'v.y']);
    });
  });

  describe('other unions', () => {
    it('takes the wrapped form, and a plain value one branch alone takes; gives the wrapped form', () => {
      const mapper = probe(['null', 'int', 'string']);
      expect(valueOf(mapper, { v: 5 })).toEqual({ v: { int: 5 } });
      expect(roundTrip(mapper, { v: 5 })).toEqual({ v: { int: 5 } });
      expect(roundTrip(mapper, { v: 'lima' })).toEqual({ v: { string: 'lima' } });
      expect(roundTrip(mapper, { v: { int: 5 } })).toEqual({ v: { int: 5 } });
      expect(roundTrip(mapper, { v: { string: '5' } })).toEqual({ v: { string: '5' } });
      expect(roundTrip(mapper, { v: null })).toEqual({ v: null });
    });

    it('wraps even a union of one branch', () => {
      expect(roundTrip(probe(['string']), { v: 'x' })).toEqual({ v: { string: 'x' } });
    });

    it('reports what the branches take', () => {
      const mapper = probe(['int', 'string']);
      const expected =
        'expected a value of union [int, string]: {"<branch>": value}, or a plain value only one branch takes';
      expect(issuesOf(mapper, { v: true })).toEqual([{ path: 'v', message: `${expected}, got true` }]);
      expect(issuesOf(mapper, { v: null })).toEqual([{ path: 'v', message: `${expected}, got null` }]);
      expect(issuesOf(mapper, { v: { long: 5 } })).toEqual([
        { path: 'v', message: `${expected}, got an object` },
      ]);
      expect(issuesOf(mapper, { v: { int: 5, string: 'x' } })).toEqual([
        { path: 'v', message: `${expected}, got an object` },
      ]);
      expect(issuesOf(mapper, { v: { null: null } })).toEqual([
        { path: 'v', message: `${expected}, got an object` },
      ]);
    });

    it('passes a wrapped value through its branch checks, at the union path', () => {
      expect(issuesOf(probe(['int', 'string']), { v: { int: 'x' } })).toEqual([
        { path: 'v', message: 'expected an int (a JSON integer from -2147483648 to 2147483647), got "x"' },
      ]);
    });

    it('refuses a plain scalar that several branches take, and one that none takes', () => {
      expect(issuesOf(probe(['long', 'string']), { v: '12' })).toEqual([
        {
          path: 'v',
          message:
            'ambiguous value for union [long, string]: branches long and string all take it; send {"long": …} or {"string": …}',
        },
      ]);
      expect(valueOf(probe(['long', 'string']), { v: 'dua belas' })).toEqual({ v: { string: 'dua belas' } });
      expect(valueOf(probe(['long', 'string']), { v: 12 })).toEqual({ v: { long: 12n } });
      expect(issuesOf(probe(['int', 'double']), { v: 1 })[0]?.message).toBe(
        'ambiguous value for union [int, double]: branches int and double all take it; send {"int": …} or {"double": …}',
      );
      expect(valueOf(probe(['int', 'double']), { v: 1.5 })).toEqual({ v: { double: 1.5 } });
      expect(issuesOf(probe(['int', 'long']), { v: 1.5 })).toEqual([
        {
          path: 'v',
          message:
            'expected a value of union [int, long]: {"<branch>": value}, or a plain value only one branch takes, got 1.5',
        },
      ]);
    });

    it('names named branches by full name', () => {
      const status = { type: 'enum', name: 'Status', symbols: ['AKTIF', 'DIHAPUS'] };
      const mapper = probe(['string', status]);
      expect(roundTrip(mapper, { v: { 'id.go.uji.Status': 'AKTIF' } })).toEqual({
        v: { 'id.go.uji.Status': 'AKTIF' },
      });
      expect(valueOf(mapper, { v: 'lainnya' })).toEqual({ v: { string: 'lainnya' } });
      expect(issuesOf(mapper, { v: 'AKTIF' })[0]?.message).toBe(
        'ambiguous value for union [string, id.go.uji.Status]: branches string and id.go.uji.Status all take it; send {"string": …} or {"id.go.uji.Status": …}',
      );
    });

    it('matches a plain object to the only record or map branch, and asks for the wrapped form between records', () => {
      const a = { type: 'record', name: 'A', fields: [{ name: 'x', type: 'int' }] };
      const b = { type: 'record', name: 'B', fields: [{ name: 'y', type: 'int' }] };
      expect(valueOf(probe(['null', 'string', a]), { v: { x: 1 } })).toEqual({
        v: { 'id.go.uji.A': { x: 1 } },
      });
      expect(issuesOf(probe(['null', 'string', a]), { v: { x: 'x' } })).toEqual([
        { path: 'v.x', message: 'expected an int (a JSON integer from -2147483648 to 2147483647), got "x"' },
      ]);
      const two = probe([a, b]);
      expect(issuesOf(two, { v: { x: 1 } })).toEqual([
        {
          path: 'v',
          message:
            'ambiguous object for union [id.go.uji.A, id.go.uji.B]: it could be id.go.uji.A or id.go.uji.B; send {"id.go.uji.A": …} or {"id.go.uji.B": …}',
        },
      ]);
      expect(roundTrip(two, { v: { 'id.go.uji.B': { y: 2 } } })).toEqual({ v: { 'id.go.uji.B': { y: 2 } } });
    });

    it('reads a single-key object naming a branch as the wrapped form, even when a map could take it', () => {
      const mapper = probe(['string', { type: 'map', values: 'string' }]);
      expect(valueOf(mapper, { v: { string: 'x' } })).toEqual({ v: { string: 'x' } });
      expect(roundTrip(mapper, { v: { kota: 'Bandung' } })).toEqual({ v: { map: { kota: 'Bandung' } } });
      expect(roundTrip(mapper, { v: { map: { string: 'x' } } })).toEqual({ v: { map: { string: 'x' } } });
    });

    it('names logical branches by their underlying type', () => {
      const mapper = probe(['null', 'string', { type: 'long', logicalType: 'timestamp-millis' }]);
      expect(roundTrip(mapper, { v: { long: '2024-03-01T07:00:00+07:00' } })).toEqual({
        v: { long: '2024-03-01T00:00:00.000Z' },
      });
      expect(roundTrip(mapper, { v: 1709251200000 })).toEqual({ v: { long: '2024-03-01T00:00:00.000Z' } });
      expect(issuesOf(mapper, { v: '2024-03-01T00:00:00Z' })[0]?.message).toMatch(
        /^ambiguous value for union/,
      );
    });

    it('reports issues inside array and map branches with their paths', () => {
      const mapper = probe(['null', { type: 'array', items: 'int' }, { type: 'map', values: 'boolean' }]);
      expect(issuesOf(mapper, { v: [1, 'x'] })).toEqual([
        { path: 'v[1]', message: 'expected an int (a JSON integer from -2147483648 to 2147483647), got "x"' },
      ]);
      expect(issuesOf(mapper, { v: { map: { a: 1 } } })).toEqual([
        { path: 'v["a"]', message: 'expected a boolean, got 1' },
      ]);
    });

    it('refuses to give JSON of a value that is not wrapped', () => {
      const mapper = probe(['int', 'string']);
      expect(() => mapper.toJson({ v: 5 })).toThrow(JsonMappingError);
      expect(() => mapper.toJson({ v: { int: 5, string: 'x' } })).toThrow(
        'v: expected a wrapped union value {"<branch>": value} with a branch of [int, string] (an avsc value), got an object',
      );
    });
  });

  describe('depth', () => {
    const node = {
      type: 'record',
      name: 'Simpul',
      fields: [
        { name: 'value', type: 'int' },
        { name: 'next', type: ['null', 'Simpul'], default: null },
      ],
    };

    function chain(length: number): Record<string, unknown> {
      let json: Record<string, unknown> = { value: length };
      for (let index = length - 1; index > 0; index--) json = { value: index, next: json };
      return json;
    }

    it('accepts 64 nested levels and refuses the 65th by default, at its path', () => {
      const mapper = AvroJsonMapper.forSchema(node);
      const last = Array.from({ length: 63 }, () => 'next').join('.');
      expect(roundTrip(mapper, chain(64))).toHaveProperty(last, { value: 64, next: null });
      expect(issuesOf(mapper, chain(65))).toEqual([
        {
          path: Array.from({ length: 64 }, () => 'next').join('.'),
          message: 'nested too deeply: at most 64 levels of objects and arrays',
        },
      ]);
    });

    it('counts arrays and union wrappers as levels', () => {
      const tree = {
        type: 'record',
        name: 'Pohon',
        fields: [{ name: 'children', type: { type: 'array', items: ['null', 'int', 'Pohon'] } }],
      };
      const mapper = AvroJsonMapper.forSchema(tree, {}, { maxDepth: 5 });
      // record, array, union wrapper, record, array: 5 levels
      expect(valueOf(mapper, { children: [{ Pohon: { children: [] } }] })).toBeDefined();
      expect(
        issuesOf(mapper, { children: [{ Pohon: { children: [{ Pohon: { children: [] } }] } }] }),
      ).toEqual([
        {
          path: 'children[0].children[0]',
          message: 'nested too deeply: at most 5 levels of objects and arrays',
        },
      ]);
    });

    it('stops a hostile chain of a hundred thousand levels at the limit', () => {
      const mapper = AvroJsonMapper.forSchema(node);
      let json: unknown = { value: 0 };
      for (let index = 0; index < 100_000; index++) json = { value: 0, next: json };
      const issues = issuesOf(mapper, json);
      expect(issues).toHaveLength(1);
      expect(issues[0]?.message).toBe('nested too deeply: at most 64 levels of objects and arrays');
    });

    it('refuses to give JSON of a value nested beyond the limit', () => {
      const mapper = AvroJsonMapper.forSchema(node, {}, { maxDepth: 3 });
      const value = { value: 1, next: { value: 2, next: { value: 3, next: { value: 4, next: null } } } };
      expect(() => mapper.toJson(value)).toThrow(
        'next.next.next: nested too deeply: at most 3 levels of objects and arrays',
      );
    });

    it('refuses a depth limit that is not a positive integer', () => {
      expect(() => AvroJsonMapper.forSchema(node, {}, { maxDepth: 0 })).toThrow(RangeError);
      expect(() => AvroJsonMapper.forSchema(node, {}, { maxDepth: 1.5 })).toThrow(RangeError);
    });
  });
});
