import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as avro from 'avsc';
import { AvroCodec } from '../avro-codec';
import { InvalidSchemaError } from '../schema/invalid-schema-error';
import { parseAvroSchema } from '../schema/parse-schema';
import { AvroJsonMapper } from './avro-json-mapper';
import { BIGINT_LONG_TYPE } from './bigint-long-type';
import { RawValueLogicalType } from './raw-value-logical-type';

function fieldType(mapper: AvroJsonMapper, name: string): avro.Type {
  return (mapper.type as avro.types.RecordType).field(name).type;
}

function valueOf(mapper: AvroJsonMapper, json: unknown): unknown {
  const result = mapper.fromJson(json);
  if ('issues' in result) throw new Error(`unexpected issues: ${JSON.stringify(result.issues)}`);
  return result.value;
}

describe('the avsc type behind a mapper', () => {
  it('leaves only ["null", T] and [T, "null"] unions unwrapped', () => {
    const mapper = AvroJsonMapper.forSchema({
      type: 'record',
      name: 'Serikat',
      fields: [
        { name: 'a', type: ['null', 'string'] },
        { name: 'b', type: ['string', { type: 'null' }] },
        { name: 'c', type: ['string', 'int'] },
        { name: 'd', type: ['string'] },
        { name: 'e', type: ['null', 'string', 'int'] },
      ],
    });
    expect(fieldType(mapper, 'a')).toBeInstanceOf(avro.types.UnwrappedUnionType);
    expect(fieldType(mapper, 'b')).toBeInstanceOf(avro.types.UnwrappedUnionType);
    expect(fieldType(mapper, 'c')).toBeInstanceOf(avro.types.WrappedUnionType);
    expect(fieldType(mapper, 'd')).toBeInstanceOf(avro.types.WrappedUnionType);
    expect(fieldType(mapper, 'e')).toBeInstanceOf(avro.types.WrappedUnionType);
  });

  it('uses the bigint long wherever a long appears', () => {
    const mapper = AvroJsonMapper.forSchema({
      type: 'record',
      name: 'Panjang',
      fields: [
        { name: 'a', type: 'long' },
        { name: 'b', type: { type: 'long' } },
        { name: 'c', type: { type: 'array', items: 'long' } },
        { name: 'd', type: { type: 'map', values: { type: 'long', logicalType: 'unknown' } } },
        { name: 'e', type: ['null', 'long'] },
      ],
    });
    expect(fieldType(mapper, 'a')).toBe(BIGINT_LONG_TYPE);
    expect(fieldType(mapper, 'b')).toBe(BIGINT_LONG_TYPE);
    expect((fieldType(mapper, 'c') as avro.types.ArrayType).itemsType).toBe(BIGINT_LONG_TYPE);
    expect((fieldType(mapper, 'd') as avro.types.MapType).valuesType).toBe(BIGINT_LONG_TYPE);
    expect((fieldType(mapper, 'e') as avro.types.UnwrappedUnionType).types[1]).toBe(BIGINT_LONG_TYPE);
    const timestamp = AvroJsonMapper.forSchema({ type: 'long', logicalType: 'timestamp-millis' }).type;
    expect(timestamp).toBeInstanceOf(RawValueLogicalType);
    expect((timestamp as RawValueLogicalType).underlyingType).toBe(BIGINT_LONG_TYPE);
  });

  it('exports logical types with their attributes', () => {
    const schema = { type: 'bytes', logicalType: 'decimal', precision: 20, scale: 2 };
    expect(AvroJsonMapper.forSchema(schema).type.schema({ exportAttrs: true })).toEqual(schema);
    expect(
      AvroJsonMapper.forSchema({ type: 'long', logicalType: 'timestamp-micros' }).type.schema({
        exportAttrs: true,
      }),
    ).toEqual({
      type: 'long',
      logicalType: 'timestamp-micros',
    });
  });

  it('writes standard Avro that a default avsc codec reads', () => {
    const schema: unknown = JSON.parse(
      readFileSync(join(__dirname, '../../../../schemas/perizinan.izin-usaha.v1.avsc'), 'utf8'),
    );
    const mapper = AvroJsonMapper.forSchema(schema);
    const payload = mapper.encode(
      valueOf(mapper, {
        nib: '9120000000001',
        businessName: 'PT Sinar Nusantara',
        legalForm: 'PT',
        riskLevel: 'TINGGI',
        status: 'TERBIT',
        ownerName: 'Dewi Kartika',
        address: { street: 'Jl. Sudirman 5', villageCode: '3273010001', regencyCode: '3273' },
        investmentValue: '-1234.50',
        issuedAt: '2024-03-01T07:00:00+07:00',
      }),
    );
    expect(AvroCodec.fromSchema(schema as object).decode(payload)).toMatchObject({
      kbliCodes: [],
      npwp: null,
      investmentValue: Buffer.from('fe1dc6', 'hex'),
      issuedAt: 1709251200000,
    });
  });

  it('reads what a writer schema wrote, through avsc schema resolution, logical types included', () => {
    const v1 = {
      type: 'record',
      name: 'Status',
      fields: [
        { name: 'at', type: { type: 'long', logicalType: 'timestamp-millis' } },
        { name: 'amount', type: { type: 'bytes', logicalType: 'decimal', precision: 10, scale: 2 } },
      ],
    };
    const v2 = { ...v1, fields: [...v1.fields, { name: 'note', type: ['null', 'string'], default: null }] };
    const writer = AvroJsonMapper.forSchema(v1);
    const reader = AvroJsonMapper.forSchema(v2);
    const payload = writer.encode(valueOf(writer, { at: '2024-03-01T00:00:00Z', amount: '12.5' }));
    const resolver = reader.type.createResolver(writer.type);
    expect(reader.toJson(reader.type.fromBuffer(payload, resolver))).toEqual({
      at: '2024-03-01T00:00:00.000Z',
      amount: '12.50',
      note: null,
    });
    const plainLong = AvroJsonMapper.forSchema('long');
    const timestamp = AvroJsonMapper.forSchema({ type: 'long', logicalType: 'timestamp-millis' });
    const fromPlain: unknown = timestamp.type.fromBuffer(
      plainLong.encode(0n),
      timestamp.type.createResolver(plainLong.type),
    );
    expect(timestamp.toJson(fromPlain)).toBe('1970-01-01T00:00:00.000Z');
  });

  it('refuses truncated payloads and trailing bytes when decoding', () => {
    const mapper = AvroJsonMapper.forSchema({
      type: 'record',
      name: 'R',
      fields: [{ name: 's', type: 'string' }],
    });
    const payload = mapper.encode({ s: 'halo' });
    expect(() => mapper.decode(payload.subarray(0, payload.length - 1))).toThrow();
    expect(() => mapper.decode(Buffer.concat([payload, Buffer.from([0])]))).toThrow();
  });

  it('stops decoding a map at the end of its input whatever its block count says', () => {
    const mapper = AvroJsonMapper.forSchema({ type: 'map', values: 'string' });
    // A block count of 2^40 followed by nothing.
    const hostile = Buffer.from([0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x02]);
    expect(() => mapper.decode(hostile)).toThrow();
  });

  describe('schemas', () => {
    it("refuses an invalid schema with the schema model's located message", () => {
      expect(() =>
        AvroJsonMapper.forSchema({ type: 'record', name: 'R', fields: [{ name: 'a', type: 'Tidak' }] }),
      ).toThrow(InvalidSchemaError);
      expect(() =>
        AvroJsonMapper.forSchema({ type: 'record', name: 'R', fields: [{ name: 'a', type: 'Tidak' }] }),
      ).toThrow("unknown type name 'Tidak'");
      expect(() => AvroJsonMapper.forSchema({ type: 'enum', name: 'E', symbols: ['A', 'A'] })).toThrow(
        "duplicate symbol 'A'",
      );
    });

    it('resolves names in the enclosing namespace, then in the null namespace', () => {
      const mapper = AvroJsonMapper.forSchema({
        type: 'record',
        name: 'Akar',
        fields: [
          { name: 'code', type: { type: 'fixed', name: 'Kode', size: 2 } },
          {
            name: 'inner',
            type: {
              type: 'record',
              name: 'Dalam',
              namespace: 'id.go',
              fields: [
                { name: 'same', type: 'Kode' },
                { name: 'wrapped', type: { type: 'Kode' } },
              ],
            },
          },
        ],
      });
      expect(
        mapper.toJson(valueOf(mapper, { code: 'AQI=', inner: { same: 'AwQ=', wrapped: 'BQY=' } })),
      ).toEqual({
        code: 'AQI=',
        inner: { same: 'AwQ=', wrapped: 'BQY=' },
      });
    });

    it('takes named types from bare definitions keyed by full name', () => {
      const namedTypes = {
        'id.go.ref.Alamat': {
          type: 'record',
          name: 'Alamat',
          fields: [
            { name: 'street', type: 'string' },
            { name: 'kind', type: 'JenisAlamat' },
          ],
        },
        'id.go.ref.JenisAlamat': { type: 'enum', name: 'JenisAlamat', symbols: ['RUMAH', 'KANTOR'] },
      };
      const schema = {
        type: 'record',
        name: 'Orang',
        namespace: 'id.go.ref',
        fields: [
          { name: 'home', type: 'Alamat' },
          { name: 'work', type: ['null', 'id.go.ref.Alamat'], default: null },
        ],
      };
      const mapper = AvroJsonMapper.forSchema(schema, namedTypes);
      const json = { home: { street: 'Jl. Asia Afrika', kind: 'RUMAH' }, work: null };
      expect(mapper.toJson(mapper.decode(mapper.encode(valueOf(mapper, json))))).toEqual(json);
      expect(mapper.fromJson({ home: { street: 'x', kind: 'GUDANG' } })).toEqual({
        issues: [
          {
            path: 'home.kind',
            message: '"GUDANG" is not a symbol of enum id.go.ref.JenisAlamat; expected one of RUMAH, KANTOR',
          },
        ],
      });
    });

    it('takes named types from referenced documents as parseAvroSchema gives them, in any order', () => {
      const wilayah = JSON.stringify({
        type: 'record',
        name: 'Wilayah',
        namespace: 'id.go.bps',
        fields: [
          { name: 'code', type: 'string' },
          { name: 'level', type: 'id.go.bps.Tingkat' },
        ],
      });
      const tingkat = JSON.stringify({
        type: 'enum',
        name: 'Tingkat',
        namespace: 'id.go.bps',
        symbols: ['PROVINSI', 'KABUPATEN'],
      });
      const parsed = parseAvroSchema(
        JSON.stringify({
          type: 'record',
          name: 'Lokasi',
          namespace: 'id.go.uji',
          fields: [{ name: 'where', type: 'id.go.bps.Wilayah' }],
        }),
        [
          { name: 'tingkat', schema: tingkat },
          { name: 'wilayah', schema: wilayah },
        ],
      );
      const reversed = {
        'id.go.bps.Wilayah': parsed.namedTypes['id.go.bps.Wilayah'],
        'id.go.bps.Tingkat': parsed.namedTypes['id.go.bps.Tingkat'],
      };
      for (const namedTypes of [parsed.namedTypes, reversed]) {
        const mapper = AvroJsonMapper.forSchema(parsed.json, namedTypes);
        const json = { where: { code: '3273', level: 'KABUPATEN' } };
        expect(mapper.toJson(mapper.decode(mapper.encode(valueOf(mapper, json))))).toEqual(json);
      }
    });
  });
});
