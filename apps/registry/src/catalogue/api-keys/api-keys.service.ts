import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { type AuditInput, AuditLog } from '@app/audit';
import { ApiKeyAuthenticator, auditActor, generateApiKey, type Principal, principalLabel } from '@app/auth';
import { AppError } from '@app/core';
import {
  AgencyEntity,
  ApiKeyEntity,
  type ApiKeyRole,
  DataSource,
  type EntityManager,
  IsNull,
} from '@app/persistence';
import { type ApiKeyView, apiKeyView, type CreatedApiKeyView } from './api-key-view';

export interface NewApiKey {
  role?: ApiKeyRole;
  agencyId?: string;
  label?: string;
  expiresAt?: string;
}

export interface ApiKeyFilter {
  agencyId?: string;
  role?: ApiKeyRole;
  includeRevoked?: 'true' | 'false';
}

export interface KeyRotation {
  label?: string;
  expiresAt?: string;
}

/**
 * API keys: shown once, stored as a scrypt hash, identified by their public prefix. Admins manage every
 * key; an agency manages its own (rotation: create a new key, switch, revoke the old — or `rotate`, which
 * does both at once). Admin keys are created by admins only. An agency never learns of keys not its own.
 */
@Injectable()
export class ApiKeysService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly audit: AuditLog,
    private readonly authenticator: ApiKeyAuthenticator,
  ) {}

  async create(principal: Principal, input: NewApiKey): Promise<CreatedApiKeyView> {
    const role = input.role ?? 'agency';
    const expiresAt = futureExpiry(input.expiresAt);
    let agencyId: string | null = null;
    if (role === 'admin') {
      if (principal.kind !== 'admin') throw AppError.forbidden('only an admin may create admin keys');
      if (input.agencyId !== undefined) throw AppError.badRequest('an admin key belongs to no agency');
    } else if (principal.kind === 'admin') {
      if (input.agencyId === undefined) throw AppError.badRequest('agencyId is required for an agency key');
      agencyId = input.agencyId;
    } else {
      if (input.agencyId !== undefined && input.agencyId !== principal.agencyId) {
        throw AppError.forbidden('an agency may create keys only for itself');
      }
      agencyId = principal.agencyId;
    }
    if (agencyId !== null) {
      const agency = await this.dataSource.getRepository(AgencyEntity).findOneBy({ id: agencyId });
      if (!agency) throw AppError.notFound(`agency '${agencyId}' not found`);
      if (agency.status !== 'active') throw AppError.conflict(`agency '${agencyId}' is suspended`);
    }
    const generated = await generateApiKey();
    const key = this.dataSource.getRepository(ApiKeyEntity).create({
      id: randomUUID(),
      prefix: generated.prefix,
      secretHash: generated.secretHash,
      role,
      agencyId,
      label: input.label || null,
      createdBy: principalLabel(principal),
      expiresAt,
      revokedAt: null,
      lastUsedAt: null,
    });
    return this.dataSource.transaction(async (tx) => {
      await tx.getRepository(ApiKeyEntity).insert(key);
      const saved = await tx.getRepository(ApiKeyEntity).findOneByOrFail({ id: key.id });
      await this.audit.record(createdEntry(principal, saved), tx);
      return { ...apiKeyView(saved), key: generated.key };
    });
  }

  /** Admins: every key (filtered); an agency: its own keys only. Revoked keys only when asked for. */
  async list(principal: Principal, filter: ApiKeyFilter): Promise<ApiKeyView[]> {
    let agencyId = filter.agencyId;
    if (principal.kind === 'agency') {
      if (agencyId !== undefined && agencyId !== principal.agencyId) {
        throw AppError.forbidden('an agency may list only its own keys');
      }
      if (filter.role === 'admin') throw AppError.forbidden('only an admin may list admin keys');
      agencyId = principal.agencyId;
    }
    const keys = await this.dataSource.getRepository(ApiKeyEntity).find({
      where: {
        ...(agencyId === undefined ? {} : { agencyId }),
        ...(filter.role === undefined ? {} : { role: filter.role }),
        ...(filter.includeRevoked === 'true' ? {} : { revokedAt: IsNull() }),
      },
      order: { createdAt: 'DESC' },
    });
    const now = new Date();
    return keys.map((key) => apiKeyView(key, now));
  }

  async get(principal: Principal, id: string): Promise<ApiKeyView> {
    const key = await this.dataSource.getRepository(ApiKeyEntity).findOneBy({ id });
    if (!key || !mayManage(principal, key)) throw notFound(id);
    return apiKeyView(key);
  }

  async revoke(principal: Principal, id: string, reason: string | undefined): Promise<ApiKeyView> {
    const view = await this.dataSource.transaction(async (tx) => {
      const key = await this.lockManageable(tx, principal, id);
      key.revokedAt = new Date();
      const saved = await tx.getRepository(ApiKeyEntity).save(key);
      await this.audit.record(revokedEntry(principal, saved, { reason: reason ?? null }), tx);
      return apiKeyView(saved);
    });
    this.authenticator.invalidate();
    return view;
  }

  /** A new key with the same role and agency; the old one is revoked in the same transaction. */
  async rotate(principal: Principal, id: string, input: KeyRotation): Promise<CreatedApiKeyView> {
    const expiresAt = futureExpiry(input.expiresAt);
    const generated = await generateApiKey();
    const view = await this.dataSource.transaction(async (tx) => {
      const old = await this.lockManageable(tx, principal, id);
      if (old.agencyId !== null) {
        const agency = await tx.getRepository(AgencyEntity).findOneByOrFail({ id: old.agencyId });
        if (agency.status !== 'active') throw AppError.conflict(`agency '${agency.id}' is suspended`);
      }
      const fresh = tx.getRepository(ApiKeyEntity).create({
        id: randomUUID(),
        prefix: generated.prefix,
        secretHash: generated.secretHash,
        role: old.role,
        agencyId: old.agencyId,
        label: input.label || old.label,
        createdBy: principalLabel(principal),
        expiresAt,
        revokedAt: null,
        lastUsedAt: null,
      });
      await tx.getRepository(ApiKeyEntity).insert(fresh);
      old.revokedAt = new Date();
      const revoked = await tx.getRepository(ApiKeyEntity).save(old);
      const saved = await tx.getRepository(ApiKeyEntity).findOneByOrFail({ id: fresh.id });
      await this.audit.recordMany(
        [
          createdEntry(principal, saved, { rotatedFrom: revoked.prefix }),
          revokedEntry(principal, revoked, { reason: 'rotated', rotatedTo: saved.prefix }),
        ],
        tx,
      );
      return { ...apiKeyView(saved), key: generated.key };
    });
    this.authenticator.invalidate();
    return view;
  }

  private async lockManageable(tx: EntityManager, principal: Principal, id: string): Promise<ApiKeyEntity> {
    const key = await tx
      .getRepository(ApiKeyEntity)
      .findOne({ where: { id }, lock: { mode: 'pessimistic_write' } });
    if (!key || !mayManage(principal, key)) throw notFound(id);
    if (key.revokedAt) throw AppError.conflict(`API key ${key.prefix} is already revoked`);
    return key;
  }
}

