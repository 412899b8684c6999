import { isLong, LONG_MAX, LONG_MIN, longToJsonValue } from './bigint-long-type';
import { type Converter, JsonKind } from './converter';
import {
  describeValue,
  type FromJsonContext,
  type MappingContext,
  reportIssue,
  reportMismatch,
  valueMismatch,
} from './json-path';

const INT_MIN = -(2 ** 31);
const INT_MAX = 2 ** 31 - 1;
// Canonical decimal integers: no plus sign, no leading zeros (so 20 characters bound every long).
const DECIMAL_LONG = /^-?(?:0|[1-9][0-9]*)$/;
const LONE_SURROGATE = /\p{Cs}/u;
const BASE64_BODY = /^[A-Za-z0-9+/]*$/;
const MAX_LISTED = 20;

/** `a, b, c`, cut after 20 names so that messages stay readable for huge enums and records. */
export function listNames(names: readonly string[]): string {
  return names.length <= MAX_LISTED
    ? names.join(', ')
    : `${names.slice(0, MAX_LISTED).join(', ')}, … (${names.length} in all)`;
}

/** A JSON number that overflowed to ±Infinity while parsing (e.g. 1e400), or NaN from a non-JSON source. */
export function reportNonFinite(context: FromJsonContext, json: number): undefined {
  return reportIssue(context, `${json} is not a finite number (a JSON number beyond ±1.8e308 overflows)`);
}

export function loneSurrogateMessage(text: string): string | undefined {
  const index = text.search(LONE_SURROGATE);
  if (index < 0) return undefined;
  const unit = text.charCodeAt(index).toString(16).toUpperCase();
  return `contains a lone surrogate (\\u${unit} at index ${index}), which UTF-8 cannot encode`;
}

export function hasLoneSurrogate(text: string): boolean {
  return LONE_SURROGATE.test(text);
}

export const nullConverter: Converter = {
  expected: 'null',
  jsonKinds: JsonKind.Null,
  fromJson(json: unknown, context: FromJsonContext): unknown {
    if (json !== null) reportMismatch(context, 'null', json);
    return null;
  },
  toJson(value: unknown, context: MappingContext): unknown {
    return value === null ? null : valueMismatch(context, 'null', value);
  },
};

export const booleanConverter: Converter = {
  expected: 'a boolean',
  jsonKinds: JsonKind.Boolean,
  fromJson(json: unknown, context: FromJsonContext): unknown {
    if (typeof json !== 'boolean') reportMismatch(context, 'a boolean', json);
    return json;
  },
  toJson(value: unknown, context: MappingContext): unknown {
    return typeof value === 'boolean' ? value : valueMismatch(context, 'a boolean', value);
  },
};

/**
 * A JSON integer within [min, max] (an int, or a day count or time of day stored in an int); -0 becomes 0.
 * Reports and returns undefined otherwise.
 */
export function intFromJson(
  json: unknown,
  context: FromJsonContext,
  expected: string,
  min = INT_MIN,
  max = INT_MAX,
  rangeName = `an int (${INT_MIN} to ${INT_MAX})`,
): number | undefined {
  if (typeof json !== 'number') {
    reportMismatch(context, expected, json);
    return undefined;
  }
  if (!Number.isFinite(json)) {
    reportNonFinite(context, json);
    return undefined;
  }
  if (!Number.isInteger(json)) {
    reportMismatch(context, expected, json);
    return undefined;
  }
  if (json < min || json > max) {
    reportIssue(context, `${json} is out of range for ${rangeName}`);
    return undefined;
  }
  return json + 0;
}

const INT_EXPECTED = `an int (a JSON integer from ${INT_MIN} to ${INT_MAX})`;

