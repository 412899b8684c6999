import { defaultValueMismatch } from './default-value';
import { InvalidSchemaError } from './invalid-schema-error';
import { describeJson, isJsonObject } from './json-value';

export const PRIMITIVE_TYPE_NAMES = [
  'null',
  'boolean',
  'int',
  'long',
  'float',
  'double',
  'bytes',
  'string',
] as const;
export type PrimitiveTypeName = (typeof PRIMITIVE_TYPE_NAMES)[number];

const PRIMITIVES: ReadonlySet<string> = new Set(PRIMITIVE_TYPE_NAMES);
const NAME_PATTERN = /^[A-Za-z_][A-Za-z0-9_]*$/;
const NAME_RULE = 'a name starts with a letter or underscore and has only letters, digits and underscores';
const FIELD_ORDERS: ReadonlySet<unknown> = new Set(['ascending', 'descending', 'ignore']);
const MAX_FIXED_SIZE = 2 ** 31 - 1;

export interface PrimitiveNode {
  readonly kind: PrimitiveTypeName;
}

interface NamedNodeBase {
  /** Unqualified name (Java's `Schema.getName()`). */
  readonly name: string;
  /** `''` for the null namespace. */
  readonly namespace: string;
  readonly fullName: string;
  /** Aliases qualified with the type's namespace, as Java's `Schema.getAliases()` returns them. */
  readonly aliases: readonly string[];
  /** Where the type is defined inside its document. */
  readonly location: string;
  /** The document defining the type when it is not the main one, e.g. `reference 'address'`. */
  readonly source: string | undefined;
}

export interface RecordNode extends NamedNodeBase {
  readonly kind: 'record';
  /** Filled after the record is registered, so that fields may refer to the record itself. */
  readonly fields: FieldNode[];
}

export interface EnumNode extends NamedNodeBase {
  readonly kind: 'enum';
  readonly symbols: readonly string[];
  readonly defaultSymbol: string | undefined;
}

export interface FixedNode extends NamedNodeBase {
  readonly kind: 'fixed';
  readonly size: number;
}

export interface ArrayNode {
  readonly kind: 'array';
  readonly items: SchemaNode;
}

export interface MapNode {
  readonly kind: 'map';
  readonly values: SchemaNode;
}

export interface UnionNode {
  readonly kind: 'union';
  readonly branches: readonly SchemaNode[];
}

export interface FieldNode {
  readonly name: string;
  /** Unqualified alias names, as Java's `Field.aliases()`. */
  readonly aliases: readonly string[];
  readonly type: SchemaNode;
  /** True when the field declares `default`, including `"default": null`. */
  readonly hasDefault: boolean;
  readonly defaultValue: unknown;
  /** Index in the record's `fields` array (Java's `Field.pos()`). */
  readonly position: number;
  /** The field object as written, custom attributes included. */
  readonly attributes: Readonly<Record<string, unknown>>;
  readonly location: string;
  readonly source: string | undefined;
}

export type NamedNode = RecordNode | EnumNode | FixedNode;
export type SchemaNode = PrimitiveNode | NamedNode | ArrayNode | MapNode | UnionNode;

interface Context {
  /** The enclosing namespace that unqualified names are resolved and defined in. */
  readonly namespace: string;
  readonly pointer: readonly string[];
  readonly fieldPath: readonly string[];
  readonly source: string | undefined;
}

interface PendingDefault {
  readonly type: SchemaNode;
  readonly value: unknown;
  readonly context: Context;
}

/** Renders reference tokens the way Java's `Incompatibility.getLocation()` does: `/` alone is the root. */
export function formatLocation(tokens: readonly string[]): string {
  return `/${tokens.map((token) => token.replace(/~/g, '~0').replace(/\//g, '~1')).join('/')}`;
}

