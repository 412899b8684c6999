import { randomUUID } from 'node:crypto';
import { isUnavailableError } from '../errors/unavailable';
import { type ArgumentsHost, Catch, type ExceptionFilter, HttpException, Logger } from '@nestjs/common';
import type { Request, Response } from 'express';
import { AppError } from '../errors/app-error';
import { ErrorCode, httpStatusOf } from '../errors/error-codes';
import { requestContext } from '../logging/request-context';

/** What every failed request is reduced to before it is rendered for the client. */
export interface DescribedError {
  status: number;
  code: ErrorCode;
  message: string;
  details?: unknown;
  /** Set only for unexpected (500) errors: the same id is in the log line with the stack. */
  errorId?: string;
}

const codeByStatus: Record<number, ErrorCode> = {
  400: ErrorCode.BadRequest,
  401: ErrorCode.Unauthenticated,
  403: ErrorCode.Forbidden,
  404: ErrorCode.NotFound,
  405: ErrorCode.NotFound,
  409: ErrorCode.Conflict,
  413: ErrorCode.PayloadTooLarge,
  415: ErrorCode.UnsupportedMediaType,
  422: ErrorCode.SchemaViolation,
  429: ErrorCode.RateLimited,
  503: ErrorCode.DependencyUnavailable,
};

/** Errors raised by the body parser (express/body-parser) carry a `type` and a 4xx status. */
function describeBodyParserError(error: { type?: unknown; status?: unknown }): DescribedError | undefined {
  const status = typeof error.status === 'number' ? error.status : undefined;
  switch (error.type) {
    case 'entity.too.large':
      return {
        status: 413,
        code: ErrorCode.PayloadTooLarge,
        message: 'request body is larger than the limit',
      };
    case 'entity.parse.failed':
      return { status: 400, code: ErrorCode.BadRequest, message: 'request body is not valid JSON' };
    case 'encoding.invalid':
      return { status: 400, code: ErrorCode.BadRequest, message: 'request body is not valid UTF-8' };
    case 'encoding.unsupported':
    case 'charset.unsupported':
      return {
        status: 415,
        code: ErrorCode.UnsupportedMediaType,
        message: 'unsupported content encoding or charset',
      };
    case 'request.aborted':
    case 'request.size.invalid':
    case 'stream.encoding.set':
    case 'parameters.too.many':
      return { status: 400, code: ErrorCode.BadRequest, message: 'request body could not be read' };
    default:
      if (status !== undefined && status >= 400 && status < 500) {
        return { status, code: codeByStatus[status] ?? ErrorCode.BadRequest, message: 'bad request' };
      }
      return undefined;
  }
}

/**
 * Maps every error to a status and a stable code at the edge. Domain code throws `AppError`; Nest's own
 * exceptions (unknown route, validation pipe) and body-parser errors are mapped too. Anything else is a
 * 500 whose errorId is logged with the stack — and that is a bug to fix, never an answer to bad input.
 * Apps whose clients expect another error body (the Confluent API) override `render`.
 */
@Catch()
export class HttpErrorFilter implements ExceptionFilter {
  protected readonly logger = new Logger('HttpErrorFilter');

  catch(exception: unknown, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    this.respond(exception, http.getRequest<Request>(), http.getResponse<Response>());
  }

  respond(exception: unknown, req: Request, res: Response): void {
    const described = this.describe(exception, req);
    if (res.headersSent) {
      res.end();
      return;
    }
    const requestId = requestContext.current()?.requestId;
    res.status(described.status).json(this.render(described, req, requestId));
  }

  describe(exception: unknown, req: Request): DescribedError {
    if (exception instanceof AppError) {
      return {
        status: httpStatusOf(exception.code),
        code: exception.code,
        message: exception.message,
        details: exception.details,
      };
    }
    if (exception instanceof HttpException) {
      const status = exception.getStatus();
      if (status < 500) {
        const body = exception.getResponse();
        const message =
          typeof body === 'object' && body !== null && 'message' in body
            ? Array.isArray(body.message)
              ? body.message.join('; ')
              : String(body.message)
            : exception.message;
        return { status, code: codeByStatus[status] ?? ErrorCode.BadRequest, message };
      }
    }
    if (typeof exception === 'object' && exception !== null && 'type' in exception) {
      const described = describeBodyParserError(exception);
      if (described) return described;
    }
    if (isUnavailableError(exception)) {
      // Not the request's fault and not a bug: a dependency is away. The client may retry.
      this.logger.warn({
        msg: 'dependency unavailable',
        method: req.method,
        path: req.path,
        error: exception instanceof Error ? exception.message : String(exception),
      });
      return {
        status: 503,
        code: ErrorCode.DependencyUnavailable,
        message: 'a service this request needs (the database) is unavailable; retry shortly',
      };
    }
    const errorId = randomUUID();
    this.logger.error(
      { msg: 'unhandled error', errorId, method: req.method, path: req.path },
      exception instanceof Error ? exception.stack : String(exception),
    );
    return { status: 500, code: ErrorCode.Internal, message: 'internal error', errorId };
  }

  protected render(error: DescribedError, _req: Request, requestId: string | undefined): unknown {
    return {
      error: {
        code: error.code,
        message: error.message,
        ...(error.details === undefined ? {} : { details: error.details }),
        ...(error.errorId ? { errorId: error.errorId } : {}),
      },
      ...(requestId ? { requestId } : {}),
    };
  }
}
