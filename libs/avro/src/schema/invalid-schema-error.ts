/**
 * A schema text that is not valid Avro (or not valid for this registry). The message names the rule broken
 * and where: a JSON-pointer-like `location` inside the offending document (`/` is the root, as Java's
 * `SchemaCompatibility` prints it) plus, when inside a record, the dotted field path.
 */
export class InvalidSchemaError extends Error {
  constructor(
    message: string,
    /** JSON-pointer-like location inside the offending document, e.g. `/fields/1/type`; absent when unknown. */
    readonly location?: string,
  ) {
    super(message);
    this.name = 'InvalidSchemaError';
  }
}
