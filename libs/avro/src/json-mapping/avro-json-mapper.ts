import type * as avro from 'avsc';
import { buildSchemaModel } from '../schema/schema-model';
import { createAvscType } from './avsc-type-factory';
import type { Converter } from './converter';
import { ConverterCompiler } from './converter-compiler';
import type { JsonMappingIssue } from './json-mapping-issue';
import type { FromJsonContext, MappingContext } from './json-path';

/** Nesting allowed in JSON (objects and arrays, union wrappers included) unless a mapper says otherwise. */
export const DEFAULT_MAX_JSON_DEPTH = 64;

export interface AvroJsonMapperOptions {
  /** Levels of JSON objects and arrays a value may nest; deeper input is an issue. Default 64. */
  readonly maxDepth?: number;
}

export type JsonMappingResult = { value: unknown } | { issues: JsonMappingIssue[] };

/**
 * The documented mapping (README.md beside this file) between the JSON agencies exchange over HTTP and the
 * avsc values of one Avro schema. Compiled once per schema into a tree of converters; `fromJson` and
 * `toJson` walk the value, never the schema.
 *
 * Values are avsc values of {@link type}: longs are bigints, logical types hold their raw underlying values
 * (a date is an int of days, a decimal its two's complement bytes), `["null", T]` unions are unwrapped and
 * every other union is wrapped (`{"branch": value}`), maps have no prototype.
 */
export class AvroJsonMapper {
  private constructor(
    /** The avsc type that encodes and decodes the values. */
    readonly type: avro.Type,
    private readonly converter: Converter,
    private readonly maxDepth: number,
  ) {}

  /**
   * @param schema the parsed schema JSON
   * @param namedTypes full name → schema JSON defining it (possibly a whole referenced document), for the
   *   names the schema uses without defining them (`ParsedSchema.namedTypes`)
   * @throws InvalidSchemaError when the schema is not valid Avro, or names a field or type `__proto__`
   */
  static forSchema(
    schema: unknown,
    namedTypes: Readonly<Record<string, unknown>> = {},
    options: AvroJsonMapperOptions = {},
  ): AvroJsonMapper {
    const maxDepth = options.maxDepth ?? DEFAULT_MAX_JSON_DEPTH;
    if (!Number.isInteger(maxDepth) || maxDepth < 1) {
      throw new RangeError(`maxDepth must be a positive integer, got ${maxDepth}`);
    }
    // The schema model checks the specification with precise locations; avsc then builds the codec.
    buildSchemaModel(schema, namedTypes);
    const type = createAvscType(schema, namedTypes);
    return new AvroJsonMapper(type, new ConverterCompiler().compile(type), maxDepth);
  }

  /** The avsc value of `json`, or every issue found (never only the first). Never throws for bad input. */
  fromJson(json: unknown): JsonMappingResult {
    const context: FromJsonContext = { issues: [], path: [], depth: 0, maxDepth: this.maxDepth };
    const value = this.converter.fromJson(json, context);
    return context.issues.length === 0 ? { value } : { issues: context.issues };
  }

  /**
   * Plain JSON (no bigint, Buffer or Date) of an avsc value, normally one `decode` returned.
   * @throws JsonMappingError when the value is not a value of {@link type}
   */
  toJson(value: unknown): unknown {
    const context: MappingContext = { path: [], depth: 0, maxDepth: this.maxDepth };
    return this.converter.toJson(value, context);
  }

  encode(value: unknown): Buffer {
    return this.type.toBuffer(value);
  }

  /** @throws Error (avsc's) when the bytes are truncated, have trailing data or are not of the type */
  decode(buffer: Buffer): unknown {
    return this.type.fromBuffer(buffer) as unknown;
  }
}