export const intConverter: Converter = {
  expected: INT_EXPECTED,
  jsonKinds: JsonKind.Number,
  fromJson(json: unknown, context: FromJsonContext): unknown {
    // Fast path: (x | 0) === x exactly for the numbers an int holds (and turns -0 into 0).
    if (typeof json === 'number' && (json | 0) === json) return json | 0;
    return intFromJson(json, context, INT_EXPECTED);
  },
  toJson(value: unknown, context: MappingContext): unknown {
    return typeof value === 'number' && (value | 0) === value
      ? value
      : valueMismatch(context, 'an int', value);
  },
};

/**
 * A long from a safe JSON integer or a decimal string. A JSON number beyond ±(2^53−1) is refused: JSON.parse
 * may already have rounded it, so only a string carries such a long exactly.
 */
export function longFromJson(json: unknown, context: FromJsonContext, expected: string): bigint | undefined {
  if (typeof json === 'number') {
    if (Number.isSafeInteger(json)) return BigInt(json);
    if (!Number.isFinite(json)) reportNonFinite(context, json);
    else if (Number.isInteger(json)) {
      reportIssue(
        context,
        `${json} is beyond ±${Number.MAX_SAFE_INTEGER}, so as a JSON number it may already have lost precision: send this long as a decimal string`,
      );
    } else reportMismatch(context, expected, json);
    return undefined;
  }
  if (typeof json === 'string' && DECIMAL_LONG.test(json)) {
    // Length first: a hostile string of a million digits must not become a bigint.
    const value = json.length <= 20 ? BigInt(json) : undefined;
    if (value !== undefined && isLong(value)) return value;
    reportIssue(context, `${describeValue(json)} is out of range for a long (${LONG_MIN} to ${LONG_MAX})`);
    return undefined;
  }
  reportMismatch(context, expected, json);
  return undefined;
}

const LONG_EXPECTED = `a long (a JSON integer within ±${Number.MAX_SAFE_INTEGER}, or a decimal string)`;

export const longConverter: Converter = {
  expected: LONG_EXPECTED,
  jsonKinds: JsonKind.Number | JsonKind.String,
  fromJson(json: unknown, context: FromJsonContext): unknown {
    return longFromJson(json, context, LONG_EXPECTED);
  },
  toJson(value: unknown, context: MappingContext): unknown {
    if (isLong(value)) return longToJsonValue(value);
    return Number.isSafeInteger(value) ? value : valueMismatch(context, 'a long (bigint)', value);
  },
};

const NON_FINITE: ReadonlyMap<string, number> = new Map([
  ['NaN', Number.NaN],
  ['Infinity', Number.POSITIVE_INFINITY],
  ['-Infinity', Number.NEGATIVE_INFINITY],
]);

function nonFiniteToJson(value: number): number | string {
  if (Number.isNaN(value)) return 'NaN';
  return value > 0 ? 'Infinity' : '-Infinity';
}

/** The shortest decimal that reads back as the same 32-bit float (0.1f prints as 0.1, not 0.100000001…). */
export function shortestFloat(value: number): number {
  if (value === 0) return value;
  for (let digits = 1; digits < 9; digits++) {
    const candidate = Number(value.toPrecision(digits));
    if (Math.fround(candidate) === value) return candidate;
  }
  return value;
}

function floatingConverter(name: 'float' | 'double'): Converter {
  const expected = `a ${name} (a JSON number, or "NaN", "Infinity" or "-Infinity")`;
  const isFloat = name === 'float';
  return {
    expected,
    jsonKinds: JsonKind.Number | JsonKind.String,
    fromJson(json: unknown, context: FromJsonContext): unknown {
      if (typeof json === 'number') {
        if (!Number.isFinite(json)) {
          reportNonFinite(context, json);
          return undefined;
        }
        if (!isFloat) return json;
        const rounded = Math.fround(json);
        if (Number.isFinite(rounded)) return rounded;
        reportIssue(context, `${json} is out of range for a float (±3.4028235e38)`);
        return undefined;
      }
      const special = typeof json === 'string' ? NON_FINITE.get(json) : undefined;
      if (special === undefined) reportMismatch(context, expected, json);
      return special;
    },
    toJson(value: unknown, context: MappingContext): unknown {
      if (typeof value !== 'number') return valueMismatch(context, `a ${name}`, value);
      if (!Number.isFinite(value)) return nonFiniteToJson(value);
      return isFloat ? shortestFloat(value) : value;
    },
  };
}

