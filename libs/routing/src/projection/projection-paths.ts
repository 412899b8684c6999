import {
  resolveSchema,
  unwrapNullable,
  type RecordNode,
  type SchemaNode,
  type SchemaTree,
} from '../schema/avro-schema-tree';
import { resolvePath, splitPath } from '../schema/field-paths';

export interface ProjectionIssue {
  /** The path as given (empty for problems with the list as a whole). */
  path: string;
  message: string;
}

/** A projection that does not fit its schema; `issues` lists every problem, not just the first. */
export class ProjectionError extends Error {
  constructor(readonly issues: ProjectionIssue[]) {
    super(
      `invalid projection: ${issues.map((issue) => (issue.path === '' ? issue.message : `${issue.path}: ${issue.message}`)).join('; ')}`,
    );
    this.name = 'ProjectionError';
  }
}

/**
 * Which fields of a record are selected: `all` (the whole subtree) or `some` named fields, each with its
 * own selection. Leaf fields are always `all`.
 */
export type Selection = { kind: 'all' } | { kind: 'some'; fields: Map<string, Selection> };

export const SELECT_ALL: Selection = { kind: 'all' };

const WILDCARD_MESSAGE =
  'wildcards are not supported: name every field the subscription may receive (data minimisation)';

function isWildcard(path: string, root: RecordNode): boolean {
  if (path.includes('*')) return true;
  // `all` is only a wildcard attempt when the record has no field of that name: Avro allows a field `all`.
  return path.toLowerCase() === 'all' && !root.fieldsByName.has(path);
}

function validateWith(tree: SchemaTree, paths: unknown): ProjectionIssue[] {
  if (!Array.isArray(paths)) return [{ path: '', message: 'the projection must be a list of field paths' }];
  if (paths.length === 0) return [{ path: '', message: 'the projection is empty: name at least one field' }];
  const issues: ProjectionIssue[] = [];
  const seen = new Set<string>();
  const valid: string[] = [];
  paths.forEach((path: unknown, index) => {
    if (typeof path !== 'string') {
      issues.push({ path: String(path), message: `entry ${index} is not a string` });
      return;
    }
    if (isWildcard(path, tree.root)) {
      issues.push({ path, message: WILDCARD_MESSAGE });
      return;
    }
    const split = splitPath(path);
    if ('message' in split) {
      issues.push({ path, message: split.message });
      return;
    }
    const resolution = resolvePath(tree.root, split.segments);
    if (!resolution.ok) {
      issues.push({ path, message: resolution.message });
      return;
    }
    if (seen.has(path)) {
      issues.push({ path, message: `'${path}' is listed more than once` });
      return;
    }
    seen.add(path);
    valid.push(path);
  });
  // A path under an already selected record adds nothing; refusing it keeps approved lists unambiguous.
  for (const path of valid) {
    const segments = path.split('.');
    for (let length = 1; length < segments.length; length++) {
      const prefix = segments.slice(0, length).join('.');
      if (seen.has(prefix)) {
        issues.push({ path, message: `'${path}' is already selected by '${prefix}'` });
        break;
      }
    }
  }
  return issues;
}

/**
 * Every problem with `paths` as a projection of the record `schema`: malformed or unknown paths, paths
 * through a non-record, duplicates and overlaps, wildcards, an empty list. Empty when the projection is
 * usable. Throws `RoutingSchemaError` when the schema itself is not a valid Avro record.
 */
export function validateProjection(schema: unknown, paths: string[]): ProjectionIssue[] {
  return validateWith(resolveSchema(schema), paths);
}

/** The selection tree of a valid projection; throws `ProjectionError` listing every issue otherwise. */
export function buildSelection(tree: SchemaTree, paths: string[]): Selection {
  const issues = validateWith(tree, paths);
  if (issues.length > 0) throw new ProjectionError(issues);
  const root = { kind: 'some' as const, fields: new Map<string, Selection>() };
  for (const path of paths) {
    const segments = path.split('.');
    const last = segments.pop() as string;
    let current = root;
    for (const segment of segments) {
      // Overlaps were refused above, so every intermediate entry is `some`, never `all`.
      let next = current.fields.get(segment);
      if (next === undefined || next.kind === 'all') {
        next = { kind: 'some', fields: new Map() };
        current.fields.set(segment, next);
      }
      current = next;
    }
    current.fields.set(last, SELECT_ALL);
  }
  return root;
}

function recordOf(node: SchemaNode): RecordNode | undefined {
  const inner = unwrapNullable(node).node;
  return inner.kind === 'record' ? inner : undefined;
}

/**
 * Leaf paths under `record`, in schema order. A wholly selected record that already encloses itself (a
 * recursive type) is reported as a leaf itself: its subtree is infinite.
 */
function collectLeaves(
  record: RecordNode,
  selection: Selection,
  prefix: string,
  ancestors: RecordNode[],
  visit: (path: string, fieldPath: readonly Record<string, unknown>[]) => void,
  fieldPath: Record<string, unknown>[],
): void {
  for (const field of record.fields) {
    const child = selection.kind === 'all' ? SELECT_ALL : selection.fields.get(field.name);
    if (child === undefined) continue;
    const path = prefix === '' ? field.name : `${prefix}.${field.name}`;
    const nested = recordOf(field.type);
    fieldPath.push(field.json);
    if (nested === undefined || (child.kind === 'all' && ancestors.includes(nested))) {
      visit(path, fieldPath);
    } else {
      ancestors.push(nested);
      collectLeaves(nested, child, path, ancestors, visit, fieldPath);
      ancestors.pop();
    }
    fieldPath.pop();
  }
}

/**
 * The leaf paths a valid projection selects, in schema order: a record path (`child`) stands for every
 * leaf beneath it (`child.nik`, `child.birthPlace.regencyCode`, ...). Throws `ProjectionError` when the
 * projection is invalid.
 */
export function expandProjection(schema: unknown, paths: string[]): string[] {
  const tree = resolveSchema(schema);
  const selection = buildSelection(tree, paths);
  const leaves: string[] = [];
  collectLeaves(tree.root, selection, '', [tree.root], (path) => leaves.push(path), []);
  return leaves;
}

/**
 * Leaves selected only because an enclosing record was named (`child` selects `child.nik` implicitly).
 * Lets a caller insist that personal fields be named one by one.
 */
export function implicitLeafPaths(schema: unknown, paths: string[]): string[] {
  const named = new Set(paths);
  return expandProjection(schema, paths).filter((leaf) => !named.has(leaf));
}

/**
 * Every leaf path whose field, or an enclosing field, carries `"classification": <classification>`
 * (e.g. `personal`), in schema order.
 */
export function classifiedLeafPaths(schema: unknown, classification: string): string[] {
  const tree = resolveSchema(schema);
  const leaves: string[] = [];
  collectLeaves(
    tree.root,
    SELECT_ALL,
    '',
    [tree.root],
    (path, fields) => {
      if (fields.some((field) => field['classification'] === classification)) leaves.push(path);
    },
    [],
  );
  return leaves;
}