function fail(context: Context, message: string): never {
  const location = formatLocation(context.pointer);
  const where = [`at ${location}`];
  if (context.source !== undefined) where.push(`in ${context.source}`);
  if (context.fieldPath.length > 0) where.push(`field '${context.fieldPath.join('.')}'`);
  throw new InvalidSchemaError(`${message} (${where.join(', ')})`, location);
}

function child(context: Context, ...tokens: string[]): Context {
  return { ...context, pointer: [...context.pointer, ...tokens] };
}

function namespaceOf(fullName: string): string {
  const dot = fullName.lastIndexOf('.');
  return dot < 0 ? '' : fullName.slice(0, dot);
}

function qualify(name: string, namespace: string): string {
  return name.includes('.') || namespace === '' ? name : `${namespace}.${name}`;
}

function unionBranchKey(node: SchemaNode): string {
  return node.kind === 'record' || node.kind === 'enum' || node.kind === 'fixed' ? node.fullName : node.kind;
}

/**
 * Turns schema JSON into a graph of nodes, enforcing the Avro 1.11 specification with precise locations.
 * Named types are shared nodes (a recursive schema is a cyclic graph); every other occurrence is a fresh node,
 * which is what Java's parser does and what compatibility memoisation relies on.
 *
 * One builder is one name scope: documents built one after another (references, then the schema) see the
 * named types defined before them. `namedTypes` (full name → schema JSON defining it, possibly the whole
 * referenced document) is consulted only for names not defined otherwise.
 */
export class SchemaModelBuilder {
  private readonly names = new Map<string, NamedNode>();
  private readonly loadedKeys = new Set<string>();
  private readonly loadedDocuments = new Set<unknown>();
  private pendingDefaults: PendingDefault[] = [];
  private depth = 0;

  constructor(private readonly namedTypes: Readonly<Record<string, unknown>> = {}) {}

  get definedNames(): ReadonlyMap<string, NamedNode> {
    return this.names;
  }

  /** @param source names the document in error messages when it is not the main schema */
  build(json: unknown, source?: string): SchemaNode {
    return this.buildDocument(json, '', source);
  }

  private buildDocument(json: unknown, namespace: string, source: string | undefined): SchemaNode {
    this.depth++;
    try {
      const node = this.parse(json, { namespace, pointer: [], fieldPath: [], source });
      // Defaults are checked last: a default may hold a record whose fields were not all parsed yet.
      if (this.depth === 1) this.checkPendingDefaults();
      return node;
    } finally {
      this.depth--;
      if (this.depth === 0) this.pendingDefaults = [];
    }
  }

  private checkPendingDefaults(): void {
    for (const { type, value, context } of this.pendingDefaults) {
      const problem = defaultValueMismatch(type, value);
      if (problem !== undefined) {
        fail(
          context,
          `default value of field '${context.fieldPath.join('.')}' does not match its type: ${problem}`,
        );
      }
    }
  }

  private parse(json: unknown, context: Context): SchemaNode {
    if (typeof json === 'string') return this.parseTypeName(json, context);
    if (Array.isArray(json)) return this.parseUnion(json, context);
    if (isJsonObject(json)) return this.parseObject(json, context);
    return fail(
      context,
      `a schema must be a type name, an object or a union array, not ${describeJson(json)}`,
    );
  }

  private parseTypeName(name: string, context: Context): SchemaNode {
    if (PRIMITIVES.has(name)) return { kind: name as PrimitiveTypeName };
    const candidates = this.candidates(name, context.namespace);
    const node = this.resolve(candidates);
    if (node !== undefined) return node;
    const tried = candidates.map((candidate) => `'${candidate}'`).join(' and ');
    return fail(
      context,
      `unknown type name '${name}' (looked for ${tried}; a named type must be defined before use or come from a reference)`,
    );
  }

  /** Java's `Names.get`: the name in the enclosing namespace first, then in the null namespace. */
  private candidates(name: string, namespace: string): string[] {
    const qualified = qualify(name, namespace);
    return qualified === name ? [name] : [qualified, name];
  }

