/**
 * ISO 8601 literals for `date` and `timestamp-*` fields. Filters compare these fields with strings only
 * (`child.birthDate >= '2024-01-01'`), never with raw numbers: "days since 1970" and "milliseconds since
 * 1970" are easy to confuse and read as nothing to a reviewer of a subscription.
 */

const MILLIS_PER_DAY = 86_400_000;

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
// A time zone is mandatory: "midnight" in Jakarta (UTC+7) and in UTC are seven hours apart.
const TIMESTAMP = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,6}))?)?(Z|[+-]\d{2}:\d{2})$/;

function utcMillis(year: number, month: number, day: number): number | undefined {
  if (month < 1 || month > 12 || day < 1) return undefined;
  const date = new Date(0);
  // setUTCFullYear, unlike Date.UTC, does not turn years 0-99 into 1900-1999.
  date.setUTCFullYear(year, month - 1, day);
  return date.getUTCDate() === day ? date.getTime() : undefined;
}

/** `'2024-01-31'` → days since 1970-01-01 (Avro `date`), or undefined when not a real calendar date. */
export function parseIsoDate(text: string): number | undefined {
  const match = DATE.exec(text);
  if (match === null) return undefined;
  const millis = utcMillis(Number(match[1]), Number(match[2]), Number(match[3]));
  return millis === undefined ? undefined : millis / MILLIS_PER_DAY;
}

/**
 * `'2024-01-31T08:00:00+07:00'` → microseconds since the epoch (exact up to 6 fractional digits), or
 * undefined when malformed, out of range or without a time zone.
 */
export function parseIsoTimestampMicros(text: string): number | undefined {
  const match = TIMESTAMP.exec(text);
  if (match === null) return undefined;
  const [, year, month, day, hour, minute, second = '0', fraction = '', zone = 'Z'] = match;
  const dayMillis = utcMillis(Number(year), Number(month), Number(day));
  const [h, m, s] = [Number(hour), Number(minute), Number(second)];
  if (dayMillis === undefined || h > 23 || m > 59 || s > 59) return undefined;
  let offsetMinutes = 0;
  if (zone !== 'Z') {
    const [zh, zm] = [Number(zone.slice(1, 3)), Number(zone.slice(4, 6))];
    if (zh > 23 || zm > 59) return undefined;
    offsetMinutes = (zone.startsWith('-') ? -1 : 1) * (zh * 60 + zm);
  }
  const millis = dayMillis + ((h * 60 + m - offsetMinutes) * 60 + s) * 1000;
  return millis * 1000 + Number(fraction.padEnd(6, '0'));
}

/** A `Date` (as custom avsc logical types may decode) in the unit of the field. */
export function dateToDays(value: Date): number {
  return Math.floor(value.getTime() / MILLIS_PER_DAY);
}