export const floatConverter = floatingConverter('float');
export const doubleConverter = floatingConverter('double');

export const stringConverter: Converter = {
  expected: 'a string',
  jsonKinds: JsonKind.String,
  fromJson(json: unknown, context: FromJsonContext): unknown {
    if (typeof json !== 'string') {
      reportMismatch(context, 'a string', json);
    } else if (LONE_SURROGATE.test(json)) {
      reportIssue(context, loneSurrogateMessage(json) ?? 'contains a lone surrogate');
    }
    return json;
  },
  toJson(value: unknown, context: MappingContext): unknown {
    return typeof value === 'string' ? value : valueMismatch(context, 'a string', value);
  },
};

/**
 * Strict base64 (standard alphabet; padding optional, but when present it completes the last quartet).
 * Node's decoder skips whatever it does not understand, so the text is checked first.
 */
export function decodeBase64(text: string): Buffer | undefined {
  let end = text.length;
  if (text.endsWith('==')) end -= 2;
  else if (text.endsWith('=')) end -= 1;
  const remainder = end % 4;
  if (remainder === 1) return undefined;
  if (end !== text.length && text.length % 4 !== 0) return undefined;
  if (!BASE64_BODY.test(end === text.length ? text : text.slice(0, end))) return undefined;
  return Buffer.from(text, 'base64');
}

const BYTES_EXPECTED = 'bytes as a base64 string (standard alphabet, padding optional)';

export const bytesConverter: Converter = {
  expected: BYTES_EXPECTED,
  jsonKinds: JsonKind.String,
  fromJson(json: unknown, context: FromJsonContext): unknown {
    const bytes = typeof json === 'string' ? decodeBase64(json) : undefined;
    if (bytes === undefined) reportMismatch(context, BYTES_EXPECTED, json);
    return bytes;
  },
  toJson(value: unknown, context: MappingContext): unknown {
    return Buffer.isBuffer(value)
      ? value.toString('base64')
      : valueMismatch(context, 'bytes (a Buffer)', value);
  },
};

export function fixedConverter(name: string, size: number): Converter {
  const expected = `${size} bytes as a base64 string (fixed ${name})`;
  return {
    expected,
    jsonKinds: JsonKind.String,
    fromJson(json: unknown, context: FromJsonContext): unknown {
      const bytes = typeof json === 'string' ? decodeBase64(json) : undefined;
      if (bytes === undefined) {
        reportMismatch(context, expected, json);
      } else if (bytes.length !== size) {
        reportIssue(context, `decodes to ${bytes.length} bytes, but fixed ${name} holds exactly ${size}`);
      }
      return bytes;
    },
    toJson(value: unknown, context: MappingContext): unknown {
      return Buffer.isBuffer(value) && value.length === size
        ? value.toString('base64')
        : valueMismatch(context, `fixed ${name} (a Buffer of ${size} bytes)`, value);
    },
  };
}

export function enumConverter(name: string, symbols: readonly string[]): Converter {
  const known: ReadonlySet<string> = new Set(symbols);
  const expected = `a symbol of enum ${name} (${listNames(symbols)})`;
  return {
    expected,
    jsonKinds: JsonKind.String,
    fromJson(json: unknown, context: FromJsonContext): unknown {
      if (typeof json !== 'string') {
        reportMismatch(context, expected, json);
      } else if (!known.has(json)) {
        // The enum's default is for readers resolving an unknown symbol, not for input: refuse it here.
        reportIssue(
          context,
          `${describeValue(json)} is not a symbol of enum ${name}; expected one of ${listNames(symbols)}`,
        );
      }
      return json;
    },
    toJson(value: unknown, context: MappingContext): unknown {
      return typeof value === 'string' && known.has(value) ? value : valueMismatch(context, expected, value);
    },
  };
}
