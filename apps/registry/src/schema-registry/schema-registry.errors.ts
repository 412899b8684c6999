import { AppError, ErrorCode } from '@app/core';

/**
 * A schema-registry failure with Confluent's numeric `error_code` besides our stable code. The Confluent
 * routes answer `{"error_code": N, "message": "..."}`; the /v1 routes keep the house format and carry the
 * number in `details.errorCode`.
 */
export class RegistryError extends AppError {
  constructor(
    code: ErrorCode,
    readonly errorCode: number,
    message: string,
  ) {
    super(code, message, { details: { errorCode } });
    this.name = 'RegistryError';
  }

  static subjectNotFound(subject: string): RegistryError {
    return new RegistryError(ErrorCode.NotFound, 40401, `Subject '${shown(subject)}' not found.`);
  }

  static versionNotFound(subject: string, version: number | string): RegistryError {
    return new RegistryError(
      ErrorCode.NotFound,
      40402,
      `Version ${version} not found in subject '${shown(subject)}'.`,
    );
  }

  static schemaNotFound(id?: number | string): RegistryError {
    return new RegistryError(
      ErrorCode.NotFound,
      40403,
      id === undefined ? 'Schema not found' : `Schema ${typeof id === 'string' ? shown(id) : id} not found`,
    );
  }

  static subjectSoftDeleted(subject: string): RegistryError {
    return new RegistryError(
      ErrorCode.NotFound,
      40404,
      `Subject '${shown(subject)}' was soft deleted. Set permanent=true to delete permanently`,
    );
  }

  static subjectNotSoftDeleted(subject: string): RegistryError {
    return new RegistryError(
      ErrorCode.NotFound,
      40405,
      `Subject '${shown(subject)}' was not deleted first before being permanently deleted`,
    );
  }

  static versionSoftDeleted(subject: string, version: number): RegistryError {
    return new RegistryError(
      ErrorCode.NotFound,
      40406,
      `Subject '${shown(subject)}' Version ${version} was soft deleted. Set permanent=true to delete permanently`,
    );
  }

  static versionNotSoftDeleted(subject: string, version: number): RegistryError {
    return new RegistryError(
      ErrorCode.NotFound,
      40407,
      `Subject '${shown(subject)}' Version ${version} was not deleted first before being permanently deleted`,
    );
  }

  static compatibilityNotConfigured(subject: string): RegistryError {
    return new RegistryError(
      ErrorCode.NotFound,
      40408,
      `Subject '${shown(subject)}' does not have subject-level compatibility configured`,
    );
  }

  static modeNotConfigured(subject: string): RegistryError {
    return new RegistryError(
      ErrorCode.NotFound,
      40409,
      `Subject '${shown(subject)}' does not have subject-level mode configured`,
    );
  }

  static incompatible(subject: string, messages: readonly string[]): RegistryError {
    return new RegistryError(
      ErrorCode.Conflict,
      409,
      `Schema being registered is incompatible with an earlier schema for subject "${shown(subject)}", ` +
        `details: [${messages.join('; ')}]`,
    );
  }

  static invalidSchema(message: string): RegistryError {
    return new RegistryError(ErrorCode.SchemaViolation, 42201, `Invalid schema: ${message}`);
  }

  static invalidVersion(version: string): RegistryError {
    return new RegistryError(
      ErrorCode.SchemaViolation,
      42202,
      `The specified version '${version}' is not a valid version id. ` +
        'Allowed values are between [1, 2^31-1] and the string "latest"',
    );
  }

  static invalidCompatibility(given: unknown): RegistryError {
    return new RegistryError(
      ErrorCode.SchemaViolation,
      42203,
      `Invalid compatibility level ${describe(given)}. Valid values are none, backward, forward, full, ` +
        'backward_transitive, forward_transitive, and full_transitive',
    );
  }

  static invalidMode(given: unknown): RegistryError {
    return new RegistryError(
      ErrorCode.SchemaViolation,
      42204,
      `Invalid mode ${describe(given)}. Valid values are READWRITE, READONLY, and IMPORT.`,
    );
  }

  static operationNotPermitted(message: string): RegistryError {
    return new RegistryError(ErrorCode.SchemaViolation, 42205, message);
  }

  static referenceExists(message: string): RegistryError {
    return new RegistryError(ErrorCode.SchemaViolation, 42206, message);
  }

  static invalidSubject(subject: string): RegistryError {
    return new RegistryError(
      ErrorCode.SchemaViolation,
      42208,
      `The specified subject '${shown(subject)}' is not valid: ` +
        'it must be 1 to 255 characters without control characters',
    );
  }

  /** The request body is JSON but not of the shape the endpoint takes (Jackson's mapping error: 422). */
  static invalidRequest(message: string): RegistryError {
    return new RegistryError(ErrorCode.SchemaViolation, 422, message);
  }

  static unsupportedMediaType(contentType: string | undefined): RegistryError {
    return new RegistryError(
      ErrorCode.UnsupportedMediaType,
      415,
      `Content-Type ${contentType ? `'${contentType}'` : '(none)'} is not supported: send ` +
        'application/vnd.schemaregistry.v1+json, application/vnd.schemaregistry+json or application/json',
    );
  }

  static denied(operation: string, resource: string): RegistryError {
    return new RegistryError(
      ErrorCode.Forbidden,
      40301,
      `User is denied operation ${operation} on ${resource}`,
    );
  }
}

function describe(value: unknown): string {
  // JSON text of any value that came from a JSON body; `undefined` (absent) is the only other case.
  const text = JSON.stringify(value) ?? '(missing)';
  return text.length > 60 ? `${text.slice(0, 60)}…` : text;
}

/** A subject name as messages show it: control characters replaced, long names cut (with their length). */
function shown(subject: string): string {
  const visible = subject.replace(/\p{Cc}/gu, '\uFFFD');
  return visible.length > 100 ? `${visible.slice(0, 100)}… (${subject.length} characters)` : visible;
}
