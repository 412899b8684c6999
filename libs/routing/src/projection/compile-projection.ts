import { resolveSchema, unwrapNullable, type RecordNode, type SchemaNode } from '../schema/avro-schema-tree';
import { fieldReader, type FieldReader } from '../schema/safe-read';
import { buildSelection, type Selection } from './projection-paths';

/** Restricts one decoded record to the selected fields. */
export type Projector = (value: unknown) => unknown;

/** A value handed to a compiled projection is not shaped like its schema (a record is not an object). */
export class ProjectionValueError extends Error {
  constructor(
    /** Dotted path of the offending record; empty for the top-level value. */
    readonly path: string,
    message: string,
  ) {
    super(path === '' ? message : `${path}: ${message}`);
    this.name = 'ProjectionValueError';
  }
}

function fail(path: string, value: unknown): never {
  const got = value === null ? 'null' : Array.isArray(value) ? 'an array' : typeof value;
  throw new ProjectionValueError(path, `expected a record, got ${got}`);
}

function recordProjector(
  record: RecordNode,
  selection: Selection & { kind: 'some' },
  path: string,
): Projector {
  const names: string[] = [];
  const readers: FieldReader[] = [];
  const projectors: (Projector | undefined)[] = [];
  for (const field of record.fields) {
    const child = selection.fields.get(field.name);
    if (child === undefined) continue;
    names.push(field.name);
    readers.push(fieldReader(field.name));
    projectors.push(nodeProjector(field.type, child, path === '' ? field.name : `${path}.${field.name}`));
  }
  const count = names.length;
  return (value) => {
    if (typeof value !== 'object' || value === null || Array.isArray(value)) fail(path, value);
    const source = value as Record<string, unknown>;
    // Fields are written in schema order every time, so V8 gives every output object the same shape.
    const out: Record<string, unknown> = {};
    for (let index = 0; index < count; index++) {
      const field = (readers[index] as FieldReader)(source);
      const project = projectors[index];
      out[names[index] as string] = project === undefined ? field : project(field);
    }
    return out;
  };
}

/**
 * The projector for a value of type `node` under `selection`; `undefined` means "take the value as it is"
 * (a whole subtree is selected), which the caller uses to skip a function call per field.
 */
export function nodeProjector(node: SchemaNode, selection: Selection, path: string): Projector | undefined {
  if (selection.kind === 'all') return undefined;
  const { node: inner, nullable } = unwrapNullable(node);
  // Validation only lets paths continue through records and nullable records.
  if (inner.kind !== 'record') throw new Error(`bug: selection below ${inner.kind} at '${path}'`);
  const project = recordProjector(inner, selection, path);
  if (!nullable) return project;
  return (value) => (value === null || value === undefined ? value : project(value));
}

/**
 * Precomputes the projection of `paths` over `schema` into a function for the hot loop. The result is a new
 * plain object holding only the selected fields, valid for `projectSchema(schema, paths)`. Wholly selected
 * subtrees (a record path, arrays, maps) are shared with the input, not copied: do not mutate either.
 * Values are read as avsc decodes them with unwrapped unions (a nullable record is `null` or the object).
 * Throws `ProjectionError` when the projection is invalid; the projector throws `ProjectionValueError` when a
 * record in the value is not an object (avsc-decoded values never are).
 */
export function compileProjection(schema: unknown, paths: string[]): Projector {
  const tree = resolveSchema(schema);
  const project = nodeProjector(tree.root, buildSelection(tree, paths), '');
  return project ?? ((value) => value);
}

/** One-off projection; compile once with `compileProjection` when projecting many values. */
export function projectValue(schema: unknown, paths: string[], value: unknown): unknown {
  return compileProjection(schema, paths)(value);
}
