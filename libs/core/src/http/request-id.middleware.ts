import { randomUUID } from 'node:crypto';
import type { NextFunction, Request, Response } from 'express';
import { requestContext } from '../logging/request-context';

const SAFE_REQUEST_ID = /^[A-Za-z0-9._:-]{1,128}$/;
const TRACEPARENT = /^00-[0-9a-f]{32}-[0-9a-f]{16}-[0-9a-f]{2}$/;

/**
 * A new W3C traceparent. Its ids come from `randomUUID` (122 random bits each, served from a buffer Node
 * refills in bulk) rather than two `randomBytes` calls per request, which cost a system call each.
 */
export function newTraceparent(): string {
  const traceId = randomUUID().replaceAll('-', '');
  const spanId = randomUUID().replaceAll('-', '').slice(0, 16);
  return `00-${traceId}-${spanId}-01`;
}

/**
 * Gives every request an id (the caller's `X-Request-Id` when it is safe to echo, else a new UUID) and a
 * W3C `traceparent`, both available to logs and to Kafka headers through the request context.
 */
export function requestIdMiddleware(req: Request, res: Response, next: NextFunction): void {
  const offered = req.header('x-request-id');
  const requestId = offered && SAFE_REQUEST_ID.test(offered) ? offered : randomUUID();
  const offeredTrace = req.header('traceparent');
  const traceparent = offeredTrace && TRACEPARENT.test(offeredTrace) ? offeredTrace : newTraceparent();
  res.setHeader('X-Request-Id', requestId);
  requestContext.run({ requestId, traceparent, ...(req.ip ? { sourceIp: req.ip } : {}) }, next);
}