function mayManage(principal: Principal, key: ApiKeyEntity): boolean {
  return principal.kind === 'admin' || (key.role === 'agency' && key.agencyId === principal.agencyId);
}

function notFound(id: string): AppError {
  return AppError.notFound(`API key ${id} not found`);
}

function futureExpiry(text: string | undefined): Date | null {
  if (text === undefined) return null;
  const expiresAt = new Date(text);
  if (Number.isNaN(expiresAt.getTime())) throw AppError.badRequest(`expiresAt '${text}' is not a date-time`);
  if (expiresAt.getTime() <= Date.now()) throw AppError.badRequest('expiresAt must lie in the future');
  return expiresAt;
}

function createdEntry(
  principal: Principal,
  key: ApiKeyEntity,
  extra: Record<string, string> = {},
): AuditInput {
  return {
    actor: auditActor(principal),
    action: 'api_key.created',
    targetType: 'api_key',
    targetId: key.id,
    ...(key.agencyId === null ? {} : { agencyId: key.agencyId }),
    details: {
      prefix: key.prefix,
      role: key.role,
      label: key.label,
      expiresAt: key.expiresAt?.toISOString() ?? null,
      ...extra,
    },
  };
}

function revokedEntry(
  principal: Principal,
  key: ApiKeyEntity,
  details: Record<string, string | null>,
): AuditInput {
  return {
    actor: auditActor(principal),
    action: 'api_key.revoked',
    targetType: 'api_key',
    targetId: key.id,
    ...(key.agencyId === null ? {} : { agencyId: key.agencyId }),
    details: { prefix: key.prefix, role: key.role, ...details },
  };
}
