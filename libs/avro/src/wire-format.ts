/**
 * Confluent wire format: magic byte 0, 4-byte big-endian schema id, then the Avro binary encoding.
 * Readable and writable by any Confluent-compatible serializer.
 */
export const MAGIC_BYTE = 0;
export const WIRE_HEADER_LENGTH = 5;

export class WireFormatError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'WireFormatError';
  }
}

export function encodeWireFormat(schemaId: number, avroPayload: Buffer): Buffer {
  if (!Number.isInteger(schemaId) || schemaId < 0 || schemaId > 0x7fffffff) {
    throw new WireFormatError(`schema id ${schemaId} is not a non-negative 32-bit integer`);
  }
  const header = Buffer.alloc(WIRE_HEADER_LENGTH);
  header.writeUInt8(MAGIC_BYTE, 0);
  header.writeInt32BE(schemaId, 1);
  return Buffer.concat([header, avroPayload]);
}

export function decodeWireFormat(message: Buffer): { schemaId: number; payload: Buffer } {
  if (message.length < WIRE_HEADER_LENGTH) {
    throw new WireFormatError(`record is ${message.length} bytes: too short for the 5-byte Confluent header`);
  }
  const magic = message.readUInt8(0);
  if (magic !== MAGIC_BYTE) {
    throw new WireFormatError(`magic byte is ${magic}, expected ${MAGIC_BYTE} (Confluent wire format)`);
  }
  const schemaId = message.readInt32BE(1);
  if (schemaId < 0) throw new WireFormatError(`schema id ${schemaId} is negative`);
  return { schemaId, payload: message.subarray(WIRE_HEADER_LENGTH) };
}
