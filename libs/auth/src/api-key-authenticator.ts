import { Inject, Injectable, Logger } from '@nestjs/common';
import { AppError } from '@app/core';
import { AgencyEntity, ApiKeyEntity, DataSource } from '@app/persistence';
import { keyDigest, parseApiKey, secretsEqual, verifySecret } from './api-key';
import { type Principal } from './principal';

export const AUTH_OPTIONS = Symbol('AUTH_OPTIONS');

export interface AuthOptions {
  /** The bootstrap admin key from configuration; undefined disables it. */
  adminApiKey: string | undefined;
  /**
   * How long a verified key is trusted from memory. Revocation, expiry and agency suspension take effect
   * within this time in every app.
   */
  cacheTtlMs: number;
}

export type Credentials = { scheme: 'bearer'; key: string } | { scheme: 'basic'; user: string; key: string };

interface CachedPrincipal {
  principal: Principal;
  /** Basic auth: the user name the key was presented with must match the agency. */
  user?: string;
  expiresAt: number;
}

const MAX_CACHE_ENTRIES = 10_000;

/** Parses an Authorization header; undefined when absent, AppError 401 when malformed. */
export function parseAuthorization(header: string | undefined): Credentials | undefined {
  if (header === undefined || header === '') return undefined;
  const space = header.indexOf(' ');
  const scheme = (space < 0 ? header : header.slice(0, space)).toLowerCase();
  const value = space < 0 ? '' : header.slice(space + 1).trim();
  if (scheme === 'bearer' && value) return { scheme: 'bearer', key: value };
  if (scheme === 'basic' && value) {
    const decoded = Buffer.from(value, 'base64').toString('utf8');
    const colon = decoded.indexOf(':');
    if (colon > 0) return { scheme: 'basic', user: decoded.slice(0, colon), key: decoded.slice(colon + 1) };
  }
  throw AppError.unauthenticated('Authorization header must be "Bearer <api key>" or HTTP Basic');
}

/**
 * Turns credentials into a principal: the bootstrap admin key, or a stored key (by prefix, then scrypt)
 * that is neither revoked nor expired and whose agency is active. Results are cached briefly so that the
 * slow hash is paid once per key, not once per request.
 */
@Injectable()
export class ApiKeyAuthenticator {
  private readonly logger = new Logger(ApiKeyAuthenticator.name);
  private readonly cache = new Map<string, CachedPrincipal>();
  private readonly resolving = new Map<string, Promise<Principal>>();

  constructor(
    private readonly dataSource: DataSource,
    @Inject(AUTH_OPTIONS) private readonly options: AuthOptions,
  ) {}

  async authenticate(credentials: Credentials): Promise<Principal> {
    const digest = keyDigest(credentials.key);
    const cached = this.cache.get(digest);
    if (cached && cached.expiresAt > Date.now()) {
      this.assertBasicUser(credentials, cached.principal);
      return cached.principal;
    }
    this.cache.delete(digest);
    // Requests that arrive together with an unknown key share one look-up (and one slow hash).
    let resolving = this.resolving.get(digest);
    if (!resolving) {
      resolving = this.resolve(credentials.key).finally(() => this.resolving.delete(digest));
      this.resolving.set(digest, resolving);
    }
    const principal = await resolving;
    this.assertBasicUser(credentials, principal);
    if (this.cache.size >= MAX_CACHE_ENTRIES) this.cache.clear();
    this.cache.set(digest, { principal, expiresAt: Date.now() + this.options.cacheTtlMs });
    return principal;
  }

  /** Forget every cached key at once (e.g. right after a revocation in this process). */
  invalidate(): void {
    this.cache.clear();
  }

  private assertBasicUser(credentials: Credentials, principal: Principal): void {
    if (credentials.scheme !== 'basic') return;
    const expected = principal.kind === 'admin' ? 'admin' : principal.agencyId;
    if (credentials.user !== expected) {
      throw AppError.unauthenticated(
        'the user name of HTTP Basic must be the agency id of the key (or "admin")',
      );
    }
  }

  private async resolve(key: string): Promise<Principal> {
    const adminKey = this.options.adminApiKey;
    if (adminKey !== undefined && secretsEqual(key, adminKey)) return { kind: 'admin', keyId: 'bootstrap' };
    const parsed = parseApiKey(key);
    if (!parsed) throw AppError.unauthenticated('invalid API key');
    const stored = await this.dataSource.getRepository(ApiKeyEntity).findOneBy({ prefix: parsed.prefix });
    if (!stored || !(await verifySecret(parsed.secret, stored.secretHash))) {
      throw AppError.unauthenticated('invalid API key');
    }
    if (stored.revokedAt) throw AppError.unauthenticated(`API key ${stored.prefix} has been revoked`);
    if (stored.expiresAt && stored.expiresAt.getTime() <= Date.now()) {
      throw AppError.unauthenticated(`API key ${stored.prefix} expired at ${stored.expiresAt.toISOString()}`);
    }
    void this.touch(stored.id);
    if (stored.role === 'admin') return { kind: 'admin', keyId: stored.prefix };
    const agency = await this.dataSource.getRepository(AgencyEntity).findOneBy({ id: stored.agencyId ?? '' });
    if (!agency) throw AppError.unauthenticated('invalid API key');
    if (agency.status !== 'active') throw AppError.forbidden(`agency ${agency.id} is suspended`);
    return { kind: 'agency', agencyId: agency.id, keyPrefix: stored.prefix };
  }

  private async touch(id: string): Promise<void> {
    try {
      await this.dataSource.getRepository(ApiKeyEntity).update({ id }, { lastUsedAt: new Date() });
    } catch (error) {
      this.logger.warn({ msg: 'could not record key use', keyId: id, error: (error as Error).message });
    }
  }
}
