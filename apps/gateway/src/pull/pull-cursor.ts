import { AppError, isUuid } from '@app/core';

/**
 * A pull cursor names one hand-out: the subscription and the lease token of the records handed out
 * together. Acknowledging it is scoped to the subscription of the URL (which the caller must own), so a
 * cursor cannot acknowledge another subscription's records.
 */
export function encodePullCursor(subscriptionId: string, leaseToken: string): string {
  return Buffer.from(`v1:${subscriptionId}:${leaseToken}`, 'utf8').toString('base64url');
}

export function decodePullCursor(cursor: string, subscriptionId: string): string {
  const [version, subscription, token, extra] = Buffer.from(cursor, 'base64url').toString('utf8').split(':');
  if (version !== 'v1' || !subscription || !token || extra !== undefined || !isUuid(token)) {
    throw AppError.badRequest('cursor is not a cursor of this API');
  }
  if (subscription !== subscriptionId) throw AppError.badRequest('cursor belongs to another subscription');
  return token;
}
