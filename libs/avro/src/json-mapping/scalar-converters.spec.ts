import { AvroJsonMapper } from './avro-json-mapper';
import { LONG_MAX, LONG_MIN } from './bigint-long-type';
import { JsonMappingError, type JsonMappingIssue } from './json-mapping-issue';
import { shortestFloat } from './scalar-converters';

/** A record with one field `v` of the type, so that issues carry a path. */
function mapperFor(type: unknown): AvroJsonMapper {
  return AvroJsonMapper.forSchema({ type: 'record', name: 'Probe', fields: [{ name: 'v', type }] });
}

function valueOf(mapper: AvroJsonMapper, json: unknown): unknown {
  const result = mapper.fromJson({ v: json });
  if ('issues' in result) throw new Error(`unexpected issues: ${JSON.stringify(result.issues)}`);
  return (result.value as { v: unknown }).v;
}

function issuesOf(mapper: AvroJsonMapper, json: unknown): JsonMappingIssue[] {
  const result = mapper.fromJson({ v: json });
  return 'issues' in result ? result.issues : [];
}

/** JSON in → avsc value → Avro bytes → avsc value → JSON out. */
function roundTrip(mapper: AvroJsonMapper, json: unknown): unknown {
  const result = mapper.fromJson({ v: json });
  if ('issues' in result) throw new Error(`unexpected issues: ${JSON.stringify(result.issues)}`);
  return (mapper.toJson(mapper.decode(mapper.encode(result.value))) as { v: unknown }).v;
}

const INT = 'an int (a JSON integer from -2147483648 to 2147483647)';
const LONG = 'a long (a JSON integer within ±9007199254740991, or a decimal string)';
const FLOAT = 'a float (a JSON number, or "NaN", "Infinity" or "-Infinity")';
const DOUBLE = 'a double (a JSON number, or "NaN", "Infinity" or "-Infinity")';
const BYTES = 'bytes as a base64 string (standard alphabet, padding optional)';
const OVERFLOW = 'Infinity is not a finite number (a JSON number beyond ±1.8e308 overflows)';
const overflowed: unknown = JSON.parse('1e400');

