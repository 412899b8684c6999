import { decodeWireFormat, encodeWireFormat, WireFormatError } from './wire-format';

describe('Confluent wire format', () => {
  it('writes magic byte 0 and the schema id big-endian before the payload', () => {
    const wire = encodeWireFormat(0x01020304, Buffer.from([9, 8]));
    expect([...wire]).toEqual([0, 1, 2, 3, 4, 9, 8]);
    expect(decodeWireFormat(wire)).toEqual({ schemaId: 0x01020304, payload: Buffer.from([9, 8]) });
  });

  it.each([
    ['too short', Buffer.from([0, 0, 0]), /too short/],
    ['wrong magic byte', Buffer.from([1, 0, 0, 0, 1, 2]), /magic byte is 1/],
    ['negative schema id', Buffer.from([0, 0xff, 0xff, 0xff, 0xff]), /negative/],
  ])('rejects %s', (_name, bytes, message) => {
    expect(() => decodeWireFormat(bytes)).toThrow(WireFormatError);
    expect(() => decodeWireFormat(bytes)).toThrow(message);
  });

  it('refuses schema ids that do not fit 31 bits', () => {
    expect(() => encodeWireFormat(-1, Buffer.alloc(0))).toThrow(WireFormatError);
    expect(() => encodeWireFormat(2 ** 31, Buffer.alloc(0))).toThrow(WireFormatError);
  });
});
