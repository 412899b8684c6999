import { isUtf8 } from 'node:buffer';
import {
  type DynamicModule,
  type INestApplication,
  type LoggerService,
  type Type,
  ValidationPipe,
  type ValidationError,
} from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { type NestExpressApplication } from '@nestjs/platform-express';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import express, { type NextFunction, type Request, type Response } from 'express';
import { AppError } from '../errors/app-error';
import { ErrorCode } from '../errors/error-codes';
import { HttpErrorFilter } from './http-error.filter';
import { requestIdMiddleware } from './request-id.middleware';

export interface HttpAppOptions {
  module: DynamicModule | Type<unknown>;
  logger: LoggerService;
  /** Largest accepted request body in bytes; larger bodies get 413. */
  bodyLimit: number;
  /** Media types parsed as JSON besides application/json (e.g. the schema registry's). */
  jsonTypes?: string[];
  filter?: HttpErrorFilter;
  openApi?: { title: string; description: string; version: string };
}

function flattenValidationErrors(
  errors: ValidationError[],
  parent = '',
): { path: string; problems: string[] }[] {
  return errors.flatMap((error) => {
    const path = parent ? `${parent}.${error.property}` : error.property;
    const own = error.constraints ? [{ path, problems: Object.values(error.constraints) }] : [];
    return [...own, ...flattenValidationErrors(error.children ?? [], path)];
  });
}

/**
 * The body parser decodes invalid UTF-8 into U+FFFD without a word: a record would be stored with other
 * characters than the ones its publisher sent. Refused instead (400), before decoding.
 */
function refuseInvalidUtf8(_req: unknown, _res: unknown, body: Buffer, encoding: string): void {
  if (encoding.toLowerCase() === 'utf-8' && !isUtf8(body)) {
    throw Object.assign(new Error('request body is not valid UTF-8'), {
      status: 400,
      type: 'encoding.invalid',
    });
  }
}

/**
 * Builds a configured Nest HTTP application without listening: JSON body parsing with a limit and
 * precise errors, request ids, strict validation of bodies, one error filter, OpenAPI at /docs.
 * Tests call this and `listen(0)`; `startHttpApp` adds the port.
 */
export async function createHttpApp(options: HttpAppOptions): Promise<INestApplication> {
  const app = await NestFactory.create<NestExpressApplication>(options.module, {
    logger: options.logger,
    bodyParser: false,
    abortOnError: false,
  });
  const filter = options.filter ?? new HttpErrorFilter();
  app.disable('x-powered-by');
  app.set('query parser', 'simple');
  app.use(requestIdMiddleware);
  // Our own parser, so that its errors (too large, bad JSON) reach the same filter as everything else.
  const json = express.json({
    limit: options.bodyLimit,
    type: ['application/json', ...(options.jsonTypes ?? [])],
    strict: false,
    verify: refuseInvalidUtf8,
  });
  app.use((req: Request, res: Response, next: NextFunction) => {
    json(req, res, (error?: unknown) => (error ? filter.respond(error, req, res) : next()));
  });
  app.useGlobalFilters(filter);
  app.useGlobalPipes(
    new ValidationPipe({
      whitelist: true,
      forbidNonWhitelisted: true,
      transform: true,
      exceptionFactory: (errors) =>
        new AppError(ErrorCode.ValidationFailed, 'request is invalid', {
          details: flattenValidationErrors(errors),
        }),
    }),
  );
  app.enableShutdownHooks();
  if (options.openApi) {
    const config = new DocumentBuilder()
      .setTitle(options.openApi.title)
      .setDescription(options.openApi.description)
      .setVersion(options.openApi.version)
      .addBearerAuth()
      .build();
    const document = SwaggerModule.createDocument(app, config);
    SwaggerModule.setup('docs', app, document, { jsonDocumentUrl: 'docs-json' });
  }
  return app;
}

/** Listens on host:port; a port in use becomes a message that says what to do, not a stack trace. */
export async function listenHttpApp(
  app: INestApplication,
  host: string,
  port: number,
  portVariable: string,
): Promise<void> {
  try {
    await app.listen(port, host);
  } catch (error) {
    if (typeof error === 'object' && error !== null && (error as { code?: unknown }).code === 'EADDRINUSE') {
      throw new StartupError(
        `port ${host}:${port} is already in use: stop the other process or set ${portVariable}`,
      );
    }
    throw error;
  }
}

/** A failure at start-up that the operator can fix; printed as one line, exit code 1. */
export class StartupError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'StartupError';
  }
}
