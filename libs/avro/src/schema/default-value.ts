import { describeJson, isJsonObject } from './json-value';
import type { SchemaNode } from './schema-model';

const INT_MIN = -(2 ** 31);
const INT_MAX = 2 ** 31 - 1;
// JSON numbers beyond 2^53 are already rounded by JSON.parse, so the 64-bit bound is the best check possible.
const LONG_LIMIT = 2 ** 63;

// Avro encodes bytes and fixed defaults as strings whose code points 0-255 are the byte values.
function isByteString(value: unknown): value is string {
  return typeof value === 'string' && [...value].every((char) => char.charCodeAt(0) <= 0xff);
}

/** How a type is named in messages: `int`, `record 'a.B'`, `array`. */
function describeNode(node: SchemaNode): string {
  switch (node.kind) {
    case 'record':
    case 'enum':
    case 'fixed':
      return `${node.kind} '${node.fullName}'`;
    default:
      return node.kind;
  }
}

/**
 * Why `value` is not a valid Avro JSON default for `type` (specification, "Complex Types / Records"), or
 * undefined when it is. Union defaults must match the FIRST branch, as the specification requires.
 */
export function defaultValueMismatch(type: SchemaNode, value: unknown): string | undefined {
  return mismatch(type, value, '');
}

function mismatch(type: SchemaNode, value: unknown, at: string): string | undefined {
  const expected = (what: string): string =>
    `expected ${what}, got ${describeJson(value)}${at === '' ? '' : ` at ${at}`}`;
  switch (type.kind) {
    case 'null':
      return value === null ? undefined : expected('null');
    case 'boolean':
      return typeof value === 'boolean' ? undefined : expected('a boolean');
    case 'int':
      return Number.isInteger(value) && (value as number) >= INT_MIN && (value as number) <= INT_MAX
        ? undefined
        : expected('an int (32-bit integer)');
    case 'long':
      return Number.isInteger(value) && Math.abs(value as number) <= LONG_LIMIT
        ? undefined
        : expected('a long (64-bit integer)');
    case 'float':
    case 'double':
      return typeof value === 'number' ? undefined : expected(`a ${type.kind} (JSON number)`);
    case 'string':
      return typeof value === 'string' ? undefined : expected('a string');
    case 'bytes':
      return isByteString(value) ? undefined : expected('bytes (a string of code points 0-255)');
    case 'fixed':
      return isByteString(value) && value.length === type.size
        ? undefined
        : expected(`${describeNode(type)} (a string of exactly ${type.size} code points 0-255)`);
    case 'enum':
      return typeof value === 'string' && type.symbols.includes(value)
        ? undefined
        : expected(`a symbol of ${describeNode(type)} (${type.symbols.join(', ')})`);
    case 'array':
      if (!Array.isArray(value)) return expected('an array');
      for (const [index, item] of value.entries()) {
        const problem = mismatch(type.items, item, `${at}[${index}]`);
        if (problem !== undefined) return problem;
      }
      return undefined;
    case 'map':
      if (!isJsonObject(value)) return expected('a map (JSON object)');
      for (const [key, item] of Object.entries(value)) {
        const problem = mismatch(type.values, item, `${at}[${JSON.stringify(key)}]`);
        if (problem !== undefined) return problem;
      }
      return undefined;
    case 'union': {
      const first = type.branches[0];
      if (first === undefined) return expected('a value of an empty union');
      const problem = mismatch(first, value, at);
      return problem === undefined
        ? undefined
        : `${problem} (a union default must match the FIRST branch of the union, ${describeNode(first)})`;
    }
    case 'record':
      if (!isJsonObject(value)) return expected(`${describeNode(type)} (JSON object)`);
      for (const field of type.fields) {
        const fieldAt = at === '' ? field.name : `${at}.${field.name}`;
        if (Object.hasOwn(value, field.name)) {
          const problem = mismatch(field.type, value[field.name], fieldAt);
          if (problem !== undefined) return problem;
        } else if (!field.hasDefault) {
          return `missing field '${fieldAt}' of ${describeNode(type)}, which has no default of its own`;
        }
      }
      return undefined;
  }
}
