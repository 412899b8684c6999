import { describeValue } from './json-path';
import { TextParseFailure } from './text-parse-failure';

const DIGIT_0 = 48;
const MINUS = 45;
const DOT = 46;
// Any decimal of at most 15 significant digits survives a trip through a double unchanged, and so does
// every integer of at most 15 digits: the fast paths below compute those in plain numbers.
const MAX_EXACT_DOUBLE_DIGITS = 15;
const POWERS_OF_TEN = Array.from({ length: MAX_EXACT_DOUBLE_DIGITS + 1 }, (_, power) => 10 ** power);
// Two's complement of up to 6 bytes is what Buffer reads and writes as a JS number.
const MAX_NUMBER_BYTES = 6;

function isDigit(code: number): boolean {
  return code >= DIGIT_0 && code <= DIGIT_0 + 9;
}

/**
 * The unscaled integer of a decimal string (`-1234.50` with scale 2 is -123450), as a number when it has
 * at most 15 digits, else a bigint; undefined when the text is not a plain decimal (optional `-`, digits,
 * optional `.` and digits). More fraction digits than the scale, or more significant digits than the
 * precision, fail: nothing is rounded or cut. A huge string costs a scan, never a huge bigint.
 */
export function parseDecimal(
  text: string,
  precision: number,
  scale: number,
): number | bigint | TextParseFailure | undefined {
  const length = text.length;
  const negative = text.charCodeAt(0) === MINUS;
  const integerStart = negative ? 1 : 0;
  let index = integerStart;
  while (index < length && isDigit(text.charCodeAt(index))) index++;
  const integerEnd = index;
  if (integerEnd === integerStart) return undefined;
  let fractionStart = index;
  if (index < length) {
    if (text.charCodeAt(index) !== DOT) return undefined;
    fractionStart = ++index;
    while (index < length && isDigit(text.charCodeAt(index))) index++;
    if (index === fractionStart || index !== length) return undefined;
  }
  const fractionLength = length - fractionStart;
  if (fractionLength > scale) {
    return new TextParseFailure(
      `${describeValue(text)} has ${fractionLength} fraction digits, more than the scale ${scale}`,
    );
  }
  // The unscaled digits are the integer digits, the fraction digits, then zeros up to the scale.
  const padding = scale - fractionLength;
  let first = integerStart;
  while (first < integerEnd && text.charCodeAt(first) === DIGIT_0) first++;
  let significant: number;
  if (first < integerEnd) {
    significant = integerEnd - first + scale;
  } else {
    first = fractionStart;
    while (first < length && text.charCodeAt(first) === DIGIT_0) first++;
    if (first === length) return 0;
    significant = length - first + padding;
  }
  if (significant > precision) {
    return new TextParseFailure(
      `${describeValue(text)} has ${significant} significant digits, more than the precision ${precision}`,
    );
  }
  if (significant <= MAX_EXACT_DOUBLE_DIGITS) {
    let unscaled = 0;
    for (let position = first; position < length; position++) {
      if (position !== integerEnd) unscaled = unscaled * 10 + (text.charCodeAt(position) - DIGIT_0);
    }
    unscaled *= POWERS_OF_TEN[padding] ?? 1;
    return negative ? -unscaled : unscaled;
  }
  const written =
    first < integerEnd ? `${text.slice(first, integerEnd)}${text.slice(fractionStart)}` : text.slice(first);
  const unscaled = BigInt(`${written}${'0'.repeat(padding)}`);
  return negative ? -unscaled : unscaled;
}

/**
 * A JSON number as a decimal, only when it is certainly what the sender wrote: a safe integer, or a number
 * of at most 15 significant digits printed without an exponent.
 */
export function parseDecimalNumber(
  value: number,
  precision: number,
  scale: number,
): number | bigint | TextParseFailure | undefined {
  if (!Number.isFinite(value)) return undefined;
  const text = String(value);
  let exact: boolean;
  if (Number.isInteger(value)) {
    exact = Number.isSafeInteger(value);
  } else {
    let significant = 0;
    let leading = true;
    for (let index = 0; index < text.length; index++) {
      const code = text.charCodeAt(index);
      if (!isDigit(code)) continue;
      if (leading && code === DIGIT_0) continue;
      leading = false;
      significant++;
    }
    exact = !text.includes('e') && significant <= MAX_EXACT_DOUBLE_DIGITS;
  }
  if (!exact) {
    return new TextParseFailure(
      `${text} may not be what was sent (a JSON number beyond ±(2^53−1), with an exponent or with more than 15 significant digits): send the decimal as a string`,
    );
  }
  return parseDecimal(text, precision, scale);
}

