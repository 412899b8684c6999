import { createParamDecorator, type ExecutionContext, Header } from '@nestjs/common';
import type { Request } from 'express';
import { RegistryError } from './schema-registry.errors';

/** What Confluent's registry answers with, and what its clients expect. */
export const CONFLUENT_CONTENT_TYPE = 'application/vnd.schemaregistry.v1+json';

const OWN_PREFIXES = ['/v1', '/health', '/metrics', '/docs'];

/** True for the Confluent API at the root; false for Penghubung's own routes (/v1, health, metrics, docs). */
export function isConfluentPath(path: string): boolean {
  return !OWN_PREFIXES.some(
    (prefix) => path === prefix || path.startsWith(`${prefix}/`) || path.startsWith(`${prefix}-`),
  );
}

/**
 * Answers a route in Confluent's media type. A route header rather than an interceptor: interceptors put
 * every request through RxJS and async-hook bindings, which the hot look-ups should not pay for.
 */
export const ConfluentJson = (): MethodDecorator => Header('Content-Type', CONFLUENT_CONTENT_TYPE);

/**
 * The parsed JSON body of a Confluent request, still unvalidated (each endpoint validates its own shape so
 * that errors carry Confluent's codes). A body that was not parsed was not sent as JSON: 415.
 */
export const ConfluentBody = createParamDecorator((_data: unknown, context: ExecutionContext): unknown => {
  const request = context.switchToHttp().getRequest<Request>();
  if (request.body === undefined) {
    const contentType = request.header('content-type');
    if (contentType) throw RegistryError.unsupportedMediaType(contentType);
    throw RegistryError.invalidRequest('request body is missing: send a JSON object');
  }
  return request.body as unknown;
});
