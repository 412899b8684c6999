import { Catch } from '@nestjs/common';
import { type DescribedError, ErrorCode, HttpErrorFilter } from '@app/core';
import type { Request, Response } from 'express';
import { CONFLUENT_CONTENT_TYPE, isConfluentPath } from './confluent-http';
import { RegistryError } from './schema-registry.errors';

interface RegistryDescribedError extends DescribedError {
  errorCode?: number;
}

/** Confluent's numbers for failures that are not the registry's own (authentication, limits, bugs). */
function defaultErrorCode(error: DescribedError): number {
  switch (error.code) {
    case ErrorCode.Unauthenticated:
      return 40101;
    case ErrorCode.Forbidden:
      return 40301;
    case ErrorCode.Internal:
    case ErrorCode.DependencyUnavailable:
      return 50001;
    default:
      return error.status;
  }
}

/**
 * The registry app's error filter: the Confluent API at the root answers `{"error_code": N, "message"}` in
 * Confluent's media type, which its clients parse; /v1, health, metrics and docs keep the house format.
 */
@Catch()
export class ConfluentErrorFilter extends HttpErrorFilter {
  override respond(exception: unknown, req: Request, res: Response): void {
    if (isConfluentPath(req.path) && !res.headersSent) res.setHeader('Content-Type', CONFLUENT_CONTENT_TYPE);
    super.respond(exception, req, res);
  }

  override describe(exception: unknown, req: Request): RegistryDescribedError {
    const described = super.describe(exception, req);
    return exception instanceof RegistryError ? { ...described, errorCode: exception.errorCode } : described;
  }

  protected override render(
    error: RegistryDescribedError,
    req: Request,
    requestId: string | undefined,
  ): unknown {
    if (!isConfluentPath(req.path)) return super.render(error, req, requestId);
    const message = error.errorId ? `${error.message} (error id ${error.errorId})` : error.message;
    return { error_code: error.errorCode ?? defaultErrorCode(error), message };
  }
}
