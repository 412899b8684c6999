import { AvroCodec, AvroDecodeError, AvroSchemaError } from './avro-codec';

const schema = {
  type: 'record',
  name: 'Izin',
  fields: [
    { name: 'nib', type: 'string' },
    {
      name: 'address',
      type: { type: 'record', name: 'Alamat', fields: [{ name: 'regencyCode', type: 'string' }] },
    },
    { name: 'npwp', type: ['null', 'string'], default: null },
  ],
};

describe('AvroCodec', () => {
  const codec = AvroCodec.fromSchema(schema);

  it('round-trips a value', () => {
    const value = { nib: '1234567890123', address: { regencyCode: '3174' }, npwp: null };
    expect(codec.decode(codec.encode(value))).toEqual(value);
  });

  it('reports every invalid field with its path', () => {
    expect(codec.validate({ nib: 5, address: { regencyCode: null }, npwp: 7 })).toEqual([
      { path: 'nib', message: 'expected string, got 5' },
      { path: 'address.regencyCode', message: 'expected string, got null' },
      { path: 'npwp', message: 'expected one of null, string, got 7' },
    ]);
  });

  it('refuses truncated payloads and trailing bytes', () => {
    const bytes = codec.encode({ nib: 'x', address: { regencyCode: 'y' }, npwp: null });
    expect(() => codec.decode(bytes.subarray(0, bytes.length - 2))).toThrow(AvroDecodeError);
    expect(() => codec.decode(Buffer.concat([bytes, Buffer.from([1])]))).toThrow('trailing bytes');
  });

  it('refuses a schema that is not valid Avro or not JSON', () => {
    expect(() => AvroCodec.fromSchema('{"type": "recrod"}')).toThrow(AvroSchemaError);
    expect(() => AvroCodec.fromSchema('{nope')).toThrow('schema is not valid JSON');
  });
});
