import * as avro from 'avsc';

/**
 * A resolved view of a parsed Avro schema (JSON). Projection and filters both walk field paths and must
 * re-emit schemas with every custom attribute intact, which avsc's `Type` does not keep; so we index the
 * JSON ourselves, after avsc has confirmed it is valid Avro.
 */

export type PrimitiveName = 'null' | 'boolean' | 'int' | 'long' | 'float' | 'double' | 'bytes' | 'string';

const PRIMITIVES: ReadonlySet<string> = new Set<PrimitiveName>([
  'null',
  'boolean',
  'int',
  'long',
  'float',
  'double',
  'bytes',
  'string',
]);

export interface PrimitiveNode {
  kind: 'primitive';
  type: PrimitiveName;
  logicalType?: string;
  /** The schema as written (`"int"` or `{"type":"int","logicalType":"date"}`), re-emitted verbatim. */
  json: unknown;
}

export interface NamedNodeBase {
  /** Full name, e.g. `id.go.dukcapil.kependudukan.Anak`. */
  fullName: string;
  /** Short name, e.g. `Anak`. */
  name: string;
  /** Namespace; empty for the null namespace. */
  namespace: string;
  /** The definition as written. */
  json: Record<string, unknown>;
}

export interface FieldNode {
  name: string;
  type: SchemaNode;
  /** The field as written (`doc`, `default`, `aliases`, `order`, custom attributes such as `classification`). */
  json: Record<string, unknown>;
}

export interface RecordNode extends NamedNodeBase {
  kind: 'record';
  fields: FieldNode[];
  /** A Map, never a plain object, so that names like `constructor` or `__proto__` cannot hit a prototype. */
  fieldsByName: Map<string, FieldNode>;
}

export interface EnumNode extends NamedNodeBase {
  kind: 'enum';
  symbols: string[];
}

export interface FixedNode extends NamedNodeBase {
  kind: 'fixed';
  logicalType?: string;
}

export interface ArrayNode {
  kind: 'array';
  items: SchemaNode;
  json: Record<string, unknown>;
}

export interface MapNode {
  kind: 'map';
  values: SchemaNode;
  json: Record<string, unknown>;
}

export interface UnionNode {
  kind: 'union';
  branches: SchemaNode[];
}

export type NamedNode = RecordNode | EnumNode | FixedNode;
export type SchemaNode = PrimitiveNode | NamedNode | ArrayNode | MapNode | UnionNode;

export interface SchemaTree {
  root: RecordNode;
  /** Every named type by full name, so that derived names can avoid clashing with any of them. */
  named: Map<string, NamedNode>;
}

/** The schema handed to the routing lib is not a valid Avro record schema. */
export class RoutingSchemaError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'RoutingSchemaError';
  }
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** Splits a possibly dotted name into short name and namespace, the way the Avro spec qualifies names. */
export function qualifyName(
  name: string,
  namespace: string,
): { fullName: string; name: string; namespace: string } {
  const trimmed = name.startsWith('.') ? name.slice(1) : name;
  const dot = trimmed.lastIndexOf('.');
  if (dot >= 0) {
    const ns = trimmed.slice(0, dot);
    return { fullName: trimmed, name: trimmed.slice(dot + 1), namespace: ns };
  }
  // A leading dot means "the null namespace" (avsc and Java both read it so).
  const ns = name.startsWith('.') ? '' : namespace;
  return { fullName: ns === '' ? trimmed : `${ns}.${trimmed}`, name: trimmed, namespace: ns };
}

class TreeBuilder {
  readonly named = new Map<string, NamedNode>();

  build(json: unknown, namespace: string): SchemaNode {
    if (typeof json === 'string') {
      if (PRIMITIVES.has(json)) return { kind: 'primitive', type: json as PrimitiveName, json };
      return this.reference(json, namespace);
    }
    if (Array.isArray(json)) {
      return { kind: 'union', branches: json.map((branch) => this.build(branch, namespace)) };
    }
    if (!isObject(json)) throw new RoutingSchemaError(`unsupported schema element ${JSON.stringify(json)}`);
    const type = json['type'];
    if (typeof type === 'string' && PRIMITIVES.has(type)) {
      const logicalType = json['logicalType'];
      return {
        kind: 'primitive',
        type: type as PrimitiveName,
        json,
        ...(typeof logicalType === 'string' ? { logicalType } : {}),
      };
    }
    switch (type) {
      case 'record':
      case 'error':
        return this.record(json, namespace);
      case 'enum': {
        const node: EnumNode = {
          kind: 'enum',
          ...this.names(json, namespace),
          json,
          symbols: (json['symbols'] as string[]).slice(),
        };
        this.register(node);
        return node;
      }
      case 'fixed': {
        const logicalType = json['logicalType'];
        const node: FixedNode = {
          kind: 'fixed',
          ...this.names(json, namespace),
          json,
          ...(typeof logicalType === 'string' ? { logicalType } : {}),
        };
        this.register(node);
        return node;
      }
      case 'array':
        return { kind: 'array', items: this.build(json['items'], namespace), json };
      case 'map':
        return { kind: 'map', values: this.build(json['values'], namespace), json };
      default:
        // `{"type": {...}}` wraps a schema; avsc accepts it, so we do too.
        if (typeof type === 'object' && type !== null) return this.build(type, namespace);
        throw new RoutingSchemaError(`unsupported schema type ${JSON.stringify(type)}`);
    }
  }

