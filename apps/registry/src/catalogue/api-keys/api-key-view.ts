import { type ApiKeyEntity, type ApiKeyRole } from '@app/persistence';

export type ApiKeyStatus = 'active' | 'revoked' | 'expired';

/** An API key as the API shows it: never its secret, never its hash. */
export interface ApiKeyView {
  id: string;
  prefix: string;
  role: ApiKeyRole;
  agencyId: string | null;
  label: string | null;
  status: ApiKeyStatus;
  createdBy: string;
  createdAt: string;
  expiresAt: string | null;
  revokedAt: string | null;
  lastUsedAt: string | null;
}

/** Returned once, at creation: the whole key. */
export interface CreatedApiKeyView extends ApiKeyView {
  key: string;
}

export function apiKeyStatus(key: ApiKeyEntity, now = new Date()): ApiKeyStatus {
  if (key.revokedAt) return 'revoked';
  if (key.expiresAt && key.expiresAt.getTime() <= now.getTime()) return 'expired';
  return 'active';
}

export function apiKeyView(key: ApiKeyEntity, now = new Date()): ApiKeyView {
  return {
    id: key.id,
    prefix: key.prefix,
    role: key.role,
    agencyId: key.agencyId,
    label: key.label,
    status: apiKeyStatus(key, now),
    createdBy: key.createdBy,
    createdAt: key.createdAt.toISOString(),
    expiresAt: key.expiresAt?.toISOString() ?? null,
    revokedAt: key.revokedAt?.toISOString() ?? null,
    lastUsedAt: key.lastUsedAt?.toISOString() ?? null,
  };
}
