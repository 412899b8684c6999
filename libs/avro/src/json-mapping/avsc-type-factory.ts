import * as avro from 'avsc';
import { InvalidSchemaError } from '../schema/invalid-schema-error';
import { isJsonObject } from '../schema/json-value';
import { BIGINT_LONG_TYPE } from './bigint-long-type';
import { logicalTypeSpecOf } from './logical-type-spec';
import { PrototypeSafeMapType } from './prototype-safe-map-type';
import { RawValueLogicalType } from './raw-value-logical-type';

type ForSchemaOptions = Partial<avro.ForSchemaOptions>;

const PRIMITIVE_NAMES: ReadonlySet<string> = new Set([
  'null',
  'boolean',
  'int',
  'long',
  'float',
  'double',
  'bytes',
  'string',
]);
/** What avsc accepts as `"type"` of a schema object; anything else there is a reference to a named type. */
const AVSC_TYPE_NAMES: ReadonlySet<string> = new Set([
  ...PRIMITIVE_NAMES,
  'record',
  'error',
  'enum',
  'fixed',
  'array',
  'map',
]);

function isNullBranch(branch: unknown): boolean {
  return branch === 'null' || (isJsonObject(branch) && branch.type === 'null');
}

/** `["null", T]` or `[T, "null"]`: the only unions whose values are left unwrapped. */
export function isNullableUnionSchema(branches: readonly unknown[]): boolean {
  return branches.length === 2 && isNullBranch(branches[0]) !== isNullBranch(branches[1]);
}

/**
 * Builds the avsc type behind a mapper, by steering avsc's parser through its `typeHook`:
 * - `long` is {@link BIGINT_LONG_TYPE} (values are bigints), wherever it appears;
 * - valid logical types are {@link RawValueLogicalType} (values are the raw underlying values);
 * - `["null", T]` unions are unwrapped (null or the value), every other union is wrapped (`{"branch": v}`);
 * - maps are {@link PrototypeSafeMapType};
 * - names resolve like Java's parser (enclosing namespace, then the null namespace) and, when not defined
 *   in the schema, from `namedTypes` (full name → schema JSON defining it, possibly a whole document).
 */
class AvscTypeFactory {
  private readonly loadedDocuments = new Set<unknown>();
  /** The logical type schema whose underlying type avsc is instantiating right now. */
  private logicalUnderConstruction: unknown;

  constructor(private readonly namedTypes: Readonly<Record<string, unknown>>) {}

  create(schema: unknown): avro.Type {
    const options: ForSchemaOptions = {
      // Without a prototype, a type named like an Object.prototype member cannot collide with one.
      registry: Object.create(null) as Record<string, avro.Type>,
      typeHook: (nested, nestedOptions) => this.hook(nested, nestedOptions),
    };
    return avro.Type.forSchema(schema as avro.Schema, options);
  }

  private hook(schema: unknown, options: ForSchemaOptions): avro.Type | undefined {
    if (typeof schema === 'string') return this.resolveName(schema, options);
    if (Array.isArray(schema)) {
      return isNullableUnionSchema(schema)
        ? new avro.types.UnwrappedUnionType(schema as avro.Schema, options)
        : new avro.types.WrappedUnionType(schema as avro.Schema, options);
    }
    if (!isJsonObject(schema)) return undefined;
    if (schema === this.logicalUnderConstruction) {
      return schema.type === 'long' ? BIGINT_LONG_TYPE : undefined;
    }
    const spec = logicalTypeSpecOf(schema);
    if (spec !== undefined) {
      const outer = this.logicalUnderConstruction;
      this.logicalUnderConstruction = schema;
      try {
        return new RawValueLogicalType(schema as avro.Schema, options, spec);
      } finally {
        this.logicalUnderConstruction = outer;
      }
    }
    const { type } = schema;
    if (type === 'long') return BIGINT_LONG_TYPE;
    if (type === 'map') return new PrototypeSafeMapType(schema as avro.Schema, options);
    // `{"type": "id.go.Alamat"}` refers to a named type; avsc only understands the bare string.
    if (typeof type === 'string' && !AVSC_TYPE_NAMES.has(type)) return avro.Type.forSchema(type, options);
    return undefined;
  }

  private resolveName(name: string, options: ForSchemaOptions): avro.Type | undefined {
    if (name === 'long') return BIGINT_LONG_TYPE;
    if (PRIMITIVE_NAMES.has(name)) return undefined;
    const registry = options.registry ?? {};
    const namespace = options.namespace;
    const candidates =
      name.includes('.') || namespace === undefined || namespace === ''
        ? [name]
        : [`${namespace}.${name}`, name];
    for (const candidate of candidates) {
      if (Object.hasOwn(registry, candidate)) return registry[candidate];
    }
    for (const candidate of candidates) {
      if (this.loadReference(candidate, options) && Object.hasOwn(registry, candidate)) {
        return registry[candidate];
      }
    }
    return undefined;
  }

  /** Parses the document defining `fullName` into the shared registry; false when there is none (left). */
  private loadReference(fullName: string, options: ForSchemaOptions): boolean {
    if (!Object.hasOwn(this.namedTypes, fullName)) return false;
    const json = this.namedTypes[fullName];
    if (this.loadedDocuments.has(json)) return false;
    this.loadedDocuments.add(json);
    // A bare definition keyed by its full name takes its namespace from the key (as the schema model does).
    const simpleName = isJsonObject(json) && json.namespace === undefined ? json.name : undefined;
    const bare =
      typeof simpleName === 'string' && !simpleName.includes('.') && fullName.endsWith(`.${simpleName}`);
    const outer = options.namespace;
    options.namespace = bare ? fullName.slice(0, fullName.length - simpleName.length - 1) : '';
    try {
      avro.Type.forSchema(json as avro.Schema, options);
    } finally {
      options.namespace = outer;
    }
    return true;
  }
}

/** @throws InvalidSchemaError when avsc refuses the schema */
export function createAvscType(schema: unknown, namedTypes: Readonly<Record<string, unknown>>): avro.Type {
  try {
    return new AvscTypeFactory(namedTypes).create(schema);
  } catch (error) {
    throw new InvalidSchemaError(`schema is not valid Avro: ${(error as Error).message}`);
  }
}
