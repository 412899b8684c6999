import { type SchemaReference } from '@app/persistence';
import { jsonObject } from '../registry-input';
import { RegistryError } from '../schema-registry.errors';

const MAX_INT32 = 2 ** 31 - 1;
const UNSUPPORTED_TYPES = new Set(['JSON', 'PROTOBUF']);

/**
 * The body of `POST /subjects/{s}/versions`, `POST /subjects/{s}` and the compatibility checks, validated.
 * Members newer Confluent clients may send (`metadata`, `ruleSet`, `normalize`) are accepted and ignored.
 */
export interface RegisterSchemaRequest {
  schema: string;
  references: SchemaReference[];
  /** IMPORT mode only: the id the schema must get. */
  id?: number;
  /** IMPORT mode only: the version number it must get. */
  version?: number;
}

function describeType(value: unknown): string {
  if (value === null) return 'null';
  return Array.isArray(value) ? 'an array' : `a ${typeof value}`;
}

function optionalPositiveInt(body: Record<string, unknown>, member: 'id' | 'version'): number | undefined {
  const value = body[member];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 1 || value > MAX_INT32) {
    throw RegistryError.invalidRequest(
      `'${member}' must be an integer from 1 to 2^31-1, got ${JSON.stringify(value)}`,
    );
  }
  return value;
}

function parseReference(value: unknown, index: number): SchemaReference {
  const at = `references[${index}]`;
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw RegistryError.invalidRequest(
      `${at} must be an object {name, subject, version}, got ${describeType(value)}`,
    );
  }
  const { name, subject, version } = value as Record<string, unknown>;
  // Control characters: no type name has them, and PostgreSQL's jsonb refuses NUL.
  if (typeof name !== 'string' || name === '' || /\p{Cc}/u.test(name)) {
    throw RegistryError.invalidRequest(
      `${at}.name must be a non-empty string without control characters, got ${
        typeof name === 'string' ? JSON.stringify(name.slice(0, 100)) : describeType(name)
      }`,
    );
  }
  if (typeof subject !== 'string' || subject === '') {
    throw RegistryError.invalidRequest(
      `${at}.subject must be a non-empty string, got ${describeType(subject)}`,
    );
  }
  if (
    typeof version !== 'number' ||
    !Number.isInteger(version) ||
    version > MAX_INT32 ||
    (version < 1 && version !== -1)
  ) {
    throw RegistryError.invalidRequest(
      `${at}.version must be a version number (or -1 for the latest), got ${JSON.stringify(version) ?? 'nothing'}`,
    );
  }
  return { name, subject, version };
}

/** @throws RegistryError 42201 for a missing schema or an unsupported type, 422 for a body of the wrong shape */
export function parseRegisterSchemaRequest(body: unknown): RegisterSchemaRequest {
  const members = jsonObject(body, '{"schema": "<Avro schema JSON as a string>"}');
  const { schema, schemaType } = members;
  if (schemaType !== undefined && schemaType !== null) {
    if (typeof schemaType !== 'string') {
      throw RegistryError.invalidRequest(`'schemaType' must be a string, got ${describeType(schemaType)}`);
    }
    const type = schemaType.toUpperCase();
    if (UNSUPPORTED_TYPES.has(type)) {
      throw RegistryError.invalidSchema(
        `schema type ${type} is unsupported: this registry holds AVRO schemas only`,
      );
    }
    if (type !== 'AVRO') {
      throw RegistryError.invalidSchema(
        `unknown schema type '${schemaType}': this registry holds AVRO schemas only`,
      );
    }
  }
  if (typeof schema !== 'string') {
    throw RegistryError.invalidSchema(
      `'schema' must be a string holding the schema JSON, got ${schema === undefined ? 'nothing' : describeType(schema)}`,
    );
  }
  if (schema.trim() === '') throw RegistryError.invalidSchema("'schema' is empty");
  const references = members.references ?? [];
  if (!Array.isArray(references)) {
    throw RegistryError.invalidRequest(
      `'references' must be an array of {name, subject, version}, got ${describeType(references)}`,
    );
  }
  const id = optionalPositiveInt(members, 'id');
  const version = optionalPositiveInt(members, 'version');
  return {
    schema,
    references: (references as unknown[]).map(parseReference),
    ...(id === undefined ? {} : { id }),
    ...(version === undefined ? {} : { version }),
  };
}
