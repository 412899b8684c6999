import { AvroJsonMapper } from './avro-json-mapper';
import { LONG_MAX, LONG_MIN } from './bigint-long-type';
import type { JsonMappingIssue } from './json-mapping-issue';

function mapperFor(type: unknown): AvroJsonMapper {
  return AvroJsonMapper.forSchema({ type: 'record', name: 'Probe', fields: [{ name: 'v', type }] });
}

function valueOf(mapper: AvroJsonMapper, json: unknown): unknown {
  const result = mapper.fromJson({ v: json });
  if ('issues' in result) throw new Error(`unexpected issues: ${JSON.stringify(result.issues)}`);
  return (result.value as { v: unknown }).v;
}

function issuesOf(mapper: AvroJsonMapper, json: unknown): JsonMappingIssue[] {
  const result = mapper.fromJson({ v: json });
  return 'issues' in result ? result.issues : [];
}

function roundTrip(mapper: AvroJsonMapper, json: unknown): unknown {
  return (mapper.toJson(mapper.decode(mapper.encode({ v: valueOf(mapper, json) }))) as { v: unknown }).v;
}

/** JSON out for a raw value written by someone else (a producer that does not go through the mapper). */
function jsonOfRaw(mapper: AvroJsonMapper, value: unknown): unknown {
  return (mapper.toJson(mapper.decode(mapper.encode({ v: value }))) as { v: unknown }).v;
}

const date = { type: 'int', logicalType: 'date' };
const timeMillis = { type: 'int', logicalType: 'time-millis' };
const timeMicros = { type: 'long', logicalType: 'time-micros' };
const timestampMillis = { type: 'long', logicalType: 'timestamp-millis' };
const timestampMicros = { type: 'long', logicalType: 'timestamp-micros' };
const localMillis = { type: 'long', logicalType: 'local-timestamp-millis' };
const localMicros = { type: 'long', logicalType: 'local-timestamp-micros' };
const money = { type: 'bytes', logicalType: 'decimal', precision: 20, scale: 2 };
const fixedMoney = {
  type: 'fixed',
  name: 'Rupiah',
  size: 8,
  logicalType: 'decimal',
  precision: 18,
  scale: 4,
};
const wholeNumber = { type: 'bytes', logicalType: 'decimal', precision: 5 };
const uuid = { type: 'string', logicalType: 'uuid' };
const fixedUuid = { type: 'fixed', name: 'Uuid', size: 16, logicalType: 'uuid' };

const DATE = 'a date as "YYYY-MM-DD" (or an int count of days since 1970-01-01)';
const TIME_MILLIS = 'a time of day as "HH:MM:SS.sss" (or milliseconds since midnight)';
const TIME_MICROS = 'a time of day as "HH:MM:SS.ssssss" (or microseconds since midnight)';
const TIMESTAMP_MILLIS =
  'a timestamp as "YYYY-MM-DDTHH:MM:SS.sssZ" or with an offset like "+07:00" (or a long count of millis since 1970-01-01T00:00:00Z)';
const MONEY = 'a decimal as a string like "-1234.50" (at most 20 digits, 2 after the point)';
const UUID = 'a UUID string like "123e4567-e89b-12d3-a456-426614174000"';
const INEXACT =
  'may not be what was sent (a JSON number beyond ±(2^53−1), with an exponent or with more than 15 significant digits): send the decimal as a string';

