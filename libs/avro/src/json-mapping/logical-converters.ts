import { isLong, longToJsonValue } from './bigint-long-type';
import { type Converter, JsonKind } from './converter';
import {
  formatDecimal,
  fromTwosComplement,
  parseDecimal,
  parseDecimalNumber,
  toTwosComplement,
} from './decimal-text';
import {
  type FromJsonContext,
  type MappingContext,
  reportIssue,
  reportMismatch,
  valueMismatch,
} from './json-path';
import type { LogicalTypeSpec } from './logical-type-spec';
import { intFromJson, longFromJson, reportNonFinite } from './scalar-converters';
import {
  formatDate,
  formatTimeOfDay,
  formatTimestamp,
  MICROS,
  MILLIS,
  parseDate,
  parseTimeOfDay,
  parseTimestamp,
  type TimeUnit,
} from './temporal-text';
import type { TextParseFailure } from './text-parse-failure';
import { canonicalUuid, uuidFromBytes, uuidToBytes } from './uuid-text';

const DIGITS_ONLY = /^-?[0-9]+$/;

/** Reports why text did not parse: not the right shape at all, or a shape with an invalid value. */
function reportParseFailure(
  context: FromJsonContext,
  expected: string,
  json: unknown,
  failure: TextParseFailure | undefined,
): undefined {
  if (failure === undefined) reportMismatch(context, expected, json);
  else reportIssue(context, failure.message);
  return undefined;
}

function dateConverter(): Converter {
  const expected = 'a date as "YYYY-MM-DD" (or an int count of days since 1970-01-01)';
  return {
    expected,
    jsonKinds: JsonKind.String | JsonKind.Number,
    fromJson(json: unknown, context: FromJsonContext): unknown {
      if (typeof json !== 'string') return intFromJson(json, context, expected);
      const days = parseDate(json);
      return typeof days === 'number' ? days : reportParseFailure(context, expected, json, days);
    },
    toJson(value: unknown, context: MappingContext): unknown {
      return typeof value === 'number' && (value | 0) === value
        ? formatDate(value)
        : valueMismatch(context, 'a date (an int of days)', value);
    },
  };
}

function timeMillisConverter(): Converter {
  const expected = 'a time of day as "HH:MM:SS.sss" (or milliseconds since midnight)';
  const range = `time-millis (0 to ${MILLIS.perDay - 1} milliseconds since midnight)`;
  return {
    expected,
    jsonKinds: JsonKind.String | JsonKind.Number,
    fromJson(json: unknown, context: FromJsonContext): unknown {
      if (typeof json !== 'string') return intFromJson(json, context, expected, 0, MILLIS.perDay - 1, range);
      const millis = parseTimeOfDay(json, MILLIS, 'time-millis');
      return typeof millis === 'number' ? millis : reportParseFailure(context, expected, json, millis);
    },
    toJson(value: unknown, context: MappingContext): unknown {
      if (typeof value !== 'number' || (value | 0) !== value) {
        return valueMismatch(context, 'a time-millis (an int)', value);
      }
      // Only a non-conforming producer writes a time outside the day; its raw number still comes out.
      return value >= 0 && value < MILLIS.perDay ? formatTimeOfDay(value, MILLIS) : value;
    },
  };
}

function timeMicrosConverter(): Converter {
  const expected = 'a time of day as "HH:MM:SS.ssssss" (or microseconds since midnight)';
  const perDay = BigInt(MICROS.perDay);
  return {
    expected,
    jsonKinds: JsonKind.String | JsonKind.Number,
    fromJson(json: unknown, context: FromJsonContext): unknown {
      if (typeof json === 'number') {
        if (!Number.isFinite(json)) return reportNonFinite(context, json);
        if (Number.isInteger(json) && json >= 0 && json < MICROS.perDay) return BigInt(json);
        if (!Number.isInteger(json)) return reportMismatch(context, expected, json);
        return reportIssue(
          context,
          `${json} is out of range for time-micros (0 to ${MICROS.perDay - 1} microseconds since midnight)`,
        );
      }
      const micros = typeof json === 'string' ? parseTimeOfDay(json, MICROS, 'time-micros') : undefined;
      return typeof micros === 'number'
        ? BigInt(micros)
        : reportParseFailure(context, expected, json, micros);
    },
    toJson(value: unknown, context: MappingContext): unknown {
      if (!isLong(value)) return valueMismatch(context, 'a time-micros (a bigint)', value);
      return value >= 0n && value < perDay ? formatTimeOfDay(Number(value), MICROS) : longToJsonValue(value);
    },
  };
}

