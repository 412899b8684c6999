import { LONG_MAX, LONG_MIN } from './bigint-long-type';
import { describeValue } from './json-path';
import { TextParseFailure } from './text-parse-failure';

/** Units of a time of day or a timestamp: milliseconds (3 fraction digits) or microseconds (6). */
export interface TimeUnit {
  readonly name: 'millis' | 'micros';
  readonly fractionDigits: 3 | 6;
  readonly perSecond: number;
  readonly perDay: number;
  /** Days from the epoch within which `days × perDay` plus a day or two stays an exact JS number. */
  readonly exactDays: number;
}

export const MILLIS: TimeUnit = {
  name: 'millis',
  fractionDigits: 3,
  perSecond: 1_000,
  perDay: 86_400_000,
  exactDays: 100_000_000,
};
export const MICROS: TimeUnit = {
  name: 'micros',
  fractionDigits: 6,
  perSecond: 1_000_000,
  perDay: 86_400_000_000,
  exactDays: 100_000,
};

const DIGIT_0 = 48;
const PLUS = 43;
const MINUS = 45;
const COLON = 58;
const DOT = 46;
// Expanded years (ISO 8601, as JavaScript's Date prints them) have 6 to 9 digits: 9 cover every long
// timestamp and keep day arithmetic exact in JS numbers.
const MIN_EXPANDED_YEAR_DIGITS = 6;
const MAX_EXPANDED_YEAR_DIGITS = 9;
const SAFE_MIN = BigInt(Number.MIN_SAFE_INTEGER);
const SAFE_MAX = BigInt(Number.MAX_SAFE_INTEGER);
const INT_MIN = -(2 ** 31);
const INT_MAX = 2 ** 31 - 1;

function isDigit(code: number): boolean {
  return code >= DIGIT_0 && code <= DIGIT_0 + 9;
}

/** The number written by `count` ASCII digits at `start`, or -1 when they are not all there. */
function digitsAt(text: string, start: number, count: number): number {
  if (start + count > text.length) return -1;
  let value = 0;
  for (let index = start; index < start + count; index++) {
    const code = text.charCodeAt(index);
    if (!isDigit(code)) return -1;
    value = value * 10 + (code - DIGIT_0);
  }
  return value;
}

/** Where a run of digits starting at `start` ends. */
function digitsEnd(text: string, start: number): number {
  let index = start;
  while (index < text.length && isDigit(text.charCodeAt(index))) index++;
  return index;
}

interface DateFields {
  readonly year: number;
  readonly month: number;
  readonly day: number;
  /** Index after the date. */
  readonly end: number;
}

/** `YYYY-MM-DD` or `±YYYYYY-MM-DD` at the start of the text (hand-parsed: this runs for every record). */
function readDate(text: string): DateFields | undefined {
  const first = text.charCodeAt(0);
  let year: number;
  let index: number;
  if (first === PLUS || first === MINUS) {
    index = digitsEnd(text, 1);
    const count = index - 1;
    if (count < MIN_EXPANDED_YEAR_DIGITS || count > MAX_EXPANDED_YEAR_DIGITS) return undefined;
    year = digitsAt(text, 1, count);
    if (first === MINUS) year = -year;
  } else {
    year = digitsAt(text, 0, 4);
    if (year < 0) return undefined;
    index = 4;
  }
  if (text.charCodeAt(index) !== MINUS || text.charCodeAt(index + 3) !== MINUS) return undefined;
  const month = digitsAt(text, index + 1, 2);
  const day = digitsAt(text, index + 4, 2);
  if (month < 0 || day < 0) return undefined;
  return { year, month, day, end: index + 6 };
}

interface TimeFields {
  readonly hours: number;
  readonly minutes: number;
  readonly seconds: number;
  /** Digits after the point: where they start and how many (0 without a point). */
  readonly fractionStart: number;
  readonly fractionLength: number;
  readonly end: number;
}

/** `HH:MM:SS` with an optional `.` and fraction digits, at `start`. */
function readTime(text: string, start: number): TimeFields | undefined {
  const hours = digitsAt(text, start, 2);
  const minutes = digitsAt(text, start + 3, 2);
  const seconds = digitsAt(text, start + 6, 2);
  if (hours < 0 || minutes < 0 || seconds < 0) return undefined;
  if (text.charCodeAt(start + 2) !== COLON || text.charCodeAt(start + 5) !== COLON) return undefined;
  let end = start + 8;
  let fractionStart = end;
  if (text.charCodeAt(end) === DOT) {
    fractionStart = end + 1;
    end = digitsEnd(text, fractionStart);
    if (end === fractionStart) return undefined;
  }
  return { hours, minutes, seconds, fractionStart, fractionLength: end - fractionStart, end };
}

function isLeapYear(year: number): boolean {
  return year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
}

function daysInMonth(year: number, month: number): number {
  if (month === 2) return isLeapYear(year) ? 29 : 28;
  return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
}

/** Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's `days_from_civil`). */
export function daysFromCivil(year: number, month: number, day: number): number {
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yearOfEra = y - era * 400;
  const dayOfYear = Math.floor((153 * (month > 2 ? month - 3 : month + 9) + 2) / 5) + day - 1;
  const dayOfEra = yearOfEra * 365 + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100) + dayOfYear;
  return era * 146_097 + dayOfEra - 719_468;
}

/** The proleptic Gregorian date of a day count since 1970-01-01 (H. Hinnant's `civil_from_days`). */
export function civilFromDays(days: number): { year: number; month: number; day: number } {
  const z = days + 719_468;
  const era = Math.floor(z / 146_097);
  const dayOfEra = z - era * 146_097;
  const yearOfEra = Math.floor(
    (dayOfEra -
      Math.floor(dayOfEra / 1460) +
      Math.floor(dayOfEra / 36_524) -
      Math.floor(dayOfEra / 146_096)) /
      365,
  );
  const dayOfYear = dayOfEra - (365 * yearOfEra + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100));
  const shiftedMonth = Math.floor((5 * dayOfYear + 2) / 153);
  const day = dayOfYear - Math.floor((153 * shiftedMonth + 2) / 5) + 1;
  const month = shiftedMonth < 10 ? shiftedMonth + 3 : shiftedMonth - 9;
  return { year: yearOfEra + era * 400 + (month <= 2 ? 1 : 0), month, day };
}

function pad2(value: number): string {
  return value < 10 ? `0${value}` : String(value);
}

function formatYear(year: number): string {
  if (year >= 0 && year <= 9999) return String(year).padStart(4, '0');
  return `${year < 0 ? '-' : '+'}${String(Math.abs(year)).padStart(6, '0')}`;
}

function formatCivilDate(days: number): string {
  const { year, month, day } = civilFromDays(days);
  return `${formatYear(year)}-${pad2(month)}-${pad2(day)}`;
}

/** `YYYY-MM-DD` of an Avro date (days since the epoch). */
export function formatDate(days: number): string {
  return formatCivilDate(days);
}

function checkDate(text: string, year: number, month: number, day: number): TextParseFailure | undefined {
  if (month < 1 || month > 12) {
    return new TextParseFailure(`${describeValue(text)} has no valid month (01-12)`);
  }
  const length = daysInMonth(year, month);
  if (day < 1 || day > length) {
    return new TextParseFailure(
      `${describeValue(text)} has no valid day: ${formatYear(year)}-${pad2(month)} has ${length} days`,
    );
  }
  return undefined;
}

/** Days since the epoch; undefined when the text is not shaped like a date at all. */
export function parseDate(text: string): number | TextParseFailure | undefined {
  const date = readDate(text);
  if (date === undefined || date.end !== text.length) return undefined;
  const { year, month, day } = date;
  const failure = checkDate(text, year, month, day);
  if (failure !== undefined) return failure;
  const days = daysFromCivil(year, month, day);
  if (days < INT_MIN || days > INT_MAX) {
    return new TextParseFailure(`${describeValue(text)} is out of range for a date (32-bit count of days)`);
  }
  return days;
}

function formatTimeOfDayUnits(unitsOfDay: number, unit: TimeUnit): string {
  const seconds = Math.floor(unitsOfDay / unit.perSecond);
  const fraction = unitsOfDay - seconds * unit.perSecond;
  return `${pad2(Math.floor(seconds / 3600))}:${pad2(Math.floor(seconds / 60) % 60)}:${pad2(seconds % 60)}.${String(fraction).padStart(unit.fractionDigits, '0')}`;
}

/** `HH:MM:SS.sss` (or 6 fraction digits for micros); the caller checks the value is within a day. */
export function formatTimeOfDay(unitsOfDay: number, unit: TimeUnit): string {
  return formatTimeOfDayUnits(unitsOfDay, unit);
}

function checkTime(
  text: string,
  hours: number,
  minutes: number,
  seconds: number,
): TextParseFailure | undefined {
  return hours > 23 || minutes > 59 || seconds > 59
    ? new TextParseFailure(
        `${describeValue(text)} has no valid time of day (hours 00-23, minutes and seconds 00-59, no leap seconds)`,
      )
    : undefined;
}

function fractionUnits(
  text: string,
  time: TimeFields,
  unit: TimeUnit,
  logicalType: string,
): number | TextParseFailure {
  const { fractionStart, fractionLength } = time;
  if (fractionLength > unit.fractionDigits) {
    return new TextParseFailure(
      `${describeValue(text)} has ${fractionLength} fraction digits, more than the ${unit.fractionDigits} that ${logicalType} keeps`,
    );
  }
  if (fractionLength === 0) return 0;
  return digitsAt(text, fractionStart, fractionLength) * 10 ** (unit.fractionDigits - fractionLength);
}

