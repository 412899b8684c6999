import { isJsonObject } from '../schema/json-value';
import { type Converter, JsonKind } from './converter';
import {
  appendKey,
  enterFromJson,
  enterToJson,
  formatPath,
  type FromJsonContext,
  MAP_KEY,
  type MappingContext,
  reportIssue,
  reportMismatch,
  valueMismatch,
} from './json-path';
import { createMapObject } from './prototype-safe-map-type';
import { hasLoneSurrogate, listNames, loneSurrogateMessage } from './scalar-converters';

export function arrayConverter(items: Converter): Converter {
  return {
    expected: 'an array',
    jsonKinds: JsonKind.Array,
    fromJson(json: unknown, context: FromJsonContext): unknown {
      if (!Array.isArray(json)) return reportMismatch(context, 'an array', json);
      if (!enterFromJson(context)) return undefined;
      const { path } = context;
      const length = json.length;
      const array = new Array<unknown>(length);
      path.push(0);
      const last = path.length - 1;
      for (let index = 0; index < length; index++) {
        path[last] = index;
        array[index] = items.fromJson(json[index], context);
      }
      path.pop();
      context.depth--;
      return array;
    },
    toJson(value: unknown, context: MappingContext): unknown {
      if (!Array.isArray(value)) return valueMismatch(context, 'an array', value);
      enterToJson(context);
      const { path } = context;
      const length = value.length;
      const json = new Array<unknown>(length);
      path.push(0);
      const last = path.length - 1;
      for (let index = 0; index < length; index++) {
        path[last] = index;
        json[index] = items.toJson(value[index], context);
      }
      path.pop();
      context.depth--;
      return json;
    },
  };
}

/** Sets a key as plain data: `__proto__` becomes an own property instead of replacing the prototype. */
function setOwn(target: Record<string, unknown>, key: string, value: unknown): void {
  if (key === '__proto__') {
    Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
  } else {
    target[key] = value;
  }
}

/**
 * A map is a JSON object with any keys. The avsc value has no prototype, so every key (`__proto__`,
 * `constructor`) is data; the JSON from `toJson` is an ordinary object where such keys are own properties.
 */
export function mapConverter(values: Converter): Converter {
  return {
    expected: 'an object (a map)',
    jsonKinds: JsonKind.Object,
    fromJson(json: unknown, context: FromJsonContext): unknown {
      if (!isJsonObject(json)) return reportMismatch(context, 'an object (a map)', json);
      if (!enterFromJson(context)) return undefined;
      const { path } = context;
      const map = createMapObject();
      path.push(MAP_KEY, '');
      const last = path.length - 1;
      for (const key of Object.keys(json)) {
        path[last] = key;
        if (hasLoneSurrogate(key)) reportIssue(context, `map key ${loneSurrogateMessage(key) ?? ''}`);
        map[key] = values.fromJson(json[key], context);
      }
      path.length -= 2;
      context.depth--;
      return map;
    },
    toJson(value: unknown, context: MappingContext): unknown {
      if (!isJsonObject(value)) return valueMismatch(context, 'a map (an object)', value);
      enterToJson(context);
      const { path } = context;
      const json: Record<string, unknown> = {};
      path.push(MAP_KEY, '');
      const last = path.length - 1;
      for (const key of Object.keys(value)) {
        path[last] = key;
        setOwn(json, key, values.toJson(value[key], context));
      }
      path.length -= 2;
      context.depth--;
      return json;
    },
  };
}

export interface RecordFieldPlan {
  readonly name: string;
  readonly converter: Converter;
  /** A fresh copy of the field's default as an avsc value; undefined when the field has no default. */
  readonly defaultValue: (() => unknown) | undefined;
}

/**
 * A record is a JSON object of its fields. Keys are looked up as own properties only, so `__proto__` or
 * `constructor` in the JSON are unknown fields like any other, and nothing is assigned but field names.
 * `fields` may be filled after the call, so that recursive records can refer to themselves.
 */
export function recordConverter(name: string, fields: readonly RecordFieldPlan[]): Converter {
  const expected = `an object (record ${name})`;
  let fieldNames: ReadonlySet<string> | undefined;

  function reportUnknownFields(keys: readonly string[], context: FromJsonContext): void {
    fieldNames ??= new Set(fields.map((field) => field.name));
    const prefix = formatPath(context.path);
    for (const key of keys) {
      if (fieldNames.has(key)) continue;
      context.issues.push({
        path: appendKey(prefix, key),
        message: `unknown field: record ${name} has ${listNames(fields.map((field) => field.name))}`,
      });
    }
  }

  return {
    expected,
    jsonKinds: JsonKind.Object,
    fromJson(json: unknown, context: FromJsonContext): unknown {
      if (!isJsonObject(json)) return reportMismatch(context, expected, json);
      if (!enterFromJson(context)) return undefined;
      const { path } = context;
      const record: Record<string, unknown> = {};
      let present = 0;
      for (const field of fields) {
        const fieldName = field.name;
        if (Object.hasOwn(json, fieldName)) {
          present++;
          path.push(fieldName);
          record[fieldName] = field.converter.fromJson(json[fieldName], context);
          path.pop();
        } else if (field.defaultValue !== undefined) {
          record[fieldName] = field.defaultValue();
        } else {
          path.push(fieldName);
          reportIssue(context, 'required field missing');
          path.pop();
        }
      }
      const keys = Object.keys(json);
      if (keys.length !== present) reportUnknownFields(keys, context);
      context.depth--;
      return record;
    },
    toJson(value: unknown, context: MappingContext): unknown {
      if (typeof value !== 'object' || value === null || Array.isArray(value)) {
        return valueMismatch(context, `record ${name}`, value);
      }
      enterToJson(context);
      const source = value as Record<string, unknown>;
      const { path } = context;
      const json: Record<string, unknown> = {};
      for (const field of fields) {
        path.push(field.name);
        json[field.name] = field.converter.toJson(source[field.name], context);
        path.pop();
      }
      context.depth--;
      return json;
    },
  };
}
