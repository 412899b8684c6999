import {
  qualifyName,
  resolveSchema,
  unwrapNullable,
  type NamedNode,
  type RecordNode,
  type SchemaNode,
  type SchemaTree,
} from '../schema/avro-schema-tree';
import { AVRO_NAME } from '../schema/field-paths';
import { nodeProjector } from './compile-projection';
import { buildSelection, ProjectionError, SELECT_ALL, type Selection } from './projection-paths';

export interface ProjectSchemaOptions {
  /** Name of the projected record (short or dotted); defaults to the source record's name. */
  name?: string;
  /** Namespace of the projected record; defaults to the source record's namespace. */
  namespace?: string;
}

/**
 * A selection where every field is selected whole becomes `all`, so that naming every field of a record
 * one by one yields the record itself, unchanged and under its own name.
 */
function normalize(node: SchemaNode, selection: Selection): Selection {
  if (selection.kind === 'all') return selection;
  const record = unwrapNullable(node).node as RecordNode;
  const fields = new Map<string, Selection>();
  let whole = true;
  for (const field of record.fields) {
    const child = selection.fields.get(field.name);
    if (child === undefined) {
      whole = false;
      continue;
    }
    const normalized = normalize(field.type, child);
    if (normalized.kind !== 'all') whole = false;
    fields.set(field.name, normalized);
  }
  return whole ? SELECT_ALL : { kind: 'some', fields };
}

/** A stable text form of a selection; two uses of a type with the same signature share one definition. */
function signature(selection: Selection): string {
  if (selection.kind === 'all') return '*';
  const parts = [...selection.fields.entries()]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([name, child]) => `${name}:${signature(child)}`);
  return `{${parts.join(',')}}`;
}

function checkOptions(options: ProjectSchemaOptions): void {
  const issues: { path: string; message: string }[] = [];
  if (options.name !== undefined && !options.name.split('.').every((part) => AVRO_NAME.test(part))) {
    issues.push({ path: '', message: `name ${JSON.stringify(options.name)} is not a valid Avro name` });
  }
  if (
    options.namespace !== undefined &&
    options.namespace !== '' &&
    !options.namespace.split('.').every((part) => AVRO_NAME.test(part))
  ) {
    issues.push({
      path: '',
      message: `namespace ${JSON.stringify(options.namespace)} is not a valid Avro namespace`,
    });
  }
  if (issues.length > 0) throw new ProjectionError(issues);
}

/**
 * Writes the projected schema. Every named type is defined once; later uses refer to it by full name. A
 * type used with different selections gets one definition per selection: the first keeps the original
 * name, the others get `<name>_<n>` (first free n), in order of first appearance (depth first, schema order).
 */
class SchemaWriter {
  /** Full names defined in the output. */
  private readonly taken = new Set<string>();
  /** Output full name per (type, selection). */
  private readonly names = new Map<string, string>();

  constructor(private readonly tree: SchemaTree) {}

  writeRoot(selection: Selection, options: ProjectSchemaOptions): Record<string, unknown> {
    const root = this.tree.root;
    const naming =
      options.name === undefined && options.namespace === undefined
        ? { fullName: root.fullName, name: root.name, namespace: root.namespace }
        : qualifyName(options.name ?? root.name, options.namespace ?? root.namespace);
    this.taken.add(naming.fullName);
    this.names.set(this.key(root, selection), naming.fullName);
    return this.writeNamed(root, selection, naming, '');
  }

  private key(node: NamedNode, selection: Selection): string {
    return `${node.fullName}\u0000${signature(selection)}`;
  }

  private write(node: SchemaNode, selection: Selection, enclosing: string): unknown {
    switch (node.kind) {
      case 'primitive':
        return node.json;
      case 'union':
        // Only the record branch of `["null", R]` can carry a partial selection; `null` ignores it.
        return node.branches.map((branch) => this.write(branch, selection, enclosing));
      case 'array':
        return { ...node.json, items: this.write(node.items, SELECT_ALL, enclosing) };
      case 'map':
        return { ...node.json, values: this.write(node.values, SELECT_ALL, enclosing) };
      case 'record':
      case 'enum':
      case 'fixed':
        return this.named(node, node.kind === 'record' ? selection : SELECT_ALL, enclosing);
    }
  }

