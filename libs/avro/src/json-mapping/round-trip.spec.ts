import { readdirSync, readFileSync } from 'node:fs';
import * as avro from 'avsc';
import { join } from 'node:path';
import { parseAvroSchema } from '../schema/parse-schema';
import { AvroJsonMapper } from './avro-json-mapper';
import { LONG_MAX, LONG_MIN } from './bigint-long-type';

const SCHEMA_DIRECTORY = join(__dirname, '../../../../schemas');
const demoSchemaFiles = readdirSync(SCHEMA_DIRECTORY).filter((file) => file.endsWith('.avsc'));

const everything = {
  type: 'record',
  name: 'Semua',
  namespace: 'id.go.uji',
  fields: [
    { name: 'nothing', type: 'null' },
    { name: 'flag', type: 'boolean' },
    { name: 'small', type: 'int' },
    { name: 'big', type: 'long' },
    { name: 'ratio', type: 'float' },
    { name: 'measure', type: 'double' },
    { name: 'text', type: 'string' },
    { name: 'raw', type: 'bytes' },
    { name: 'hash', type: { type: 'fixed', name: 'Hash', size: 16 } },
    {
      name: 'status',
      type: { type: 'enum', name: 'Status', symbols: ['AKTIF', 'BEKU', 'LAINNYA'], default: 'LAINNYA' },
    },
    { name: 'tags', type: { type: 'array', items: 'string' } },
    { name: 'counts', type: { type: 'map', values: 'long' } },
    { name: 'maybe', type: ['null', 'double'] },
    {
      name: 'choice',
      type: [
        'null',
        'int',
        'string',
        'Hash',
        'Status',
        { type: 'array', items: 'long' },
        { type: 'map', values: 'string' },
        { type: 'record', name: 'Pilihan', fields: [{ name: 'x', type: 'long' }] },
      ],
    },
    { name: 'day', type: { type: 'int', logicalType: 'date' } },
    { name: 'clock', type: { type: 'int', logicalType: 'time-millis' } },
    { name: 'clockMicros', type: { type: 'long', logicalType: 'time-micros' } },
    { name: 'at', type: { type: 'long', logicalType: 'timestamp-millis' } },
    { name: 'atMicros', type: { type: 'long', logicalType: 'timestamp-micros' } },
    { name: 'local', type: { type: 'long', logicalType: 'local-timestamp-millis' } },
    { name: 'localMicros', type: { type: 'long', logicalType: 'local-timestamp-micros' } },
    { name: 'amount', type: { type: 'bytes', logicalType: 'decimal', precision: 38, scale: 9 } },
    {
      name: 'fixedAmount',
      type: { type: 'fixed', name: 'Uang', size: 9, logicalType: 'decimal', precision: 21, scale: 2 },
    },
    { name: 'id', type: { type: 'string', logicalType: 'uuid' } },
    { name: 'fixedId', type: { type: 'fixed', name: 'Id16', size: 16, logicalType: 'uuid' } },
    {
      name: 'optionalAmount',
      type: ['null', { type: 'bytes', logicalType: 'decimal', precision: 9, scale: 3 }],
    },
    { name: 'next', type: ['null', 'Semua'], default: null },
  ],
};

/**
 * A random avsc value → bytes → JSON (through JSON text, as over HTTP) → avsc value → the same bytes and
 * the same JSON. Random strings and map keys are letters, so key order and bytes are stable.
 */
function expectRoundTrips(mapper: AvroJsonMapper, iterations: number): void {
  for (let index = 0; index < iterations; index++) {
    const bytes = mapper.encode(mapper.type.random());
    const json = mapper.toJson(mapper.decode(bytes));
    const text = JSON.stringify(json);
    const parsed: unknown = JSON.parse(text);
    expect(parsed).toEqual(json);
    const back = mapper.fromJson(parsed);
    if ('issues' in back) throw new Error(`${text} was refused: ${JSON.stringify(back.issues)}`);
    expect(mapper.encode(back.value).equals(bytes)).toBe(true);
    expect(mapper.toJson(mapper.decode(mapper.encode(back.value)))).toEqual(json);
  }
}