function timestampConverter(logicalType: string, unit: TimeUnit, zoned: boolean): Converter {
  const fraction = unit.fractionDigits === 3 ? '.sss' : '.ssssss';
  const expected = zoned
    ? `a timestamp as "YYYY-MM-DDTHH:MM:SS${fraction}Z" or with an offset like "+07:00" (or a long count of ${unit.name} since 1970-01-01T00:00:00Z)`
    : `a local date and time as "YYYY-MM-DDTHH:MM:SS${fraction}" without zone (or a long count of ${unit.name} since 1970-01-01T00:00:00)`;
  return {
    expected,
    jsonKinds: JsonKind.String | JsonKind.Number,
    fromJson(json: unknown, context: FromJsonContext): unknown {
      if (typeof json !== 'string' || DIGITS_ONLY.test(json)) return longFromJson(json, context, expected);
      const value = parseTimestamp(json, unit, zoned, logicalType);
      return typeof value === 'bigint' ? value : reportParseFailure(context, expected, json, value);
    },
    toJson(value: unknown, context: MappingContext): unknown {
      return isLong(value)
        ? formatTimestamp(value, unit, zoned)
        : valueMismatch(context, `a ${logicalType} (a bigint)`, value);
    },
  };
}

function decimalConverter(precision: number, scale: number, fixedSize: number | undefined): Converter {
  const example = formatDecimal(-123450n, Math.min(scale, 2));
  const expected = `a decimal as a string like "${example}" (at most ${precision} digits, ${scale} after the point)`;
  return {
    expected,
    jsonKinds: JsonKind.String | JsonKind.Number,
    fromJson(json: unknown, context: FromJsonContext): unknown {
      let unscaled: number | bigint | TextParseFailure | undefined;
      if (typeof json === 'string') unscaled = parseDecimal(json, precision, scale);
      else if (typeof json === 'number') {
        if (!Number.isFinite(json)) return reportNonFinite(context, json);
        unscaled = parseDecimalNumber(json, precision, scale);
      }
      if (typeof unscaled === 'object' || unscaled === undefined) {
        return reportParseFailure(context, expected, json, unscaled);
      }
      // The precision was checked against the fixed size when the schema was compiled: this always fits.
      return toTwosComplement(unscaled, fixedSize);
    },
    toJson(value: unknown, context: MappingContext): unknown {
      if (!Buffer.isBuffer(value) || (fixedSize !== undefined && value.length !== fixedSize)) {
        return valueMismatch(context, "a decimal (a Buffer of two's complement bytes)", value);
      }
      return formatDecimal(fromTwosComplement(value), scale);
    },
  };
}

function uuidConverter(fixedSize: number | undefined): Converter {
  const expected = 'a UUID string like "123e4567-e89b-12d3-a456-426614174000"';
  return {
    expected,
    jsonKinds: JsonKind.String,
    fromJson(json: unknown, context: FromJsonContext): unknown {
      const canonical = typeof json === 'string' ? canonicalUuid(json) : undefined;
      if (canonical === undefined) return reportMismatch(context, expected, json);
      return fixedSize === undefined ? canonical : uuidToBytes(canonical);
    },
    toJson(value: unknown, context: MappingContext): unknown {
      if (fixedSize !== undefined) {
        return Buffer.isBuffer(value) && value.length === fixedSize
          ? uuidFromBytes(value)
          : valueMismatch(context, 'a uuid (a Buffer of 16 bytes)', value);
      }
      if (typeof value !== 'string') return valueMismatch(context, 'a uuid (a string)', value);
      // A non-conforming producer's string is passed on as it is.
      return canonicalUuid(value) ?? value;
    },
  };
}

/** The converter of a logical type whose avsc values are raw underlying values. */
export function logicalConverter(spec: LogicalTypeSpec): Converter {
  switch (spec.name) {
    case 'date':
      return dateConverter();
    case 'time-millis':
      return timeMillisConverter();
    case 'time-micros':
      return timeMicrosConverter();
    case 'timestamp-millis':
      return timestampConverter(spec.name, MILLIS, true);
    case 'timestamp-micros':
      return timestampConverter(spec.name, MICROS, true);
    case 'local-timestamp-millis':
      return timestampConverter(spec.name, MILLIS, false);
    case 'local-timestamp-micros':
      return timestampConverter(spec.name, MICROS, false);
    case 'decimal':
      return decimalConverter(spec.precision, spec.scale, spec.fixedSize);
    case 'uuid':
      return uuidConverter(spec.fixedSize);
  }
}