/** Units since midnight; undefined when the text is not shaped like a time at all. */
export function parseTimeOfDay(
  text: string,
  unit: TimeUnit,
  logicalType: string,
): number | TextParseFailure | undefined {
  const time = readTime(text, 0);
  if (time === undefined || time.end !== text.length) return undefined;
  const { hours, minutes, seconds } = time;
  const failure = checkTime(text, hours, minutes, seconds);
  if (failure !== undefined) return failure;
  const fraction = fractionUnits(text, time, unit, logicalType);
  if (fraction instanceof TextParseFailure) return fraction;
  return (hours * 3600 + minutes * 60 + seconds) * unit.perSecond + fraction;
}

/**
 * `YYYY-MM-DDTHH:MM:SS.sss` plus `Z` when `zoned` (always UTC), for any long count of units since the epoch.
 */
export function formatTimestamp(value: bigint, unit: TimeUnit, zoned: boolean): string {
  let days: number;
  let unitsOfDay: number;
  if (value >= SAFE_MIN && value <= SAFE_MAX) {
    const units = Number(value);
    days = Math.floor(units / unit.perDay);
    // Both products are exact (perDay is a multiple of 2^10); the division may round across a day.
    unitsOfDay = units - days * unit.perDay;
    if (unitsOfDay < 0) {
      days--;
      unitsOfDay += unit.perDay;
    } else if (unitsOfDay >= unit.perDay) {
      days++;
      unitsOfDay -= unit.perDay;
    }
  } else {
    const perDay = BigInt(unit.perDay);
    let quotient = value / perDay;
    let remainder = value - quotient * perDay;
    if (remainder < 0n) {
      quotient--;
      remainder += perDay;
    }
    days = Number(quotient);
    unitsOfDay = Number(remainder);
  }
  const text = `${formatCivilDate(days)}T${formatTimeOfDayUnits(unitsOfDay, unit)}`;
  return zoned ? `${text}Z` : text;
}

/** Minutes east of UTC of `Z`, `±HH:MM` or nothing at `start`; undefined when it is none of these. */
function readZone(
  text: string,
  start: number,
): { present: boolean; minutes: number; valid: boolean } | undefined {
  if (start === text.length) return { present: false, minutes: 0, valid: true };
  const code = text.charCodeAt(start);
  if (code === 90 /* Z */ || code === 122 /* z */) {
    return start + 1 === text.length ? { present: true, minutes: 0, valid: true } : undefined;
  }
  if (
    (code !== PLUS && code !== MINUS) ||
    start + 6 !== text.length ||
    text.charCodeAt(start + 3) !== COLON
  ) {
    return undefined;
  }
  const hours = digitsAt(text, start + 1, 2);
  const minutes = digitsAt(text, start + 4, 2);
  if (hours < 0 || minutes < 0) return undefined;
  const offset = (code === MINUS ? -1 : 1) * (hours * 60 + minutes);
  return { present: true, minutes: offset, valid: hours <= 23 && minutes <= 59 };
}

/**
 * Units since the epoch of an RFC 3339 timestamp (`zoned`: `Z` or `±HH:MM` required) or of a local one
 * (no zone allowed); undefined when the text is not shaped like a timestamp at all.
 */
export function parseTimestamp(
  text: string,
  unit: TimeUnit,
  zoned: boolean,
  logicalType: string,
): bigint | TextParseFailure | undefined {
  const date = readDate(text);
  if (date === undefined) return undefined;
  const separator = text.charCodeAt(date.end);
  if (separator !== 84 /* T */ && separator !== 116 /* t */) return undefined;
  const time = readTime(text, date.end + 1);
  if (time === undefined) return undefined;
  const zone = readZone(text, time.end);
  if (zone === undefined) return undefined;
  if (zoned && !zone.present) {
    return new TextParseFailure(
      `${describeValue(text)} has no zone: ${logicalType} needs "Z" or an offset like "+07:00"`,
    );
  }
  if (!zoned && zone.present) {
    return new TextParseFailure(
      `${describeValue(text)} has a zone, but ${logicalType} is a local date and time without one`,
    );
  }
  const { year, month, day } = date;
  const { hours, minutes, seconds } = time;
  const failure = checkDate(text, year, month, day) ?? checkTime(text, hours, minutes, seconds);
  if (failure !== undefined) return failure;
  const fraction = fractionUnits(text, time, unit, logicalType);
  if (fraction instanceof TextParseFailure) return fraction;
  if (!zone.valid) {
    return new TextParseFailure(`${describeValue(text)} has no valid zone offset (±00:00 to ±23:59)`);
  }
  const days = daysFromCivil(year, month, day);
  const unitsOfDay = (hours * 3600 + minutes * 60 + seconds - zone.minutes * 60) * unit.perSecond + fraction;
  const value =
    Math.abs(days) <= unit.exactDays
      ? BigInt(days * unit.perDay + unitsOfDay)
      : BigInt(days) * BigInt(unit.perDay) + BigInt(unitsOfDay);
  if (value < LONG_MIN || value > LONG_MAX) {
    return new TextParseFailure(
      `${describeValue(text)} is out of range for ${logicalType} (a 64-bit count of ${unit.name})`,
    );
  }
  return value;
}
