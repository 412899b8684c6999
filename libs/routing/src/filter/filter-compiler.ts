import { resolveSchema, type RecordNode } from '../schema/avro-schema-tree';
import { fieldReader } from '../schema/safe-read';
import { FilterTypeError, type CompareOp, type FilterAst, type FilterLiteral } from './filter-ast';
import { checkFilterAgainst, resolveFilterPath } from './filter-checker';
import { literalFor, type FieldKind } from './field-kinds';
import { dateToDays } from './temporal-literals';

/** A compiled filter: true when the decoded record should be delivered. */
export type RecordPredicate = (record: unknown) => boolean;

type Getter = (record: unknown) => unknown;

/**
 * Reads a field path; `undefined` when the record, or any record on the way, is null, missing or not an
 * object, so that comparisons through a missing parent are simply false.
 */
function pathGetter(segments: readonly string[]): Getter {
  const readers = segments.map(fieldReader);
  const count = readers.length;
  return (record) => {
    let current = record;
    for (let index = 0; index < count; index++) {
      if (typeof current !== 'object' || current === null) return undefined;
      current = (readers[index] as (value: Record<string, unknown>) => unknown)(
        current as Record<string, unknown>,
      );
    }
    return current;
  };
}

/**
 * Turns a decoded value into the form its literal was converted to (numbers for numeric, date and timestamp
 * fields; the value itself otherwise), or `undefined` when it cannot be compared (null, missing, wrong type).
 */
function normalizer(kind: FieldKind): (value: unknown) => number | bigint | string | boolean | undefined {
  switch (kind.kind) {
    case 'number':
      return (value) => (typeof value === 'number' || typeof value === 'bigint' ? value : undefined);
    case 'date':
      return (value) =>
        typeof value === 'number' ? value : value instanceof Date ? dateToDays(value) : undefined;
    case 'timestamp': {
      const scale = kind.unit === 'micros' ? 1000 : 1;
      return (value) =>
        typeof value === 'number' || typeof value === 'bigint'
          ? value
          : value instanceof Date
            ? value.getTime() * scale
            : undefined;
    }
    case 'string':
    case 'enum':
      return (value) => (typeof value === 'string' ? value : undefined);
    case 'boolean':
      return (value) => (typeof value === 'boolean' ? value : undefined);
    case 'unsupported':
      throw new Error('bug: unsupported fields are rejected by the checker');
  }
}

/** -1, 0 or 1; NaN when the two cannot be compared. */
function compareValues(
  value: number | bigint | string | boolean,
  literal: number | string | boolean,
): number {
  if (typeof value === 'bigint' && typeof literal === 'number') {
    // Compare in bigint when the literal is whole, so that longs beyond 2^53 keep their exact order.
    if (Number.isInteger(literal)) {
      const big = BigInt(literal);
      return value < big ? -1 : value > big ? 1 : 0;
    }
    return compareValues(Number(value), literal);
  }
  if (typeof value !== typeof literal) return NaN;
  if (value === literal) return 0;
  if (typeof value === 'boolean') return 1;
  return value < literal ? -1 : value > literal ? 1 : NaN;
}

const OP_TESTS: Record<CompareOp, (sign: number) => boolean> = {
  '==': (sign) => sign === 0,
  '!=': (sign) => sign === 1 || sign === -1,
  '<': (sign) => sign === -1,
  '<=': (sign) => sign === -1 || sign === 0,
  '>': (sign) => sign === 1,
  '>=': (sign) => sign === 1 || sign === 0,
};

function literalValue(kind: FieldKind, literal: FilterLiteral, path: string): number | string | boolean {
  const converted = literalFor(kind, literal, path);
  if ('error' in converted) throw new Error(`bug: checker accepted ${path}: ${converted.error}`);
  return converted.value;
}

function build(ast: FilterAst, root: RecordNode): RecordPredicate {
  switch (ast.kind) {
    case 'or': {
      const operands = ast.operands.map((operand) => build(operand, root));
      return (record) => {
        for (const operand of operands) if (operand(record)) return true;
        return false;
      };
    }
    case 'and': {
      const operands = ast.operands.map((operand) => build(operand, root));
      return (record) => {
        for (const operand of operands) if (!operand(record)) return false;
        return true;
      };
    }
    case 'not': {
      const operand = build(ast.operand, root);
      return (record) => !operand(record);
    }
    case 'isNull': {
      const get = pathGetter(ast.path.segments);
      // Missing (undefined) counts as null: a record with no value there has nothing to compare.
      return ast.negated ? (record) => get(record) != null : (record) => get(record) == null;
    }
    case 'compare': {
      const result = resolveFilterPath(root, ast.path);
      if (!result.ok) throw new Error('bug: checker accepted an unknown path');
      const { kind } = result.resolved;
      const get = pathGetter(ast.path.segments);
      const normalize = normalizer(kind);
      const literal = literalValue(kind, ast.value, ast.path.text);
      const test = OP_TESTS[ast.op];
      return (record) => {
        const value = normalize(get(record));
        return value !== undefined && test(compareValues(value, literal));
      };
    }
    case 'in': {
      const result = resolveFilterPath(root, ast.path);
      if (!result.ok) throw new Error('bug: checker accepted an unknown path');
      const { kind } = result.resolved;
      const get = pathGetter(ast.path.segments);
      const normalize = normalizer(kind);
      const members = new Set(ast.values.map((value) => literalValue(kind, value, ast.path.text)));
      return (record) => {
        const value = normalize(get(record));
        if (value === undefined) return false;
        if (typeof value !== 'bigint') return members.has(value);
        // Literals are safe integers or decimals, so a long beyond 2^53 can never be among them.
        return value >= BigInt(Number.MIN_SAFE_INTEGER) && value <= BigInt(Number.MAX_SAFE_INTEGER)
          ? members.has(Number(value))
          : false;
      };
    }
  }
}

/**
 * Compiles a parsed filter into a predicate over decoded records (plain objects or avsc records, unions
 * unwrapped). Checks the filter first and throws `FilterTypeError` with every issue when it does not fit
 * the schema. Semantics: a comparison (including `!=` and `in`) is false when the field, or any record on
 * its path, is null or missing; `is null` is true exactly then. `not` negates the result (two-valued logic).
 */
export function compileFilter(ast: FilterAst, schema: unknown): RecordPredicate {
  const root = resolveSchema(schema).root;
  const issues = checkFilterAgainst(ast, root);
  if (issues.length > 0) throw new FilterTypeError(issues);
  return build(ast, root);
}
