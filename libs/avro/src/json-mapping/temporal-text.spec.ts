import {
  civilFromDays,
  daysFromCivil,
  formatTimestamp,
  MICROS,
  MILLIS,
  parseTimestamp,
} from './temporal-text';

describe('calendar arithmetic', () => {
  it('agrees with JavaScript dates over their whole range', () => {
    for (let days = -100_000_000; days <= 100_000_000; days += 99_991) {
      const date = new Date(days * 86_400_000);
      expect(civilFromDays(days)).toEqual({
        year: date.getUTCFullYear(),
        month: date.getUTCMonth() + 1,
        day: date.getUTCDate(),
      });
      expect(daysFromCivil(date.getUTCFullYear(), date.getUTCMonth() + 1, date.getUTCDate())).toBe(days);
    }
  });

  it('handles the leap rules at century boundaries', () => {
    expect(civilFromDays(daysFromCivil(2000, 2, 29))).toEqual({ year: 2000, month: 2, day: 29 });
    expect(daysFromCivil(1900, 3, 1) - daysFromCivil(1900, 2, 28)).toBe(1);
    expect(daysFromCivil(2000, 3, 1) - daysFromCivil(2000, 2, 28)).toBe(2);
    expect(daysFromCivil(-400, 3, 1) - daysFromCivil(-400, 2, 28)).toBe(2);
  });
});

describe('timestamps', () => {
  it('formats the units either side of a day boundary, before and after the epoch', () => {
    expect(formatTimestamp(-1n, MILLIS, true)).toBe('1969-12-31T23:59:59.999Z');
    expect(formatTimestamp(-86_400_000n, MILLIS, true)).toBe('1969-12-31T00:00:00.000Z');
    expect(formatTimestamp(-86_400_001n, MILLIS, true)).toBe('1969-12-30T23:59:59.999Z');
    expect(formatTimestamp(-1n, MICROS, false)).toBe('1969-12-31T23:59:59.999999');
    expect(formatTimestamp(9_007_199_254_740_993n, MICROS, true)).toBe('2255-06-05T23:47:34.740993Z');
    expect(formatTimestamp(-9_007_199_254_740_993n, MICROS, true)).toBe('1684-07-28T00:12:25.259007Z');
  });

  it('parses back what it formats, beyond the exact range of JavaScript numbers', () => {
    for (const value of [9_007_199_254_740_993n, -9_007_199_254_740_993n, 10n ** 18n, -(10n ** 18n)]) {
      for (const unit of [MILLIS, MICROS]) {
        expect(parseTimestamp(formatTimestamp(value, unit, true), unit, true, 'timestamp')).toBe(value);
      }
    }
  });
});
