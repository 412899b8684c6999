import { ErrorCode } from './error-codes';

export interface AppErrorOptions {
  /** Structured detail for the client, e.g. field paths that failed validation. Never secrets. */
  details?: unknown;
  /** True when the same operation may succeed if tried again (a dependency was briefly down). */
  retriable?: boolean;
  cause?: unknown;
}

/** The one error type that domain code throws. Its code decides the HTTP status at the edge. */
export class AppError extends Error {
  readonly details?: unknown;
  readonly retriable: boolean;

  constructor(
    readonly code: ErrorCode,
    message: string,
    options: AppErrorOptions = {},
  ) {
    super(message, { cause: options.cause });
    this.name = 'AppError';
    this.details = options.details;
    this.retriable = options.retriable ?? code === ErrorCode.DependencyUnavailable;
  }

  static badRequest(message: string, details?: unknown): AppError {
    return new AppError(ErrorCode.BadRequest, message, { details });
  }
  static unauthenticated(message = 'missing or invalid credentials'): AppError {
    return new AppError(ErrorCode.Unauthenticated, message);
  }
  static forbidden(message = 'not allowed'): AppError {
    return new AppError(ErrorCode.Forbidden, message);
  }
  static notFound(message: string): AppError {
    return new AppError(ErrorCode.NotFound, message);
  }
  static conflict(message: string, details?: unknown): AppError {
    return new AppError(ErrorCode.Conflict, message, { details });
  }
  static schemaViolation(message: string, details?: unknown): AppError {
    return new AppError(ErrorCode.SchemaViolation, message, { details });
  }
  static dependencyUnavailable(message: string, cause?: unknown): AppError {
    return new AppError(ErrorCode.DependencyUnavailable, message, { cause, retriable: true });
  }
}
