import * as avro from 'avsc';
import { InvalidSchemaError } from './invalid-schema-error';
import { SchemaModelBuilder } from './schema-model';

/** A schema the parsed schema refers to, e.g. one defining an address record used by its full name. */
export interface SchemaReference {
  /** How the reference is called in messages (Confluent: the reference name, often the subject). */
  name: string;
  /** The referenced schema text. */
  schema: string;
}

export interface ParsedSchema {
  /** The schema JSON as written: docs, defaults, aliases and custom attributes are all kept. */
  readonly json: unknown;
  /** The avsc type, ready to validate, encode and decode. */
  readonly type: avro.Type;
  /**
   * Named types defined by the references: full name → JSON of the reference document defining it. Pass it
   * to `readerCanRead`, `checkCompatibility` and `fieldClassifications` so names resolve the same way.
   */
  readonly namedTypes: Readonly<Record<string, unknown>>;
}

function parseJson(text: string, what: string): unknown {
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new InvalidSchemaError(`${what} is not valid JSON: ${(error as Error).message}`);
  }
}

function toAvscType(json: unknown, registry: Record<string, avro.Type>, what: string): avro.Type {
  try {
    return avro.Type.forSchema(json as avro.Schema, { registry });
  } catch (error) {
    // Our own checks run first and give locations; this catches whatever avsc enforces beyond them.
    throw new InvalidSchemaError(`${what} is not valid Avro: ${(error as Error).message}`);
  }
}

/**
 * Parses and validates a schema text against the Avro 1.11 specification. References are parsed first, in
 * order, and their named types are visible to later references and to the schema.
 *
 * Checked here with precise locations (avsc alone rejects most of these but cannot say where): JSON syntax,
 * unknown type names, defaults not matching the field type (a union default must match the FIRST branch),
 * duplicate field names and enum symbols, invalid names, namespaces and aliases, unions holding the same type
 * twice (two arrays, two maps, or the same name) or holding a union, fixed without a valid size, enum defaults
 * outside the symbols, named types redefined or named after primitives.
 *
 * @throws InvalidSchemaError naming the rule broken and where
 */
export function parseAvroSchema(text: string, references: readonly SchemaReference[] = []): ParsedSchema {
  const builder = new SchemaModelBuilder();
  const registry: Record<string, avro.Type> = {};
  const namedTypes: Record<string, unknown> = {};
  for (const reference of references) {
    const what = `reference '${reference.name}'`;
    const json = parseJson(reference.schema, what);
    const before = new Set(builder.definedNames.keys());
    builder.build(json, what);
    for (const name of builder.definedNames.keys()) {
      if (!before.has(name)) namedTypes[name] = json;
    }
    toAvscType(json, registry, what);
  }
  const json = parseJson(text, 'schema');
  builder.build(json);
  return { json, type: toAvscType(json, registry, 'schema'), namedTypes };
}