describe('JSON mapping of logical types', () => {
  describe.each<[string, unknown, unknown, unknown, unknown]>([
    // [case, type, JSON in, avsc value, JSON out]
    ['date', date, '2024-02-29', 19782, '2024-02-29'],
    ['date at the epoch', date, '1970-01-01', 0, '1970-01-01'],
    ['date before the epoch', date, '1969-12-31', -1, '1969-12-31'],
    ['date in year 2000 (leap)', date, '2000-02-29', 11016, '2000-02-29'],
    ['date in year 0000', date, '0000-01-01', -719528, '0000-01-01'],
    ['date in year 9999', date, '9999-12-31', 2932896, '9999-12-31'],
    ['date in year 10000', date, '+010000-01-01', 2932897, '+010000-01-01'],
    ['date in year -1', date, '-000001-12-31', -719529, '-000001-12-31'],
    ['date with a seven-digit year', date, '+0020240-01-01', 6672980, '+020240-01-01'],
    ['date as days', date, 19782, 19782, '2024-02-29'],
    ['date at the int maximum', date, 2147483647, 2147483647, '+5881580-07-11'],
    ['date at the int minimum', date, -2147483648, -2147483648, '-5877641-06-23'],
    ['date at the int maximum as text', date, '+5881580-07-11', 2147483647, '+5881580-07-11'],
    ['time-millis', timeMillis, '12:30:05.500', 45005500, '12:30:05.500'],
    ['time-millis without fraction', timeMillis, '00:00:00', 0, '00:00:00.000'],
    ['time-millis with a short fraction', timeMillis, '12:30:05.5', 45005500, '12:30:05.500'],
    ['time-millis at the end of the day', timeMillis, '23:59:59.999', 86399999, '23:59:59.999'],
    ['time-millis as milliseconds', timeMillis, 45005500, 45005500, '12:30:05.500'],
    ['time-micros', timeMicros, '12:30:05.123456', 45005123456n, '12:30:05.123456'],
    ['time-micros without fraction', timeMicros, '23:59:59', 86399000000n, '23:59:59.000000'],
    ['time-micros as microseconds', timeMicros, 86399999999, 86399999999n, '23:59:59.999999'],
    [
      'timestamp-millis in UTC',
      timestampMillis,
      '2024-03-01T00:00:00Z',
      1709251200000n,
      '2024-03-01T00:00:00.000Z',
    ],
    [
      'timestamp-millis in WIB',
      timestampMillis,
      '2024-03-01T07:00:00+07:00',
      1709251200000n,
      '2024-03-01T00:00:00.000Z',
    ],
    [
      'timestamp-millis with a negative offset',
      timestampMillis,
      '2024-02-29T23:30:00-00:30',
      1709251200000n,
      '2024-03-01T00:00:00.000Z',
    ],
    [
      'timestamp-millis in lowercase',
      timestampMillis,
      '2024-03-01t00:00:00.5z',
      1709251200500n,
      '2024-03-01T00:00:00.500Z',
    ],
    [
      'timestamp-millis before the epoch',
      timestampMillis,
      '1969-12-31T23:59:59.999Z',
      -1n,
      '1969-12-31T23:59:59.999Z',
    ],
    [
      'timestamp-millis as a number',
      timestampMillis,
      1709251200000,
      1709251200000n,
      '2024-03-01T00:00:00.000Z',
    ],
    [
      'timestamp-millis as a decimal string',
      timestampMillis,
      '1709251200000',
      1709251200000n,
      '2024-03-01T00:00:00.000Z',
    ],
    [
      'timestamp-millis at the long maximum',
      timestampMillis,
      '9223372036854775807',
      LONG_MAX,
      '+292278994-08-17T07:12:55.807Z',
    ],
    [
      'timestamp-millis at the long minimum',
      timestampMillis,
      '-9223372036854775808',
      LONG_MIN,
      '-292275055-05-16T16:47:04.192Z',
    ],
    [
      'timestamp-millis at the long maximum as text',
      timestampMillis,
      '+292278994-08-17T07:12:55.807Z',
      LONG_MAX,
      '+292278994-08-17T07:12:55.807Z',
    ],
    [
      'timestamp-micros',
      timestampMicros,
      '2024-03-01T00:00:00.123456Z',
      1709251200123456n,
      '2024-03-01T00:00:00.123456Z',
    ],
    [
      'timestamp-micros in WITA',
      timestampMicros,
      '2024-03-01T08:00:00.000001+08:00',
      1709251200000001n,
      '2024-03-01T00:00:00.000001Z',
    ],
    [
      'timestamp-micros beyond 2^53',
      timestampMicros,
      '2300-01-01T00:00:00Z',
      10413792000000000n,
      '2300-01-01T00:00:00.000000Z',
    ],
    [
      'timestamp-micros at the long maximum',
      timestampMicros,
      '9223372036854775807',
      LONG_MAX,
      '+294247-01-10T04:00:54.775807Z',
    ],
    [
      'timestamp-micros at the long minimum',
      timestampMicros,
      '-9223372036854775808',
      LONG_MIN,
      '-290308-12-21T19:59:05.224192Z',
    ],
    [
      'timestamp-micros at the long minimum as text',
      timestampMicros,
      '-290308-12-21T19:59:05.224192Z',
      LONG_MIN,
      '-290308-12-21T19:59:05.224192Z',
    ],
    ['local-timestamp-millis', localMillis, '2024-03-01T07:00:00', 1709276400000n, '2024-03-01T07:00:00.000'],
    [
      'local-timestamp-micros',
      localMicros,
      '2024-03-01T07:00:00.000001',
      1709276400000001n,
      '2024-03-01T07:00:00.000001',
    ],
    ['local-timestamp-micros as a number', localMicros, 0, 0n, '1970-01-01T00:00:00.000000'],
    ['decimal', money, '-1234.50', Buffer.from('fe1dc6', 'hex'), '-1234.50'],
    ['decimal with fewer fraction digits', money, '1234.5', Buffer.from('01e23a', 'hex'), '1234.50'],
    ['decimal zero', money, '0', Buffer.from([0]), '0.00'],
    ['decimal negative zero', money, '-0.00', Buffer.from([0]), '0.00'],
    ['decimal below one', money, '-0.05', Buffer.from([0xfb]), '-0.05'],
    ['decimal with leading zeros', money, '007.10', Buffer.from([0x02, 0xc6]), '7.10'],
    [
      'decimal at the precision',
      money,
      '999999999999999999.99',
      Buffer.from('056bc75e2d630fffff', 'hex'),
      '999999999999999999.99',
    ],
    ['decimal needing a sign byte', money, '1.28', Buffer.from([0x00, 0x80]), '1.28'],
    ['decimal as a JSON integer', money, 12, Buffer.from([0x04, 0xb0]), '12.00'],
    ['decimal as a JSON number', money, 1234.5, Buffer.from('01e23a', 'hex'), '1234.50'],
    ['decimal as a small JSON number', money, 0.1, Buffer.from([0x0a]), '0.10'],
    [
      'decimal as the largest safe JSON integer',
      { ...money, precision: 30 },
      9007199254740991,
      Buffer.from('0c7fffffffffff9c', 'hex'),
      '9007199254740991.00',
    ],
    ['decimal of scale 0', wholeNumber, '-7', Buffer.from([0xf9]), '-7'],
    ['decimal on a fixed', fixedMoney, '-1.5', Buffer.from('ffffffffffffc568', 'hex'), '-1.5000'],
    [
      'decimal on a fixed at the precision',
      fixedMoney,
      '99999999999999.9999',
      Buffer.from('0de0b6b3a763ffff', 'hex'),
      '99999999999999.9999',
    ],
    [
      'uuid',
      uuid,
      '123e4567-e89b-12d3-a456-426614174000',
      '123e4567-e89b-12d3-a456-426614174000',
      '123e4567-e89b-12d3-a456-426614174000',
    ],
    [
      'uuid in uppercase',
      uuid,
      '123E4567-E89B-12D3-A456-426614174000',
      '123e4567-e89b-12d3-a456-426614174000',
      '123e4567-e89b-12d3-a456-426614174000',
    ],
    [
      'uuid nil',
      uuid,
      '00000000-0000-0000-0000-000000000000',
      '00000000-0000-0000-0000-000000000000',
      '00000000-0000-0000-0000-000000000000',
    ],
    [
      'uuid on a fixed',
      fixedUuid,
      '123E4567-e89b-12d3-a456-426614174000',
      Buffer.from('123e4567e89b12d3a456426614174000', 'hex'),
      '123e4567-e89b-12d3-a456-426614174000',
    ],
  ])('%s', (_name, type, json, value, out) => {
    const mapper = mapperFor(type);

    it('maps JSON to the raw avsc value', () => {
      expect(valueOf(mapper, json)).toEqual(value);
    });

    it('maps the decoded value back to the normalised JSON', () => {
      expect(roundTrip(mapper, json)).toEqual(out);
    });

    it('accepts its own JSON out', () => {
      expect(roundTrip(mapper, out)).toEqual(out);
    });
  });

  it.each<[string, unknown, unknown, string]>([
    // [case, type, JSON in, message at path `v`]
    [
      'date on February 29 of a common year',
      date,
      '2023-02-29',
      '"2023-02-29" has no valid day: 2023-02 has 28 days',
    ],
    ['date on February 29 of 1900', date, '1900-02-29', '"1900-02-29" has no valid day: 1900-02 has 28 days'],
    ['date on April 31', date, '2024-04-31', '"2024-04-31" has no valid day: 2024-04 has 30 days'],
    ['date on day 0', date, '2024-04-00', '"2024-04-00" has no valid day: 2024-04 has 30 days'],
    ['date in month 13', date, '2024-13-01', '"2024-13-01" has no valid month (01-12)'],
    ['date in month 0', date, '2024-00-10', '"2024-00-10" has no valid month (01-12)'],
    [
      'date beyond the int range',
      date,
      '+5881580-07-12',
      '"+5881580-07-12" is out of range for a date (32-bit count of days)',
    ],
    ['date without zero padding', date, '2024-1-01', `expected ${DATE}, got "2024-1-01"`],
    ['date with a five-digit year', date, '20240-01-01', `expected ${DATE}, got "20240-01-01"`],
    ['date with a time', date, '2024-01-01T00:00:00Z', `expected ${DATE}, got "2024-01-01T00:00:00Z"`],
    ['date in another format', date, '01/03/2024', `expected ${DATE}, got "01/03/2024"`],
    ['date with a ten-digit year', date, '+1234567890-01-01', `expected ${DATE}, got "+1234567890-01-01"`],
    ['date with a signed four-digit year', date, '+2024-01-01', `expected ${DATE}, got "+2024-01-01"`],
    ['date with a trailing space', date, '2024-01-01 ', `expected ${DATE}, got "2024-01-01 "`],
    ['date with a letter for a digit', date, '2024-O1-01', `expected ${DATE}, got "2024-O1-01"`],
    ['date empty', date, '', `expected ${DATE}, got ""`],
    ['date as a fraction of days', date, 1.5, `expected ${DATE}, got 1.5`],
    [
      'date beyond the int range as days',
      date,
      2147483648,
      '2147483648 is out of range for an int (-2147483648 to 2147483647)',
    ],
    ['date as a boolean', date, true, `expected ${DATE}, got true`],
    [
      'time-millis at 24:00',
      timeMillis,
      '24:00:00',
      '"24:00:00" has no valid time of day (hours 00-23, minutes and seconds 00-59, no leap seconds)',
    ],
    [
      'time-millis on a leap second',
      timeMillis,
      '23:59:60',
      '"23:59:60" has no valid time of day (hours 00-23, minutes and seconds 00-59, no leap seconds)',
    ],
    [
      'time-millis with minute 60',
      timeMillis,
      '12:60:00',
      '"12:60:00" has no valid time of day (hours 00-23, minutes and seconds 00-59, no leap seconds)',
    ],
    [
      'time-millis with 4 fraction digits',
      timeMillis,
      '12:30:05.1234',
      '"12:30:05.1234" has 4 fraction digits, more than the 3 that time-millis keeps',
    ],
    ['time-millis without seconds', timeMillis, '12:30', `expected ${TIME_MILLIS}, got "12:30"`],
    ['time-millis with a one-digit hour', timeMillis, '1:02:03', `expected ${TIME_MILLIS}, got "1:02:03"`],
    [
      'time-millis with a point but no fraction',
      timeMillis,
      '12:30:05.',
      `expected ${TIME_MILLIS}, got "12:30:05."`,
    ],
    ['time-millis with dots for colons', timeMillis, '12.30.05', `expected ${TIME_MILLIS}, got "12.30.05"`],
    ['time-millis with a zone', timeMillis, '12:30:00Z', `expected ${TIME_MILLIS}, got "12:30:00Z"`],
    [
      'time-millis of a whole day',
      timeMillis,
      86400000,
      '86400000 is out of range for time-millis (0 to 86399999 milliseconds since midnight)',
    ],
    [
      'time-millis negative',
      timeMillis,
      -1,
      '-1 is out of range for time-millis (0 to 86399999 milliseconds since midnight)',
    ],
    [
      'time-micros with 7 fraction digits',
      timeMicros,
      '12:30:05.1234567',
      '"12:30:05.1234567" has 7 fraction digits, more than the 6 that time-micros keeps',
    ],
    [
      'time-micros of a whole day',
      timeMicros,
      86400000000,
      '86400000000 is out of range for time-micros (0 to 86399999999 microseconds since midnight)',
    ],
    ['time-micros as a fraction', timeMicros, 1.5, `expected ${TIME_MICROS}, got 1.5`],
    ['time-micros as a boolean', timeMicros, false, `expected ${TIME_MICROS}, got false`],
    [
      'time-micros overflowed',
      timeMicros,
      JSON.parse('1e400'),
      'Infinity is not a finite number (a JSON number beyond ±1.8e308 overflows)',
    ],
    [
      'timestamp-millis without zone',
      timestampMillis,
      '2024-03-01T00:00:00',
      '"2024-03-01T00:00:00" has no zone: timestamp-millis needs "Z" or an offset like "+07:00"',
    ],
    [
      'timestamp-millis with 4 fraction digits',
      timestampMillis,
      '2024-03-01T00:00:00.1234Z',
      '"2024-03-01T00:00:00.1234Z" has 4 fraction digits, more than the 3 that timestamp-millis keeps',
    ],
    [
      'timestamp-millis with 6 zero fraction digits',
      timestampMillis,
      '2024-03-01T00:00:00.000000Z',
      '"2024-03-01T00:00:00.000000Z" has 6 fraction digits, more than the 3 that timestamp-millis keeps',
    ],
    [
      'timestamp-millis with offset 24:00',
      timestampMillis,
      '2024-03-01T00:00:00+24:00',
      '"2024-03-01T00:00:00+24:00" has no valid zone offset (±00:00 to ±23:59)',
    ],
    [
      'timestamp-millis on a leap second',
      timestampMillis,
      '2016-12-31T23:59:60Z',
      '"2016-12-31T23:59:60Z" has no valid time of day (hours 00-23, minutes and seconds 00-59, no leap seconds)',
    ],
    [
      'timestamp-millis on February 30',
      timestampMillis,
      '2024-02-30T00:00:00Z',
      '"2024-02-30T00:00:00Z" has no valid day: 2024-02 has 29 days',
    ],
    [
      'timestamp-millis beyond the long range',
      timestampMillis,
      '+292278994-08-17T07:12:55.808Z',
      '"+292278994-08-17T07:12:55.808Z" is out of range for timestamp-millis (a 64-bit count of millis)',
    ],
    [
      'timestamp-millis with a space',
      timestampMillis,
      '2024-03-01 00:00:00Z',
      `expected ${TIMESTAMP_MILLIS}, got "2024-03-01 00:00:00Z"`,
    ],
    [
      'timestamp-millis with a compact offset',
      timestampMillis,
      '2024-03-01T00:00:00+0700',
      `expected ${TIMESTAMP_MILLIS}, got "2024-03-01T00:00:00+0700"`,
    ],
    [
      'timestamp-millis without seconds',
      timestampMillis,
      '2024-03-01T00:00Z',
      `expected ${TIMESTAMP_MILLIS}, got "2024-03-01T00:00Z"`,
    ],
    [
      'timestamp-millis with a point but no fraction',
      timestampMillis,
      '2024-03-01T00:00:00.Z',
      `expected ${TIMESTAMP_MILLIS}, got "2024-03-01T00:00:00.Z"`,
    ],
    [
      'timestamp-millis with an hour-only offset',
      timestampMillis,
      '2024-03-01T00:00:00+07',
      `expected ${TIMESTAMP_MILLIS}, got "2024-03-01T00:00:00+07"`,
    ],
    [
      'timestamp-millis with a zone name',
      timestampMillis,
      '2024-03-01T00:00:00 WIB',
      `expected ${TIMESTAMP_MILLIS}, got "2024-03-01T00:00:00 WIB"`,
    ],
    [
      'timestamp-millis with text after the zone',
      timestampMillis,
      '2024-03-01T00:00:00Zx',
      `expected ${TIMESTAMP_MILLIS}, got "2024-03-01T00:00:00Zx"`,
    ],
    [
      'timestamp-millis with a trailing space',
      timestampMillis,
      '2024-03-01T00:00:00+07:00 ',
      `expected ${TIMESTAMP_MILLIS}, got "2024-03-01T00:00:00+07:00 "`,
    ],
    [
      'timestamp-millis with offset minutes 60',
      timestampMillis,
      '2024-03-01T00:00:00+07:60',
      '"2024-03-01T00:00:00+07:60" has no valid zone offset (±00:00 to ±23:59)',
    ],
    [
      'timestamp-millis as a date',
      timestampMillis,
      '2024-03-01',
      `expected ${TIMESTAMP_MILLIS}, got "2024-03-01"`,
    ],
    ['timestamp-millis as a fraction', timestampMillis, 1.5, `expected ${TIMESTAMP_MILLIS}, got 1.5`],
    [
      'timestamp-millis as a number beyond 2^53',
      timestampMillis,
      9007199254740992,
      '9007199254740992 is beyond ±9007199254740991, so as a JSON number it may already have lost precision: send this long as a decimal string',
    ],
    [
      'timestamp-micros with 7 fraction digits',
      timestampMicros,
      '2024-03-01T00:00:00.1234567Z',
      '"2024-03-01T00:00:00.1234567Z" has 7 fraction digits, more than the 6 that timestamp-micros keeps',
    ],
    [
      'timestamp-micros beyond the long range',
      timestampMicros,
      '+294247-01-10T04:00:54.775808Z',
      '"+294247-01-10T04:00:54.775808Z" is out of range for timestamp-micros (a 64-bit count of micros)',
    ],
    [
      'local-timestamp-millis with a zone',
      localMillis,
      '2024-03-01T07:00:00Z',
      '"2024-03-01T07:00:00Z" has a zone, but local-timestamp-millis is a local date and time without one',
    ],
    [
      'local-timestamp-micros with an offset',
      localMicros,
      '2024-03-01T07:00:00+07:00',
      '"2024-03-01T07:00:00+07:00" has a zone, but local-timestamp-micros is a local date and time without one',
    ],
    [
      'decimal with more fraction digits than the scale',
      money,
      '1.234',
      '"1.234" has 3 fraction digits, more than the scale 2',
    ],
    [
      'decimal with trailing zeros beyond the scale',
      money,
      '1.500',
      '"1.500" has 3 fraction digits, more than the scale 2',
    ],
    [
      'decimal with more digits than the precision',
      money,
      '9999999999999999999.99',
      '"9999999999999999999.99" has 21 significant digits, more than the precision 20',
    ],
    [
      'decimal of scale 0 with a fraction',
      wholeNumber,
      '1.0',
      '"1.0" has 1 fraction digits, more than the scale 0',
    ],
    [
      'decimal on a fixed beyond the precision',
      fixedMoney,
      '100000000000000',
      '"100000000000000" has 19 significant digits, more than the precision 18',
    ],
    ['decimal with an exponent', money, '1e3', `expected ${MONEY}, got "1e3"`],
    ['decimal without integer digits', money, '.5', `expected ${MONEY}, got ".5"`],
    ['decimal without fraction digits', money, '5.', `expected ${MONEY}, got "5."`],
    ['decimal with a plus sign', money, '+1', `expected ${MONEY}, got "+1"`],
    ['decimal with a space', money, ' 1', `expected ${MONEY}, got " 1"`],
    ['decimal with a thousands separator', money, '1,234.50', `expected ${MONEY}, got "1,234.50"`],
    ['decimal with a decimal comma', money, '1234,50', `expected ${MONEY}, got "1234,50"`],
    [
      'decimal as a number with too many fraction digits',
      money,
      0.125,
      '"0.125" has 3 fraction digits, more than the scale 2',
    ],
    ['decimal as a number with an exponent', money, 1e21, `1e+21 ${INEXACT}`],
    [
      'decimal as a number beyond 2^53',
      { ...money, precision: 30 },
      9007199254740992,
      `9007199254740992 ${INEXACT}`,
    ],
    ['decimal as a number of 17 digits', money, 123456789012345.67, `123456789012345.67 ${INEXACT}`],
    [
      'decimal as an overflowed number',
      money,
      JSON.parse('1e400'),
      'Infinity is not a finite number (a JSON number beyond ±1.8e308 overflows)',
    ],
    ['decimal as a boolean', money, true, `expected ${MONEY}, got true`],
    [
      'uuid without dashes',
      uuid,
      '123e4567e89b12d3a456426614174000',
      `expected ${UUID}, got "123e4567e89b12d3a456426614174000"`,
    ],
    [
      'uuid in braces',
      uuid,
      '{123e4567-e89b-12d3-a456-426614174000}',
      `expected ${UUID}, got "{123e4567-e89b-12d3-a456-426614174000}"`,
    ],
    [
      'uuid with a non-hex digit',
      uuid,
      '123e4567-e89b-12d3-a456-42661417400g',
      `expected ${UUID}, got "123e4567-e89b-12d3-a456-42661417400g"`,
    ],
    [
      'uuid with a hyphen out of place',
      uuid,
      '123e4567e-89b-12d3-a456-426614174000',
      `expected ${UUID}, got "123e4567e-89b-12d3-a456-426614174000"`,
    ],
    ['uuid given a number', uuid, 123, `expected ${UUID}, got 123`],
    [
      'uuid on a fixed, too short',
      fixedUuid,
      '123e4567-e89b-12d3-a456-4266141740',
      `expected ${UUID}, got "123e4567-e89b-12d3-a456-4266141740"`,
    ],
  ])('refuses %s', (_name, type, json, message) => {
    expect(issuesOf(mapperFor(type), json)).toEqual([{ path: 'v', message }]);
  });

  describe('values only a non-conforming producer writes', () => {
    it('gives a time-millis outside the day as its number', () => {
      expect(jsonOfRaw(mapperFor(timeMillis), 86400000)).toBe(86400000);
      expect(jsonOfRaw(mapperFor(timeMillis), -1)).toBe(-1);
    });

    it('gives a time-micros outside the day as its long', () => {
      expect(jsonOfRaw(mapperFor(timeMicros), -1n)).toBe(-1);
      expect(jsonOfRaw(mapperFor(timeMicros), LONG_MAX)).toBe('9223372036854775807');
    });

    it('gives a uuid string that is not a uuid as it is', () => {
      const mapper = mapperFor(uuid);
      const payload = mapperFor('string').encode({ v: 'bukan-uuid' });
      expect(mapper.toJson(mapper.decode(payload))).toEqual({ v: 'bukan-uuid' });
    });

    it('gives a decimal beyond its precision with all its digits, and an empty one as zero', () => {
      const mapper = mapperFor(wholeNumber);
      expect(
        mapper.toJson(mapper.decode(mapperFor('bytes').encode({ v: Buffer.from('0f4240', 'hex') }))),
      ).toEqual({
        v: '1000000',
      });
      expect(mapper.toJson(mapper.decode(mapperFor('bytes').encode({ v: Buffer.alloc(0) })))).toEqual({
        v: '0',
      });
    });

    it('refuses to encode such values itself', () => {
      expect(() => mapperFor(wholeNumber).encode({ v: Buffer.from('0f4240', 'hex') })).toThrow(
        'decimal value has more than 5 digits',
      );
      expect(() => mapperFor(uuid).encode({ v: 'bukan-uuid' })).toThrow('not a uuid');
      expect(mapperFor(uuid).type.isValid({ v: 'bukan-uuid' })).toBe(false);
      expect(mapperFor(wholeNumber).type.isValid({ v: Buffer.from([1]) })).toBe(true);
    });
  });

  describe('invalid logical type attributes: the underlying type applies', () => {
    it.each<[string, unknown, unknown, unknown]>([
      // [case, type, JSON in, avsc value]
      ['date on a long', { type: 'long', logicalType: 'date' }, 5, 5n],
      ['date on a string', { type: 'string', logicalType: 'date' }, 'kemarin', 'kemarin'],
      ['timestamp-millis on an int', { type: 'int', logicalType: 'timestamp-millis' }, 5, 5],
      ['time-micros on an int', { type: 'int', logicalType: 'time-micros' }, 5, 5],
      ['decimal without precision', { type: 'bytes', logicalType: 'decimal' }, 'AQ==', Buffer.from([1])],
      [
        'decimal with precision 0',
        { type: 'bytes', logicalType: 'decimal', precision: 0 },
        'AQ==',
        Buffer.from([1]),
      ],
      [
        'decimal with a fractional precision',
        { type: 'bytes', logicalType: 'decimal', precision: 1.5 },
        'AQ==',
        Buffer.from([1]),
      ],
      [
        'decimal with a string precision',
        { type: 'bytes', logicalType: 'decimal', precision: '5' },
        'AQ==',
        Buffer.from([1]),
      ],
      [
        'decimal with scale above precision',
        { type: 'bytes', logicalType: 'decimal', precision: 2, scale: 3 },
        'AQ==',
        Buffer.from([1]),
      ],
      [
        'decimal with a negative scale',
        { type: 'bytes', logicalType: 'decimal', precision: 2, scale: -1 },
        'AQ==',
        Buffer.from([1]),
      ],
      [
        'decimal too precise for its fixed size',
        { type: 'fixed', name: 'Sempit', size: 8, logicalType: 'decimal', precision: 19 },
        'AAAAAAAAAAE=',
        Buffer.from('0000000000000001', 'hex'),
      ],
      ['decimal on a string', { type: 'string', logicalType: 'decimal', precision: 4 }, '1.5', '1.5'],
      [
        'uuid on a fixed of 15',
        { type: 'fixed', name: 'Pendek', size: 15, logicalType: 'uuid' },
        'AAAAAAAAAAAAAAAAAAAA',
        Buffer.alloc(15),
      ],
      ['uuid on bytes', { type: 'bytes', logicalType: 'uuid' }, 'AQ==', Buffer.from([1])],
      ['an unknown logical type', { type: 'string', logicalType: 'nomor-induk' }, 'abc', 'abc'],
      [
        'duration (not mapped)',
        { type: 'fixed', name: 'Durasi', size: 12, logicalType: 'duration' },
        'AAAAAAAAAAAAAAAA',
        Buffer.alloc(12),
      ],
      [
        'timestamp-nanos (not mapped)',
        { type: 'long', logicalType: 'timestamp-nanos' },
        '9223372036854775807',
        LONG_MAX,
      ],
    ])('%s', (_name, type, json, value) => {
      const mapper = mapperFor(type);
      expect(valueOf(mapper, json)).toEqual(value);
      expect(roundTrip(mapper, json)).toEqual(json);
    });
  });

  it('formats timestamps as JavaScript does over the whole Date range', () => {
    const mapper = mapperFor(timestampMillis);
    const random = seededRandom(20240301);
    for (let index = 0; index < 2000; index++) {
      const millis = Math.round((random() * 2 - 1) * 8.64e15);
      const json = jsonOfRaw(mapper, BigInt(millis));
      expect(json).toBe(new Date(millis).toISOString());
      expect(valueOf(mapper, json)).toBe(BigInt(millis));
      expect(valueOf(mapper, new Date(millis).toISOString())).toBe(BigInt(millis));
    }
  });

  it('maps every long timestamp to text and back, in every unit', () => {
    const random = seededRandom(17081945);
    const bytes = Buffer.alloc(8);
    for (const type of [timestampMillis, timestampMicros, localMillis, localMicros]) {
      const mapper = mapperFor(type);
      for (let index = 0; index < 500; index++) {
        for (let offset = 0; offset < 8; offset++) bytes[offset] = Math.floor(random() * 256);
        const value = bytes.readBigInt64LE(0);
        const json = jsonOfRaw(mapper, value);
        expect(typeof json).toBe('string');
        expect(valueOf(mapper, json)).toBe(value);
      }
    }
  });

  it('maps every int date to text and back, agreeing with JavaScript where it has dates', () => {
    const mapper = mapperFor(date);
    const random = seededRandom(1945);
    for (let index = 0; index < 2000; index++) {
      const days = Math.floor(random() * 2 ** 32) - 2 ** 31;
      const json = jsonOfRaw(mapper, days);
      expect(valueOf(mapper, json)).toBe(days);
      if (Math.abs(days) <= 1e8) expect(json).toBe(new Date(days * 86_400_000).toISOString().slice(0, -14));
    }
  });

  it("maps decimals of every size through two's complement and back", () => {
    const mapper = mapperFor({ type: 'bytes', logicalType: 'decimal', precision: 60, scale: 7 });
    const random = seededRandom(4);
    for (let index = 0; index < 1000; index++) {
      const length = 1 + Math.floor(random() * 60);
      let digits = '';
      for (let digit = 0; digit < length; digit++) digits += String(Math.floor(random() * 10));
      const unscaled = BigInt(digits) * (random() < 0.5 ? -1n : 1n);
      const text = formatExpected(unscaled, 7);
      expect(roundTrip(mapper, text)).toBe(text);
    }
  });
});

/** What a decimal's text should be, computed independently of the code under test. */
function formatExpected(unscaled: bigint, scale: number): string {
  const negative = unscaled < 0n;
  const magnitude = negative ? -unscaled : unscaled;
  const divisor = 10n ** BigInt(scale);
  const text = `${magnitude / divisor}.${(magnitude % divisor).toString().padStart(scale, '0')}`;
  return negative && magnitude !== 0n ? `-${text}` : text;
}

/** A small deterministic generator (mulberry32), so that a failing case can be replayed. */
function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let mixed = Math.imul(state ^ (state >>> 15), 1 | state);
    mixed = (mixed + Math.imul(mixed ^ (mixed >>> 7), 61 | mixed)) ^ mixed;
    return ((mixed ^ (mixed >>> 14)) >>> 0) / 2 ** 32;
  };
}