describe('JSON mapping of primitive and named scalar types', () => {
  describe.each<[string, unknown, unknown, unknown, unknown]>([
    // [type, JSON in, avsc value, JSON out]
    ['null', 'null', null, null, null],
    ['boolean true', 'boolean', true, true, true],
    ['boolean false', 'boolean', false, false, false],
    ['int zero', 'int', 0, 0, 0],
    ['int minimum', 'int', -2147483648, -2147483648, -2147483648],
    ['int maximum', 'int', 2147483647, 2147483647, 2147483647],
    ['int written 1.0', 'int', JSON.parse('1.0'), 1, 1],
    ['long small', 'long', 42, 42n, 42],
    ['long largest safe', 'long', 9007199254740991, 9007199254740991n, 9007199254740991],
    ['long smallest safe', 'long', -9007199254740991, -9007199254740991n, -9007199254740991],
    ['long string within 2^53', 'long', '12', 12n, 12],
    ['long string -0', 'long', '-0', 0n, 0],
    ['long string 2^53 + 1', 'long', '9007199254740993', 9007199254740993n, '9007199254740993'],
    ['long maximum', 'long', '9223372036854775807', LONG_MAX, '9223372036854775807'],
    ['long minimum', 'long', '-9223372036854775808', LONG_MIN, '-9223372036854775808'],
    ['float 0.1', 'float', 0.1, Math.fround(0.1), 0.1],
    ['float beyond 24 bits', 'float', 16777217, 16777216, 16777216],
    ['float maximum', 'float', 3.4028235e38, Math.fround(3.4028235e38), 3.4028235e38],
    ['float smallest subnormal', 'float', 1e-45, Math.fround(1e-45), 1e-45],
    ['float NaN', 'float', 'NaN', Number.NaN, 'NaN'],
    ['float Infinity', 'float', 'Infinity', Number.POSITIVE_INFINITY, 'Infinity'],
    ['float -Infinity', 'float', '-Infinity', Number.NEGATIVE_INFINITY, '-Infinity'],
    ['double 0.1', 'double', 0.1, 0.1, 0.1],
    ['double maximum', 'double', 1.7976931348623157e308, 1.7976931348623157e308, 1.7976931348623157e308],
    ['double smallest subnormal', 'double', 5e-324, 5e-324, 5e-324],
    ['double NaN', 'double', 'NaN', Number.NaN, 'NaN'],
    ['double -Infinity', 'double', '-Infinity', Number.NEGATIVE_INFINITY, '-Infinity'],
    ['string empty', 'string', '', '', ''],
    [
      'string non-ASCII',
      'string',
      'Hj. Siti Nurhaliza — Pekanbaru',
      'Hj. Siti Nurhaliza — Pekanbaru',
      'Hj. Siti Nurhaliza — Pekanbaru',
    ],
    ['string surrogate pair', 'string', 'bayi 👶', 'bayi 👶', 'bayi 👶'],
    ['string NUL', 'string', 'a\u0000b', 'a\u0000b', 'a\u0000b'],
    ['bytes empty', 'bytes', '', Buffer.alloc(0), ''],
    ['bytes padded', 'bytes', 'AQID', Buffer.from([1, 2, 3]), 'AQID'],
    ['bytes without padding', 'bytes', 'AQI', Buffer.from([1, 2]), 'AQI='],
    ['bytes one pad', 'bytes', 'AQI=', Buffer.from([1, 2]), 'AQI='],
    ['bytes two pads', 'bytes', 'AA==', Buffer.from([0]), 'AA=='],
    ['bytes + and /', 'bytes', '+/8=', Buffer.from([0xfb, 0xff]), '+/8='],
    // Unused trailing bits are dropped, as every decoder does; the output is canonical.
    ['bytes unused bits set', 'bytes', 'AB==', Buffer.from([0]), 'AA=='],
    [
      'fixed',
      { type: 'fixed', name: 'Kode', namespace: 'id.go', size: 4 },
      'AQIDBA==',
      Buffer.from([1, 2, 3, 4]),
      'AQIDBA==',
    ],
    [
      'fixed without padding',
      { type: 'fixed', name: 'Kode', size: 4 },
      'AQIDBA',
      Buffer.from([1, 2, 3, 4]),
      'AQIDBA==',
    ],
    ['fixed of size 0', { type: 'fixed', name: 'Kosong', size: 0 }, '', Buffer.alloc(0), ''],
    [
      'enum',
      { type: 'enum', name: 'Status', symbols: ['TERBIT', 'DICABUT'] },
      'DICABUT',
      'DICABUT',
      'DICABUT',
    ],
  ])('%s', (_name, type, json, value, out) => {
    const mapper = mapperFor(type);

    it('maps JSON to the avsc value', () => {
      expect(valueOf(mapper, json)).toEqual(value);
    });

    it('maps the decoded value back to the normalised JSON', () => {
      expect(roundTrip(mapper, json)).toEqual(out);
    });
  });

  it('turns an int or long -0 into 0 but keeps a float or double -0', () => {
    expect(Object.is(valueOf(mapperFor('int'), -0), 0)).toBe(true);
    expect(valueOf(mapperFor('long'), -0)).toBe(0n);
    expect(Object.is(roundTrip(mapperFor('float'), -0), -0)).toBe(true);
    expect(Object.is(roundTrip(mapperFor('double'), -0), -0)).toBe(true);
  });

  it.each<[string, unknown, unknown, string]>([
    // [case, type, JSON in, message at path `v`]
    ['null given 0', 'null', 0, 'expected null, got 0'],
    ['boolean given a string', 'boolean', 'true', 'expected a boolean, got "true"'],
    ['boolean given 1', 'boolean', 1, 'expected a boolean, got 1'],
    ['int given a fraction', 'int', 1.5, `expected ${INT}, got 1.5`],
    ['int given a string', 'int', '12', `expected ${INT}, got "12"`],
    ['int given null', 'int', null, `expected ${INT}, got null`],
    [
      'int above range',
      'int',
      2147483648,
      '2147483648 is out of range for an int (-2147483648 to 2147483647)',
    ],
    [
      'int below range',
      'int',
      -2147483649,
      '-2147483649 is out of range for an int (-2147483648 to 2147483647)',
    ],
    ['int overflowed', 'int', overflowed, OVERFLOW],
    [
      'long number beyond 2^53',
      'long',
      9007199254740992,
      '9007199254740992 is beyond ±9007199254740991, so as a JSON number it may already have lost precision: send this long as a decimal string',
    ],
    [
      // What JSON.parse makes of 9223372036854775807.
      'long number near 2^63',
      'long',
      JSON.parse('9223372036854775807'),
      '9223372036854776000 is beyond ±9007199254740991, so as a JSON number it may already have lost precision: send this long as a decimal string',
    ],
    [
      'long string above range',
      'long',
      '9223372036854775808',
      '"9223372036854775808" is out of range for a long (-9223372036854775808 to 9223372036854775807)',
    ],
    [
      'long string below range',
      'long',
      '-9223372036854775809',
      '"-9223372036854775809" is out of range for a long (-9223372036854775808 to 9223372036854775807)',
    ],
    [
      'long string of 30 digits',
      'long',
      '123456789012345678901234567890',
      '"123456789012345678901234567890" is out of range for a long (-9223372036854775808 to 9223372036854775807)',
    ],
    ['long string with leading zeros', 'long', '007', `expected ${LONG}, got "007"`],
    ['long string with plus', 'long', '+1', `expected ${LONG}, got "+1"`],
    ['long string with exponent', 'long', '1e3', `expected ${LONG}, got "1e3"`],
    ['long string with fraction', 'long', '1.0', `expected ${LONG}, got "1.0"`],
    ['long empty string', 'long', '', `expected ${LONG}, got ""`],
    ['long given a fraction', 'long', 1.5, `expected ${LONG}, got 1.5`],
    ['long overflowed', 'long', overflowed, OVERFLOW],
    ['float beyond range', 'float', 3.5e38, '3.5e+38 is out of range for a float (±3.4028235e38)'],
    ['float overflowed', 'float', overflowed, OVERFLOW],
    ['float given lowercase nan', 'float', 'nan', `expected ${FLOAT}, got "nan"`],
    ['float given a numeric string', 'float', '1.5', `expected ${FLOAT}, got "1.5"`],
    ['double overflowed', 'double', overflowed, OVERFLOW],
    ['double given a padded string', 'double', 'Infinity ', `expected ${DOUBLE}, got "Infinity "`],
    ['double given a boolean', 'double', true, `expected ${DOUBLE}, got true`],
    ['string given a number', 'string', 42, 'expected a string, got 42'],
    ['string given an object', 'string', { a: 1 }, 'expected a string, got an object'],
    ['string given an array', 'string', ['a'], 'expected a string, got an array'],
    [
      'string with a lone high surrogate',
      'string',
      'a\uD800b',
      'contains a lone surrogate (\\uD800 at index 1), which UTF-8 cannot encode',
    ],
    [
      'string with a lone low surrogate',
      'string',
      '\uDE00',
      'contains a lone surrogate (\\uDE00 at index 0), which UTF-8 cannot encode',
    ],
    [
      'string ending in a high surrogate',
      'string',
      'bayi 👶\uD83D',
      'contains a lone surrogate (\\uD83D at index 7), which UTF-8 cannot encode',
    ],
    ['bytes of one character', 'bytes', 'A', `expected ${BYTES}, got "A"`],
    ['bytes with padding too long', 'bytes', 'AQI==', `expected ${BYTES}, got "AQI=="`],
    ['bytes with padding inside', 'bytes', 'AQ=I', `expected ${BYTES}, got "AQ=I"`],
    ['bytes of padding only', 'bytes', '====', `expected ${BYTES}, got "===="`],
    ['bytes in base64url', 'bytes', '-_8', `expected ${BYTES}, got "-_8"`],
    ['bytes with a space', 'bytes', 'AQ ID', `expected ${BYTES}, got "AQ ID"`],
    ['bytes with a newline', 'bytes', 'AQID\n', `expected ${BYTES}, got "AQID\\n"`],
    ['bytes given an array', 'bytes', [1, 2], `expected ${BYTES}, got an array`],
    [
      'fixed of the wrong size',
      { type: 'fixed', name: 'Kode', namespace: 'id.go', size: 4 },
      'AQID',
      'decodes to 3 bytes, but fixed id.go.Kode holds exactly 4',
    ],
    [
      'fixed not base64',
      { type: 'fixed', name: 'Kode', namespace: 'id.go', size: 4 },
      'AQID!A==',
      'expected 4 bytes as a base64 string (fixed id.go.Kode), got "AQID!A=="',
    ],
    [
      'enum given an unknown symbol',
      { type: 'enum', name: 'Status', namespace: 'id.go', symbols: ['TERBIT', 'DICABUT'] },
      'DIBEKUKAN',
      '"DIBEKUKAN" is not a symbol of enum id.go.Status; expected one of TERBIT, DICABUT',
    ],
    [
      'enum given a symbol in the wrong case',
      { type: 'enum', name: 'Status', symbols: ['TERBIT', 'DICABUT'] },
      'terbit',
      '"terbit" is not a symbol of enum Status; expected one of TERBIT, DICABUT',
    ],
    [
      // The default is for readers that meet an unknown symbol, not a fallback for input.
      'enum with a default given an unknown symbol',
      { type: 'enum', name: 'BentukUsaha', symbols: ['PT', 'CV', 'LAINNYA'], default: 'LAINNYA' },
      'BUMN',
      '"BUMN" is not a symbol of enum BentukUsaha; expected one of PT, CV, LAINNYA',
    ],
    [
      'enum given a number',
      { type: 'enum', name: 'Status', symbols: ['TERBIT', 'DICABUT'] },
      1,
      'expected a symbol of enum Status (TERBIT, DICABUT), got 1',
    ],
    [
      'enum given an Object.prototype member',
      { type: 'enum', name: 'Status', symbols: ['TERBIT', 'DICABUT'] },
      'constructor',
      '"constructor" is not a symbol of enum Status; expected one of TERBIT, DICABUT',
    ],
  ])('refuses %s', (_name, type, json, message) => {
    expect(issuesOf(mapperFor(type), json)).toEqual([{ path: 'v', message }]);
  });

  it('reports a missing value of a field as required', () => {
    expect(mapperFor('int').fromJson({})).toEqual({
      issues: [{ path: 'v', message: 'required field missing' }],
    });
  });

  it('names values that are not JSON at all', () => {
    expect(issuesOf(mapperFor('string'), undefined)).toEqual([
      { path: 'v', message: 'expected a string, got nothing' },
    ]);
    expect(issuesOf(mapperFor('string'), 5n)).toEqual([{ path: 'v', message: 'expected a string, got 5n' }]);
    expect(issuesOf(mapperFor('string'), () => 1)).toEqual([
      { path: 'v', message: 'expected a string, got a function' },
    ]);
  });

  it('lists at most 20 symbols of a large enum', () => {
    const symbols = Array.from({ length: 25 }, (_, index) => `S${index}`);
    const [issue] = issuesOf(mapperFor({ type: 'enum', name: 'Besar', symbols }), 'X');
    expect(issue?.message).toBe(
      `"X" is not a symbol of enum Besar; expected one of ${symbols.slice(0, 20).join(', ')}, … (25 in all)`,
    );
  });

  it('cuts long input echoed in messages to 64 characters', () => {
    const [issue] = issuesOf(mapperFor('int'), 'x'.repeat(1_000_000));
    expect(issue?.message).toBe(`expected ${INT}, got "${'x'.repeat(64)}…"`);
  });

  it('accepts a megabyte string and refuses a megabyte of digits as a long without parsing it', () => {
    const huge = 'ä'.repeat(1_000_000);
    expect(valueOf(mapperFor('string'), huge)).toBe(huge);
    expect(issuesOf(mapperFor('long'), '9'.repeat(1_000_000))[0]?.message).toMatch(
      /is out of range for a long/,
    );
  });

  describe('toJson', () => {
    it.each<[string, unknown, unknown, string]>([
      ['int given a string', 'int', 'x', 'v: expected an int (an avsc value), got "x"'],
      ['int given a fraction', 'int', 1.5, 'v: expected an int (an avsc value), got 1.5'],
      ['long given a fraction', 'long', 1.5, 'v: expected a long (bigint) (an avsc value), got 1.5'],
      [
        'long given a bigint beyond 64 bits',
        'long',
        2n ** 63n,
        'v: expected a long (bigint) (an avsc value), got 9223372036854775808n',
      ],
      ['bytes given a string', 'bytes', 'AQID', 'v: expected bytes (a Buffer) (an avsc value), got "AQID"'],
      [
        'fixed given the wrong size',
        { type: 'fixed', name: 'Kode', size: 4 },
        Buffer.alloc(3),
        'v: expected fixed Kode (a Buffer of 4 bytes) (an avsc value), got a Buffer of 3 bytes',
      ],
      [
        'enum given an unknown symbol',
        { type: 'enum', name: 'Status', symbols: ['A'] },
        'B',
        'v: expected a symbol of enum Status (A) (an avsc value), got "B"',
      ],
      ['null given undefined', 'null', undefined, 'v: expected null (an avsc value), got nothing'],
    ])('throws JsonMappingError for %s', (_name, type, value, message) => {
      const mapper = mapperFor(type);
      expect(() => mapper.toJson({ v: value })).toThrow(new JsonMappingError('v', message.slice(3)));
      expect(() => mapper.toJson({ v: value })).toThrow(message);
    });

    it('accepts safe JS numbers for a long, as other code may build values by hand', () => {
      expect(mapperFor('long').toJson({ v: 42 })).toEqual({ v: 42 });
    });

    it('gives JSON-safe values only', () => {
      const json = mapperFor('long').toJson({ v: LONG_MAX });
      expect(JSON.parse(JSON.stringify(json))).toEqual(json);
    });
  });
});

describe('shortestFloat', () => {
  it.each<[number, number]>([
    [Math.fround(0.1), 0.1],
    [Math.fround(1 / 3), 0.33333334],
    [Math.fround(3.4028235e38), 3.4028235e38],
    [Math.fround(1.17549435e-38), 1.1754944e-38],
    [16777216, 16777216],
    [0, 0],
  ])('prints %p as %p', (float, shortest) => {
    expect(shortestFloat(float)).toBe(shortest);
    expect(Math.fround(shortest)).toBe(float);
  });

  it('gives a decimal that reads back as the same float, across the 32-bit patterns', () => {
    const buffer = Buffer.alloc(4);
    for (let index = 0; index < 4000; index++) {
      // A prime stride spreads the patterns over signs, exponents and mantissas, deterministically.
      buffer.writeUInt32LE(Math.imul(index, 1_073_741_789) >>> 0);
      const float = buffer.readFloatLE(0);
      if (!Number.isFinite(float)) continue;
      expect(Math.fround(shortestFloat(float))).toBe(float);
    }
  });
});
