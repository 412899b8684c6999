import { resolveSchema, type RecordNode } from '../schema/avro-schema-tree';
import { resolvePath, type PathStep } from '../schema/field-paths';
import type { FilterAst, FilterPath, FilterTypeIssue } from './filter-ast';
import { fieldKindOf, isOrderingOp, literalFor, unsupportedMessage, type FieldKind } from './field-kinds';

export interface ResolvedFilterPath {
  steps: PathStep[];
  /** The field, or a record on the way to it, may be null. */
  nullable: boolean;
  kind: FieldKind;
}

/** Resolves a filter path against the root record, or reports where it goes wrong. */
export function resolveFilterPath(
  root: RecordNode,
  path: FilterPath,
): { ok: true; resolved: ResolvedFilterPath } | { ok: false; issue: FilterTypeIssue } {
  const resolution = resolvePath(root, path.segments);
  if (!resolution.ok) {
    return {
      ok: false,
      issue: {
        position: path.positions[resolution.segmentIndex] ?? path.position,
        message: resolution.message,
      },
    };
  }
  const last = resolution.steps[resolution.steps.length - 1] as PathStep;
  return {
    ok: true,
    resolved: {
      steps: resolution.steps,
      nullable: resolution.steps.some((step) => step.nullable),
      kind: fieldKindOf(last.node),
    },
  };
}

function check(ast: FilterAst, root: RecordNode, issues: FilterTypeIssue[]): void {
  switch (ast.kind) {
    case 'or':
    case 'and':
      for (const operand of ast.operands) check(operand, root, issues);
      return;
    case 'not':
      check(ast.operand, root, issues);
      return;
    case 'isNull': {
      const result = resolveFilterPath(root, ast.path);
      if (!result.ok) {
        issues.push(result.issue);
      } else if (!result.resolved.nullable) {
        const always = ast.negated ? "'is not null' is always true" : "'is null' is always false";
        issues.push({ position: ast.opPosition, message: `'${ast.path.text}' is never null: ${always}` });
      }
      return;
    }
    case 'compare': {
      const result = resolveFilterPath(root, ast.path);
      if (!result.ok) {
        issues.push(result.issue);
        return;
      }
      const { kind } = result.resolved;
      if (kind.kind === 'unsupported') {
        issues.push({ position: ast.path.position, message: unsupportedMessage(kind, ast.path.text) });
        return;
      }
      if (ast.value.kind === 'null') {
        const instead =
          ast.op === '==' ? "use 'is null'" : ast.op === '!=' ? "use 'is not null'" : 'null has no order';
        issues.push({
          position: ast.value.position,
          message: `cannot compare '${ast.path.text}' with null: ${instead}`,
        });
        return;
      }
      if ((kind.kind === 'boolean' || kind.kind === 'enum') && isOrderingOp(ast.op)) {
        issues.push({
          position: ast.opPosition,
          message: `'${ast.path.text}' is ${kind.kind === 'enum' ? `enum ${kind.name}` : 'a boolean'} and has no order: use '==', '!=' or 'in', not '${ast.op}'`,
        });
        return;
      }
      const literal = literalFor(kind, ast.value, ast.path.text);
      if ('error' in literal) issues.push({ position: ast.value.position, message: literal.error });
      return;
    }
    case 'in': {
      const result = resolveFilterPath(root, ast.path);
      if (!result.ok) {
        issues.push(result.issue);
        return;
      }
      const { kind } = result.resolved;
      if (kind.kind === 'unsupported') {
        issues.push({ position: ast.path.position, message: unsupportedMessage(kind, ast.path.text) });
        return;
      }
      for (const value of ast.values) {
        if (value.kind === 'null') {
          issues.push({
            position: value.position,
            message: `null cannot be listed in 'in': test '${ast.path.text} is null' separately`,
          });
          continue;
        }
        const literal = literalFor(kind, value, ast.path.text);
        if ('error' in literal) issues.push({ position: value.position, message: literal.error });
      }
      return;
    }
  }
}

/**
 * Every type problem of a parsed filter against a record schema (unknown fields, mismatched literal types,
 * ordering on booleans or enums, unknown enum symbols, `is null` on a field that is never null, comparisons
 * on records/arrays/maps/bytes). Empty when the filter can be compiled. Issues come in text order.
 */
export function checkFilter(ast: FilterAst, schema: unknown): FilterTypeIssue[] {
  return checkFilterAgainst(ast, resolveSchema(schema).root);
}

/** Same as `checkFilter`, over an already resolved root record (lets `compileFilter` resolve once). */
export function checkFilterAgainst(ast: FilterAst, root: RecordNode): FilterTypeIssue[] {
  const issues: FilterTypeIssue[] = [];
  check(ast, root, issues);
  return issues;
}
