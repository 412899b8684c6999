/**
 * The catalogue of stable error codes. A code never changes meaning once published; clients may switch on
 * it. Each maps to exactly one HTTP status at the edge (see `httpStatusOf`).
 */
export enum ErrorCode {
  BadRequest = 'BAD_REQUEST',
  ValidationFailed = 'VALIDATION_FAILED',
  Unauthenticated = 'UNAUTHENTICATED',
  Forbidden = 'FORBIDDEN',
  NotFound = 'NOT_FOUND',
  Conflict = 'CONFLICT',
  PayloadTooLarge = 'PAYLOAD_TOO_LARGE',
  UnsupportedMediaType = 'UNSUPPORTED_MEDIA_TYPE',
  SchemaViolation = 'SCHEMA_VIOLATION',
  RateLimited = 'RATE_LIMITED',
  DependencyUnavailable = 'DEPENDENCY_UNAVAILABLE',
  Internal = 'INTERNAL',
}

const statusByCode: Record<ErrorCode, number> = {
  [ErrorCode.BadRequest]: 400,
  [ErrorCode.ValidationFailed]: 400,
  [ErrorCode.Unauthenticated]: 401,
  [ErrorCode.Forbidden]: 403,
  [ErrorCode.NotFound]: 404,
  [ErrorCode.Conflict]: 409,
  [ErrorCode.PayloadTooLarge]: 413,
  [ErrorCode.UnsupportedMediaType]: 415,
  [ErrorCode.SchemaViolation]: 422,
  [ErrorCode.RateLimited]: 429,
  [ErrorCode.DependencyUnavailable]: 503,
  [ErrorCode.Internal]: 500,
};

export function httpStatusOf(code: ErrorCode): number {
  return statusByCode[code];
}