  private resolve(candidates: readonly string[]): NamedNode | undefined {
    for (const candidate of candidates) {
      const node = this.names.get(candidate);
      if (node !== undefined) return node;
    }
    for (const candidate of candidates) {
      if (this.loadNamedType(candidate)) {
        const node = this.names.get(candidate);
        if (node !== undefined) return node;
      }
    }
    return undefined;
  }

  private loadNamedType(key: string): boolean {
    if (this.loadedKeys.has(key) || !Object.hasOwn(this.namedTypes, key)) return false;
    this.loadedKeys.add(key);
    const json = this.namedTypes[key];
    if (!this.loadedDocuments.has(json)) {
      this.loadedDocuments.add(json);
      // A bare definition keyed by its full name (`{"name": "Address"}` under `id.go.Address`) takes its
      // namespace from the key; a whole referenced document keeps its own.
      const bare =
        isJsonObject(json) &&
        typeof json.name === 'string' &&
        !json.name.includes('.') &&
        json.namespace === undefined;
      const namespace = bare && key.endsWith(`.${String(json.name)}`) ? namespaceOf(key) : '';
      const root = this.buildDocument(json, namespace, `named type '${key}'`);
      if (!this.names.has(key) && (root.kind === 'record' || root.kind === 'enum' || root.kind === 'fixed')) {
        this.names.set(key, root);
      }
    }
    return true;
  }

  private parseUnion(branches: readonly unknown[], context: Context): SchemaNode {
    if (branches.length === 0) fail(context, 'a union must have at least one branch');
    const seen = new Map<string, number>();
    const nodes = branches.map((branch, index) => {
      const branchContext = child(context, String(index));
      if (Array.isArray(branch)) {
        fail(
          branchContext,
          `a union may not directly contain another union (branch ${index} is a nested union)`,
        );
      }
      const node = this.parse(branch, branchContext);
      const key = unionBranchKey(node);
      const first = seen.get(key);
      if (first !== undefined) {
        const what =
          node.kind === 'array' || node.kind === 'map'
            ? `${key}s, whatever their ${node.kind === 'array' ? 'items' : 'values'}`
            : `'${key}'`;
        fail(
          branchContext,
          `a union may not contain two branches of the same type: branches ${first} and ${index} are both ${what}`,
        );
      }
      seen.set(key, index);
      return node;
    });
    return { kind: 'union', branches: nodes };
  }

  private parseObject(json: Record<string, unknown>, context: Context): SchemaNode {
    if (!Object.hasOwn(json, 'type')) return fail(context, "a schema object needs a 'type' attribute");
    const type = json.type;
    if (typeof type !== 'string') {
      return fail(child(context, 'type'), `'type' must be a type name string, not ${describeJson(type)}`);
    }
    switch (type) {
      case 'record':
      case 'error':
        return this.parseRecord(json, context);
      case 'enum':
        return this.parseEnum(json, context);
      case 'fixed':
        return this.parseFixed(json, context);
      case 'array':
        if (!Object.hasOwn(json, 'items')) return fail(context, "an array schema needs an 'items' attribute");
        return { kind: 'array', items: this.parse(json.items, child(context, 'items')) };
      case 'map':
        if (!Object.hasOwn(json, 'values')) return fail(context, "a map schema needs a 'values' attribute");
        return { kind: 'map', values: this.parse(json.values, child(context, 'values')) };
      default:
        // `{"type": "int", "logicalType": ...}` and `{"type": "some.Named"}`: logical types change nothing here.
        return this.parseTypeName(type, child(context, 'type'));
    }
  }

  private checkDottedName(value: string, what: string, context: Context): void {
    if (!value.split('.').every((part) => NAME_PATTERN.test(part))) {
      fail(context, `invalid ${what} '${value}': each dot-separated part must be a name (${NAME_RULE})`);
    }
  }

