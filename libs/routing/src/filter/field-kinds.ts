import { describeNode, type SchemaNode } from '../schema/avro-schema-tree';
import type { CompareOp, FilterLiteral } from './filter-ast';
import { parseIsoDate, parseIsoTimestampMicros } from './temporal-literals';

/** What a filter may do with a field, derived from its Avro type (after removing a null branch). */
export type FieldKind =
  | { kind: 'number'; type: string }
  | { kind: 'string' }
  | { kind: 'enum'; name: string; symbols: readonly string[] }
  | { kind: 'boolean' }
  | { kind: 'date' }
  | { kind: 'timestamp'; unit: 'millis' | 'micros' }
  | { kind: 'unsupported'; type: string };

export function fieldKindOf(node: SchemaNode): FieldKind {
  if (node.kind === 'enum') return { kind: 'enum', name: node.name, symbols: node.symbols };
  if (node.kind !== 'primitive') return { kind: 'unsupported', type: describeNode(node) };
  switch (node.type) {
    case 'int':
      return node.logicalType === 'date' ? { kind: 'date' } : { kind: 'number', type: describeNode(node) };
    case 'long':
      if (node.logicalType === 'timestamp-millis') return { kind: 'timestamp', unit: 'millis' };
      if (node.logicalType === 'timestamp-micros') return { kind: 'timestamp', unit: 'micros' };
      return { kind: 'number', type: describeNode(node) };
    case 'float':
    case 'double':
      return { kind: 'number', type: describeNode(node) };
    case 'string':
      return { kind: 'string' };
    case 'boolean':
      return { kind: 'boolean' };
    default:
      return { kind: 'unsupported', type: describeNode(node) };
  }
}

export function isOrderingOp(op: CompareOp): boolean {
  return op !== '==' && op !== '!=';
}

/** The value a literal stands for when compared with a field of this kind, or why it cannot be. */
export function literalFor(
  kind: FieldKind,
  literal: FilterLiteral,
  path: string,
): { value: number | string | boolean } | { error: string } {
  switch (kind.kind) {
    case 'number':
      return literal.kind === 'number'
        ? { value: literal.value }
        : { error: `'${path}' is ${kind.type}: compare it with a number, not ${article(literal)}` };
    case 'string':
      return literal.kind === 'string'
        ? { value: literal.value }
        : { error: `'${path}' is a string: compare it with a quoted string, not ${article(literal)}` };
    case 'boolean':
      return literal.kind === 'boolean'
        ? { value: literal.value }
        : { error: `'${path}' is a boolean: compare it with true or false, not ${article(literal)}` };
    case 'enum':
      if (literal.kind !== 'string') {
        return {
          error: `'${path}' is enum ${kind.name}: compare it with a quoted symbol, not ${article(literal)}`,
        };
      }
      return kind.symbols.includes(literal.value)
        ? { value: literal.value }
        : {
            error: `${JSON.stringify(literal.value)} is not a symbol of enum ${kind.name} (${kind.symbols.join(', ')})`,
          };
    case 'date': {
      const days = literal.kind === 'string' ? parseIsoDate(literal.value) : undefined;
      return days !== undefined
        ? { value: days }
        : {
            error: `'${path}' is a date: compare it with an ISO date string such as '2024-01-31', not ${article(literal)}`,
          };
    }
    case 'timestamp': {
      const micros = literal.kind === 'string' ? parseIsoTimestampMicros(literal.value) : undefined;
      if (micros === undefined) {
        return {
          error:
            `'${path}' is a timestamp: compare it with an ISO date-time string with a time zone such as ` +
            `'2024-01-31T08:00:00+07:00', not ${article(literal)}`,
        };
      }
      // Sub-millisecond digits stay as a fraction, so `>=` against whole-millisecond values remains exact.
      return { value: kind.unit === 'micros' ? micros : micros / 1000 };
    }
    case 'unsupported':
      return { error: unsupportedMessage(kind, path) };
  }
}

export function unsupportedMessage(kind: { type: string }, path: string): string {
  return (
    `'${path}' is ${kind.type}: only numbers, strings, enums, booleans, dates and timestamps can be compared ` +
    `(records, arrays, maps, bytes and multi-type unions only support 'is null' when nullable)`
  );
}

function article(literal: FilterLiteral): string {
  switch (literal.kind) {
    case 'string':
      return `the string ${JSON.stringify(literal.value.length > 40 ? `${literal.value.slice(0, 40)}...` : literal.value)}`;
    case 'number':
      return `the number ${literal.value}`;
    case 'boolean':
      return `${literal.value}`;
    case 'null':
      return 'null';
  }
}
