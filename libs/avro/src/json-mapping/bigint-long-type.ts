import * as avro from 'avsc';

export const LONG_MIN = -(2n ** 63n);
export const LONG_MAX = 2n ** 63n - 1n;
const SAFE_MIN = BigInt(Number.MIN_SAFE_INTEGER);
const SAFE_MAX = BigInt(Number.MAX_SAFE_INTEGER);
const DECIMAL_INTEGER = /^-?[0-9]{1,19}$/;

export function isLong(value: unknown): value is bigint {
  return typeof value === 'bigint' && value >= LONG_MIN && value <= LONG_MAX;
}

/** A JSON number when it is exact as one, else a decimal string. */
export function longToJsonValue(value: bigint): number | string {
  return value >= SAFE_MIN && value <= SAFE_MAX ? Number(value) : value.toString();
}

/** avsc hands this the schema's defaults (JSON numbers) and whatever `longToJsonValue` produced. */
function longFromJsonValue(json: unknown): bigint {
  let value: bigint | undefined;
  if (typeof json === 'bigint') value = json;
  else if (typeof json === 'number' && Number.isInteger(json)) value = BigInt(json);
  else if (typeof json === 'string' && DECIMAL_INTEGER.test(json)) value = BigInt(json);
  if (value === undefined || !isLong(value)) throw new Error(`not a long: ${String(json)}`);
  return value;
}

/**
 * avsc's `long` represented as a `bigint`, so that every 64-bit value round-trips (avsc's own long refuses
 * values beyond 2^53). avsc passes the 8 bytes little-endian two's complement, as its documentation says.
 */
export const BIGINT_LONG_TYPE: avro.Type = avro.types.LongType.__with({
  fromBuffer: (buffer: Buffer): bigint => buffer.readBigInt64LE(0),
  toBuffer: (value: bigint): Buffer => {
    const buffer = Buffer.allocUnsafe(8);
    buffer.writeBigInt64LE(value, 0);
    return buffer;
  },
  fromJSON: longFromJsonValue,
  toJSON: longToJsonValue,
  isValid: isLong,
  compare: (left: bigint, right: bigint): number => (left < right ? -1 : left > right ? 1 : 0),
});
