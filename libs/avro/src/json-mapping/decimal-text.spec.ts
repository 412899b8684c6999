import {
  formatDecimal,
  fromTwosComplement,
  maxPrecisionForFixedSize,
  parseDecimal,
  toTwosComplement,
} from './decimal-text';
import { TextParseFailure } from './text-parse-failure';

describe("decimal text and two's complement", () => {
  it.each<[bigint, string]>([
    // Java's BigInteger.valueOf(n).toByteArray()
    [0n, '00'],
    [1n, '01'],
    [-1n, 'ff'],
    [127n, '7f'],
    [128n, '0080'],
    [-128n, '80'],
    [-129n, 'ff7f'],
    [255n, '00ff'],
    [256n, '0100'],
    [-32768n, '8000'],
    [-32769n, 'ff7fff'],
    [2n ** 63n - 1n, '7fffffffffffffff'],
    [-(2n ** 63n), '8000000000000000'],
    [2n ** 64n, '010000000000000000'],
  ])('writes %p in the fewest bytes and reads it back', (value, hex) => {
    expect(toTwosComplement(value)?.toString('hex')).toBe(hex);
    if (value >= BigInt(Number.MIN_SAFE_INTEGER) && value <= BigInt(Number.MAX_SAFE_INTEGER)) {
      expect(toTwosComplement(Number(value))?.toString('hex')).toBe(hex);
    }
    expect(BigInt(fromTwosComplement(Buffer.from(hex, 'hex')))).toBe(value);
  });

  it('agrees between its number and bigint paths for every byte length', () => {
    for (let bits = 0; bits <= 53; bits++) {
      for (const value of [2 ** bits - 1, 2 ** bits, -(2 ** bits), -(2 ** bits) - 1]) {
        if (!Number.isSafeInteger(value)) continue;
        const bytes = toTwosComplement(value);
        expect(bytes?.toString('hex')).toBe(toTwosComplement(BigInt(value))?.toString('hex'));
        expect(BigInt(fromTwosComplement(bytes ?? Buffer.alloc(0)))).toBe(BigInt(value));
        expect(toTwosComplement(value, 8)?.toString('hex')).toBe(
          toTwosComplement(BigInt(value), 8)?.toString('hex'),
        );
      }
    }
  });

  it('sign-extends to a fixed size, and says when a value does not fit', () => {
    expect(toTwosComplement(-2n, 4)?.toString('hex')).toBe('fffffffe');
    expect(toTwosComplement(2n, 4)?.toString('hex')).toBe('00000002');
    expect(toTwosComplement(-2, 4)?.toString('hex')).toBe('fffffffe');
    expect(toTwosComplement(128n, 1)).toBeUndefined();
    expect(toTwosComplement(128, 1)).toBeUndefined();
    expect(fromTwosComplement(Buffer.from('fffffffffffffffe', 'hex'))).toBe(-2n);
  });

  it('reads no bytes as zero', () => {
    expect(fromTwosComplement(Buffer.alloc(0))).toBe(0);
  });

  it.each<[number, number]>([
    // Java's AvroSchema precision limit for fixed sizes: floor(log10(2^(8n-1) - 1))
    [1, 2],
    [2, 4],
    [3, 6],
    [4, 9],
    [5, 11],
    [8, 18],
    [9, 21],
    [16, 38],
    [32, 76],
  ])('lets a fixed of %p bytes hold %p digits', (size, precision) => {
    expect(maxPrecisionForFixedSize(size)).toBe(precision);
  });

  it("formats with exactly the scale's fraction digits", () => {
    expect(formatDecimal(-123450n, 2)).toBe('-1234.50');
    expect(formatDecimal(5n, 3)).toBe('0.005');
    expect(formatDecimal(-5n, 3)).toBe('-0.005');
    expect(formatDecimal(0n, 2)).toBe('0.00');
    expect(formatDecimal(42n, 0)).toBe('42');
  });

  it('parses without rounding, and tells shape problems from value problems', () => {
    expect(parseDecimal('-1234.5', 6, 2)).toBe(-123450);
    expect(parseDecimal('0.00', 1, 2)).toBe(0);
    expect(parseDecimal('-0.00', 1, 2)).toBe(0);
    expect(parseDecimal('0.05', 1, 2)).toBe(5);
    expect(parseDecimal('1,5', 6, 2)).toBeUndefined();
    expect(parseDecimal('1.', 6, 2)).toBeUndefined();
    expect(parseDecimal('-', 6, 2)).toBeUndefined();
    expect(parseDecimal('', 6, 2)).toBeUndefined();
    expect(parseDecimal('1.555', 6, 2)).toBeInstanceOf(TextParseFailure);
    expect(parseDecimal('00000000000000000001.5', 2, 1)).toBe(15);
    expect(parseDecimal('999999999999999', 15, 0)).toBe(999999999999999);
    expect(parseDecimal('9999999999999999', 16, 0)).toBe(9999999999999999n);
    expect(parseDecimal('-0.0000000000000001', 16, 16)).toBe(-1);
    expect(parseDecimal('12345678901234.56', 16, 2)).toBe(1234567890123456n);
    expect(parseDecimal('0.000012345678901234567', 25, 21)).toBe(12345678901234567n);
  });
});