  private named(node: NamedNode, selection: Selection, enclosing: string): unknown {
    const key = this.key(node, selection);
    const existing = this.names.get(key);
    if (existing !== undefined) return this.reference(existing, enclosing);
    const fullName = this.freeName(node);
    this.taken.add(fullName);
    this.names.set(key, fullName);
    return this.writeNamed(node, selection, qualifyName(fullName, ''), enclosing);
  }

  private freeName(node: NamedNode): string {
    if (!this.taken.has(node.fullName)) return node.fullName;
    const prefix = node.namespace === '' ? '' : `${node.namespace}.`;
    for (let n = 1; ; n++) {
      const candidate = `${prefix}${node.name}_${n}`;
      // Also skip names of the source schema, which their own types may still claim later.
      if (!this.taken.has(candidate) && !this.tree.named.has(candidate)) return candidate;
    }
  }

  /** A reference that resolves to `fullName` from within `enclosing`. */
  private reference(fullName: string, enclosing: string): string {
    if (fullName.includes('.') || enclosing === '') return fullName;
    // A null-namespace name inside a namespace needs a leading dot, or it would be read as enclosing.Name.
    return `.${fullName}`;
  }

  private writeNamed(
    node: NamedNode,
    selection: Selection,
    naming: { fullName: string; name: string; namespace: string },
    enclosing: string,
  ): Record<string, unknown> {
    const renamed = naming.fullName !== node.fullName;
    const out: Record<string, unknown> = {};
    for (const [key, value] of Object.entries(node.json)) {
      switch (key) {
        case 'name':
          out['name'] = naming.name;
          // Explicit whenever it differs from what the name would inherit, so every full name is kept.
          if (naming.namespace !== enclosing) out['namespace'] = naming.namespace;
          break;
        case 'namespace':
          break;
        case 'aliases':
          // Aliases name the source type; a renamed variant is a different type and must not claim them.
          if (!renamed) out[key] = value;
          break;
        case 'fields':
          out[key] = this.writeFields(node as RecordNode, selection, naming.namespace);
          break;
        default:
          out[key] = value;
      }
    }
    return out;
  }

  private writeFields(
    record: RecordNode,
    selection: Selection,
    namespace: string,
  ): Record<string, unknown>[] {
    const fields: Record<string, unknown>[] = [];
    for (const field of record.fields) {
      const child = selection.kind === 'all' ? SELECT_ALL : selection.fields.get(field.name);
      if (child === undefined) continue;
      const out: Record<string, unknown> = {};
      for (const [key, value] of Object.entries(field.json)) {
        if (key === 'type') {
          out[key] = this.write(field.type, child, namespace);
        } else if (key === 'default' && child.kind === 'some') {
          // A record default must lose the fields the projection drops, like the values do.
          out[key] = nodeProjector(field.type, child, field.name)?.(value) ?? value;
        } else {
          out[key] = value;
        }
      }
      fields.push(out);
    }
    return fields;
  }
}

/**
 * A new Avro record schema with only the fields `paths` select, nested records pruned to their selected
 * fields. Docs, defaults, logical types, `order`, aliases and custom attributes (`classification`, ...) are
 * kept, as are union wrappers such as `["null", record]`. A named type used with different selections is
 * defined once per selection under distinct names (see README). Throws `ProjectionError` when the
 * projection or the options are invalid, `RoutingSchemaError` when the schema is.
 */
export function projectSchema(
  schema: unknown,
  paths: string[],
  options: ProjectSchemaOptions = {},
): Record<string, unknown> {
  const tree = resolveSchema(schema);
  checkOptions(options);
  const selection = normalize(tree.root, buildSelection(tree, paths));
  // A deep copy, so that editing the result can never reach the caller's source schema.
  return structuredClone(new SchemaWriter(tree).writeRoot(selection, options));
}