  private names(
    json: Record<string, unknown>,
    enclosing: string,
  ): { fullName: string; name: string; namespace: string } {
    const name = json['name'];
    if (typeof name !== 'string') throw new RoutingSchemaError('named type without a name');
    const explicit = json['namespace'];
    return qualifyName(name, typeof explicit === 'string' ? explicit : enclosing);
  }

  private register(node: NamedNode): void {
    this.named.set(node.fullName, node);
  }

  private reference(name: string, namespace: string): SchemaNode {
    const qualified = qualifyName(name, namespace).fullName;
    const node = this.named.get(qualified) ?? this.named.get(name);
    if (node === undefined) throw new RoutingSchemaError(`undefined type name ${name}`);
    return node;
  }

  private record(json: Record<string, unknown>, enclosing: string): RecordNode {
    const node: RecordNode = {
      kind: 'record',
      ...this.names(json, enclosing),
      json,
      fields: [],
      fieldsByName: new Map(),
    };
    // Field types resolve in the record's namespace; like avsc, an explicit `namespace` wins over a dotted name.
    const explicit = json['namespace'];
    const scope = typeof explicit === 'string' ? explicit : node.namespace;
    // Registered before its fields so that recursive references resolve to this very node.
    this.register(node);
    for (const field of json['fields'] as unknown[]) {
      if (!isObject(field) || typeof field['name'] !== 'string') {
        throw new RoutingSchemaError(`record ${node.fullName} has a field without a name`);
      }
      const name = field['name'];
      // Writing `__proto__` onto a plain object would replace its prototype: refuse such schemas outright.
      if (name === '__proto__') {
        throw new RoutingSchemaError(
          `record ${node.fullName} has a field named __proto__, which is not supported`,
        );
      }
      const fieldNode: FieldNode = { name, type: this.build(field['type'], scope), json: field };
      node.fields.push(fieldNode);
      node.fieldsByName.set(name, fieldNode);
    }
    return node;
  }
}

/**
 * Checks `schema` with avsc and indexes it. Throws `RoutingSchemaError` when it is not valid Avro or its
 * top level is not a record.
 */
export function resolveSchema(schema: unknown): SchemaTree {
  if (!isObject(schema))
    throw new RoutingSchemaError('the schema must be a parsed Avro record schema (an object)');
  try {
    avro.Type.forSchema(schema as avro.Schema);
  } catch (error) {
    throw new RoutingSchemaError(`schema is not valid Avro: ${describe(error)}`);
  }
  const builder = new TreeBuilder();
  const root = builder.build(schema, '');
  if (root.kind !== 'record') throw new RoutingSchemaError(`the schema must be a record, not ${root.kind}`);
  return { root, named: builder.named };
}

/**
 * For `["null", X]` / `[X, "null"]` returns X and `nullable: true`; for a one-branch union its branch; for
 * anything else the node itself. Only these unions let a path continue, because they are the ones avsc
 * decodes to "null or the plain value" when unions are not wrapped.
 */
export function unwrapNullable(node: SchemaNode): { node: SchemaNode; nullable: boolean } {
  if (node.kind !== 'union') return { node, nullable: isNull(node) };
  const nonNull = node.branches.filter((branch) => !isNull(branch));
  const [only] = nonNull;
  if (only !== undefined && nonNull.length === 1) {
    return { node: only, nullable: nonNull.length !== node.branches.length };
  }
  return { node, nullable: nonNull.length !== node.branches.length };
}

function isNull(node: SchemaNode): boolean {
  return node.kind === 'primitive' && node.type === 'null';
}

/** A human description of a node's type for messages: `record Anak`, `enum JenisKelamin`, `int (date)`. */
export function describeNode(node: SchemaNode): string {
  switch (node.kind) {
    case 'primitive':
      return node.logicalType === undefined ? node.type : `${node.type} (${node.logicalType})`;
    case 'record':
    case 'enum':
    case 'fixed':
      return `${node.kind} ${node.name}`;
    case 'array':
    case 'map':
      return node.kind;
    case 'union':
      return `union [${node.branches.map(describeNode).join(', ')}]`;
  }
}