/** `-1234.50` for unscaled -123450 and scale 2: always exactly `scale` fraction digits. */
export function formatDecimal(unscaled: number | bigint, scale: number): string {
  const negative = unscaled < 0;
  let digits =
    typeof unscaled === 'bigint' ? (negative ? -unscaled : unscaled).toString() : String(Math.abs(unscaled));
  if (scale > 0) {
    if (digits.length <= scale) digits = digits.padStart(scale + 1, '0');
    digits = `${digits.slice(0, digits.length - scale)}.${digits.slice(digits.length - scale)}`;
  }
  return negative ? `-${digits}` : digits;
}

function nonNegativeHex(value: bigint): string {
  let hex = value.toString(16);
  if (hex.length % 2 === 1) hex = `0${hex}`;
  // A leading byte ≥ 0x80 would read as negative: add a sign byte.
  return hex.charCodeAt(0) >= 0x38 /* '8' */ ? `00${hex}` : hex;
}

/** The fewest bytes of two's complement that hold a safe integer. */
function minimalLength(value: number): number {
  let length = 1;
  for (let limit = 128; value >= limit || value < -limit; limit *= 256) length++;
  return length;
}

function bigintBytes(value: bigint): Buffer {
  if (value >= 0n) return Buffer.from(nonNegativeHex(value), 'hex');
  // -v - 1 has the same bytes as v with every bit flipped.
  const bytes = Buffer.from(nonNegativeHex(-value - 1n), 'hex');
  for (let index = 0; index < bytes.length; index++) bytes[index] = ~(bytes[index] ?? 0) & 0xff;
  return bytes;
}

/**
 * Big-endian two's complement in the fewest bytes (Java's `BigInteger.toByteArray`), or sign-extended to
 * `size` bytes; undefined when the value needs more than `size` bytes.
 */
export function toTwosComplement(value: number | bigint, size?: number): Buffer | undefined {
  if (typeof value === 'number') {
    const needed = minimalLength(value);
    if (size !== undefined && needed > size) return undefined;
    const bytes = Buffer.allocUnsafe(size ?? needed);
    // Exact for safe integers: each step takes off a whole byte (negative values end as -1, i.e. 0xff…).
    let rest = value;
    for (let index = bytes.length - 1; index >= 0; index--) {
      const byte = ((rest % 256) + 256) % 256;
      bytes[index] = byte;
      rest = (rest - byte) / 256;
    }
    return bytes;
  }
  const bytes = bigintBytes(value);
  if (size === undefined || bytes.length === size) return bytes;
  if (bytes.length > size) return undefined;
  const extended = Buffer.alloc(size, value < 0n ? 0xff : 0x00);
  bytes.copy(extended, size - bytes.length);
  return extended;
}

/** The integer of big-endian two's complement bytes (a number up to 6 bytes); no bytes at all read as 0. */
export function fromTwosComplement(bytes: Buffer): number | bigint {
  if (bytes.length === 0) return 0;
  if (bytes.length <= MAX_NUMBER_BYTES) return bytes.readIntBE(0, bytes.length);
  const unsigned = BigInt(`0x${bytes.toString('hex')}`);
  return (bytes[0] ?? 0) >= 0x80 ? unsigned - (1n << BigInt(bytes.length * 8)) : unsigned;
}

/** Decimal digits of the largest magnitude `size` bytes of two's complement hold: floor(log10(2^(8·size−1) − 1)). */
export function maxPrecisionForFixedSize(size: number): number {
  if (size <= 0) return 0;
  if (size > 1024) return Math.floor((8 * size - 1) * Math.log10(2));
  return ((1n << BigInt(8 * size - 1)) - 1n).toString().length - 1;
}

/** How many significant digits the unscaled value has (0 has none). */
export function significantDigits(unscaled: number | bigint): number {
  if (unscaled === 0 || unscaled === 0n) return 0;
  return typeof unscaled === 'bigint'
    ? (unscaled < 0n ? -unscaled : unscaled).toString().length
    : String(Math.abs(unscaled)).length;
}
