import * as avro from 'avsc';

export interface AvroIssue {
  /** Dotted path of the offending field, e.g. `child.birthDate`; empty for the record itself. */
  path: string;
  message: string;
}

export class AvroSchemaError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'AvroSchemaError';
  }
}

export class AvroDecodeError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'AvroDecodeError';
  }
}

function describeType(type: avro.Type): string {
  if (type instanceof avro.types.UnwrappedUnionType || type instanceof avro.types.WrappedUnionType) {
    return `one of ${type.types.map(describeType).join(', ')}`;
  }
  if (type instanceof avro.types.LogicalType)
    return `${type.underlyingType.typeName} (${String(type.typeName)})`;
  return type.typeName === 'record' || type.typeName === 'enum' || type.typeName === 'fixed'
    ? `${type.typeName} ${type.name ?? ''}`.trim()
    : type.typeName;
}

/**
 * An Avro schema ready to validate, encode and decode values (avsc underneath). Parsing is strict: names
 * must be valid and defaults must match their types.
 */
export class AvroCodec {
  private constructor(
    readonly type: avro.Type,
    readonly schema: unknown,
  ) {}

  /**
   * @param schema the schema as JSON text or parsed JSON
   * @param namedTypes types already defined elsewhere (references), keyed by full name
   */
  static fromSchema(schema: string | object, namedTypes: Record<string, avro.Type> = {}): AvroCodec {
    let parsed: unknown;
    try {
      parsed = typeof schema === 'string' ? JSON.parse(schema) : schema;
    } catch (error) {
      throw new AvroSchemaError(`schema is not valid JSON: ${(error as Error).message}`);
    }
    try {
      const registry: Record<string, avro.Type> = { ...namedTypes };
      const type = avro.Type.forSchema(parsed as avro.Schema, { registry, assertLogicalTypes: true });
      return new AvroCodec(type, parsed);
    } catch (error) {
      throw new AvroSchemaError(`schema is not valid Avro: ${(error as Error).message}`);
    }
  }

  /** A codec over a schema already parsed (and checked) by `parseAvroSchema`. */
  static fromParsed(parsed: { type: avro.Type; json: unknown }): AvroCodec {
    return new AvroCodec(parsed.type, parsed.json);
  }

  /** Every problem of `value` against the schema, with field paths; empty when valid. */
  validate(value: unknown): AvroIssue[] {
    const issues: AvroIssue[] = [];
    this.type.isValid(value, {
      errorHook: (path: string[], received: unknown, type: avro.Type) => {
        issues.push({
          path: path.join('.'),
          message: `expected ${describeType(type)}, got ${received === undefined ? 'nothing' : (JSON.stringify(received) ?? typeof received)}`,
        });
      },
    });
    return issues;
  }

  encode(value: unknown): Buffer {
    return this.type.toBuffer(value);
  }

  /** Decodes exactly one value; trailing bytes or truncated input are errors, never partial values. */
  decode(payload: Buffer): unknown {
    let result: { value: unknown; offset: number };
    try {
      result = this.type.decode(payload, 0);
    } catch (error) {
      throw new AvroDecodeError(
        `payload is not valid Avro for ${describeType(this.type)}: ${(error as Error).message}`,
      );
    }
    if (result.offset < 0) throw new AvroDecodeError('payload is truncated');
    if (result.offset !== payload.length) {
      throw new AvroDecodeError(`payload has ${payload.length - result.offset} trailing bytes`);
    }
    return result.value;
  }
}