describe('round trips over random values', () => {
  it.each(demoSchemaFiles)('holds for the demo schema %s, parsed as the registry parses it', (file) => {
    const parsed = parseAvroSchema(readFileSync(join(SCHEMA_DIRECTORY, file), 'utf8'));
    expectRoundTrips(AvroJsonMapper.forSchema(parsed.json, parsed.namedTypes), 200);
  });

  it('holds for a schema with every type and logical type, unions and recursion', () => {
    expectRoundTrips(AvroJsonMapper.forSchema(everything), 300);
  });

  it('holds for top-level non-record schemas', () => {
    for (const schema of [
      'long',
      ['null', 'string'],
      ['int', 'string', { type: 'array', items: 'double' }],
      { type: 'map', values: { type: 'long', logicalType: 'timestamp-micros' } },
      { type: 'array', items: { type: 'bytes', logicalType: 'decimal', precision: 10, scale: 10 } },
    ]) {
      expectRoundTrips(AvroJsonMapper.forSchema(schema), 100);
    }
  });
});

describe('longs at the 64-bit edges', () => {
  const edges = [
    LONG_MIN,
    LONG_MIN + 1n,
    -(2n ** 53n) - 1n,
    -(2n ** 53n),
    -(2n ** 53n) + 1n,
    -1n,
    0n,
    1n,
    2n ** 53n - 1n,
    2n ** 53n,
    2n ** 53n + 1n,
    LONG_MAX - 1n,
    LONG_MAX,
  ];
  const mapper = AvroJsonMapper.forSchema({
    type: 'record',
    name: 'Tepi',
    fields: [
      { name: 'plain', type: 'long' },
      { name: 'list', type: { type: 'array', items: 'long' } },
      { name: 'byKey', type: { type: 'map', values: 'long' } },
      { name: 'optional', type: ['null', 'long'] },
      { name: 'either', type: ['string', 'long'] },
    ],
  });

  it.each(edges)('round-trips %p exactly through bytes and JSON text', (edge) => {
    const safe = edge >= -(2n ** 53n) + 1n && edge <= 2n ** 53n - 1n;
    const jsonLong = safe ? Number(edge) : edge.toString();
    const json = {
      plain: jsonLong,
      list: [jsonLong],
      byKey: { k: jsonLong },
      optional: jsonLong,
      either: { long: jsonLong },
    };
    const result = mapper.fromJson(JSON.parse(JSON.stringify(json)));
    expect(result).toEqual({
      value: { plain: edge, list: [edge], byKey: { k: edge }, optional: edge, either: { long: edge } },
    });
    if ('issues' in result) return;
    const decoded = mapper.decode(mapper.encode(result.value));
    expect(decoded).toEqual({
      plain: edge,
      list: [edge],
      byKey: { k: edge },
      optional: edge,
      either: { long: edge },
    });
    expect(mapper.toJson(decoded)).toEqual(json);
  });

  it('writes the same bytes as avsc does for the values both can hold', () => {
    const plain = AvroJsonMapper.forSchema('long');
    const avscLong = avro.Type.forSchema('long');
    for (const value of [0, -1, 1, 63, -64, 64, 2 ** 31, -(2 ** 31) - 1, 2 ** 52, -(2 ** 52)]) {
      expect(plain.encode(BigInt(value)).equals(avscLong.toBuffer(value))).toBe(true);
      expect(plain.decode(avscLong.toBuffer(value))).toBe(BigInt(value));
    }
    expect(plain.encode(LONG_MAX).toString('hex')).toBe('feffffffffffffffff01');
    expect(plain.encode(LONG_MIN).toString('hex')).toBe('ffffffffffffffffff01');
  });
});