  private parseNamed(json: Record<string, unknown>, kind: string, context: Context): NamedNodeBase {
    const rawName = json.name;
    if (typeof rawName !== 'string' || rawName === '') {
      return fail(
        child(context, 'name'),
        `a ${kind} needs a non-empty string 'name', got ${describeJson(rawName)}`,
      );
    }
    let name = rawName;
    let namespace: string;
    if (rawName.includes('.')) {
      this.checkDottedName(rawName, `${kind} name`, child(context, 'name'));
      namespace = namespaceOf(rawName);
      name = rawName.slice(namespace.length + 1);
    } else {
      if (!NAME_PATTERN.test(rawName))
        fail(child(context, 'name'), `invalid ${kind} name '${rawName}': ${NAME_RULE}`);
      const rawNamespace = json.namespace;
      if (rawNamespace === undefined || rawNamespace === null) {
        namespace = context.namespace;
      } else if (typeof rawNamespace !== 'string') {
        return fail(
          child(context, 'namespace'),
          `a namespace must be a string, got ${describeJson(rawNamespace)}`,
        );
      } else {
        if (rawNamespace !== '') this.checkDottedName(rawNamespace, 'namespace', child(context, 'namespace'));
        namespace = rawNamespace;
      }
    }
    if (PRIMITIVES.has(name)) {
      fail(child(context, 'name'), `a ${kind} may not be named '${name}', which is a primitive type name`);
    }
    const fullName = qualify(name, namespace);
    const existing = this.names.get(fullName);
    if (existing !== undefined) {
      const where = `${existing.source === undefined ? '' : `${existing.source} `}at ${existing.location}`;
      fail(
        child(context, 'name'),
        `type '${fullName}' is already defined (${where}); a name may be defined once`,
      );
    }
    const aliases = this.parseAliases(json, context, (alias) => {
      this.checkDottedName(alias, 'alias', child(context, 'aliases'));
      return qualify(alias, namespace);
    });
    return {
      name,
      namespace,
      fullName,
      aliases,
      location: formatLocation(context.pointer),
      source: context.source,
    };
  }

  private parseAliases(
    json: Record<string, unknown>,
    context: Context,
    accept: (alias: string) => string,
  ): string[] {
    if (!Object.hasOwn(json, 'aliases')) return [];
    const aliases = json.aliases;
    if (!Array.isArray(aliases) || !aliases.every((alias) => typeof alias === 'string')) {
      return fail(
        child(context, 'aliases'),
        `'aliases' must be an array of strings, got ${describeJson(aliases)}`,
      );
    }
    return aliases.map(accept);
  }

  private parseRecord(json: Record<string, unknown>, context: Context): RecordNode {
    const base = this.parseNamed(json, 'record', context);
    const rawFields = json.fields;
    if (!Array.isArray(rawFields)) {
      return fail(child(context, 'fields'), `record '${base.fullName}' needs a 'fields' array`);
    }
    const node: RecordNode = { kind: 'record', ...base, fields: [] };
    this.names.set(base.fullName, node);
    const inner: Context = { ...context, namespace: base.namespace };
    const positions = new Map<string, number>();
    rawFields.forEach((rawField: unknown, position) => {
      const fieldContext = child(inner, 'fields', String(position));
      if (!isJsonObject(rawField)) {
        fail(fieldContext, `field ${position} of record '${base.fullName}' must be an object`);
      }
      const name = rawField.name;
      if (typeof name !== 'string') {
        fail(
          child(fieldContext, 'name'),
          `field ${position} of record '${base.fullName}' needs a string 'name'`,
        );
      }
      if (!NAME_PATTERN.test(name)) {
        fail(
          child(fieldContext, 'name'),
          `invalid field name '${name}' in record '${base.fullName}': ${NAME_RULE}`,
        );
      }
      const earlier = positions.get(name);
      if (earlier !== undefined) {
        fail(
          fieldContext,
          `duplicate field name '${name}' in record '${base.fullName}' (fields ${earlier} and ${position})`,
        );
      }
      positions.set(name, position);
      const named: Context = { ...fieldContext, fieldPath: [...context.fieldPath, name] };
      if (!Object.hasOwn(rawField, 'type')) fail(named, `field '${name}' has no 'type'`);
      const aliases = this.parseAliases(rawField, named, (alias) => {
        if (!NAME_PATTERN.test(alias))
          fail(child(named, 'aliases'), `invalid field alias '${alias}': ${NAME_RULE}`);
        return alias;
      });
      if (Object.hasOwn(rawField, 'order') && !FIELD_ORDERS.has(rawField.order)) {
        fail(
          child(named, 'order'),
          `field order must be 'ascending', 'descending' or 'ignore', got ${describeJson(rawField.order)}`,
        );
      }
      const type = this.parse(rawField.type, child(named, 'type'));
      const hasDefault = Object.hasOwn(rawField, 'default');
      if (hasDefault)
        this.pendingDefaults.push({ type, value: rawField.default, context: child(named, 'default') });
      node.fields.push({
        name,
        aliases,
        type,
        hasDefault,
        defaultValue: rawField.default,
        position,
        attributes: rawField,
        location: formatLocation(fieldContext.pointer),
        source: context.source,
      });
    });
    return node;
  }

  private parseEnum(json: Record<string, unknown>, context: Context): EnumNode {
    const base = this.parseNamed(json, 'enum', context);
    const rawSymbols = json.symbols;
    if (!Array.isArray(rawSymbols)) {
      return fail(child(context, 'symbols'), `enum '${base.fullName}' needs a 'symbols' array`);
    }
    const positions = new Map<string, number>();
    const symbols = rawSymbols.map((symbol: unknown, index) => {
      const symbolContext = child(context, 'symbols', String(index));
      if (typeof symbol !== 'string' || !NAME_PATTERN.test(symbol)) {
        fail(
          symbolContext,
          `invalid symbol ${describeJson(symbol)} in enum '${base.fullName}': ${NAME_RULE}`,
        );
      }
      const earlier = positions.get(symbol);
      if (earlier !== undefined) {
        fail(
          symbolContext,
          `duplicate symbol '${symbol}' in enum '${base.fullName}' (symbols ${earlier} and ${index})`,
        );
      }
      positions.set(symbol, index);
      return symbol;
    });
    let defaultSymbol: string | undefined;
    if (Object.hasOwn(json, 'default')) {
      const rawDefault = json.default;
      if (typeof rawDefault !== 'string' || !positions.has(rawDefault)) {
        fail(
          child(context, 'default'),
          `enum '${base.fullName}' default ${describeJson(rawDefault)} is not one of its symbols (${symbols.join(', ')})`,
        );
      }
      defaultSymbol = rawDefault;
    }
    const node: EnumNode = { kind: 'enum', ...base, symbols, defaultSymbol };
    this.names.set(base.fullName, node);
    return node;
  }

  private parseFixed(json: Record<string, unknown>, context: Context): FixedNode {
    const base = this.parseNamed(json, 'fixed', context);
    const size = json.size;
    if (typeof size !== 'number' || !Number.isInteger(size) || size < 0 || size > MAX_FIXED_SIZE) {
      return fail(
        child(context, 'size'),
        `fixed '${base.fullName}' needs a 'size' that is a non-negative 32-bit integer, got ${describeJson(size)}`,
      );
    }
    const node: FixedNode = { kind: 'fixed', ...base, size };
    this.names.set(base.fullName, node);
    return node;
  }
}

/** Builds one schema document, resolving unknown names through `namedTypes` (full name → schema JSON). */
export function buildSchemaModel(
  json: unknown,
  namedTypes: Readonly<Record<string, unknown>> = {},
): SchemaNode {
  return new SchemaModelBuilder(namedTypes).build(json);
}
