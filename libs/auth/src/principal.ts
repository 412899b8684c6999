import { AppError } from '@app/core';

/** Who is calling, once authenticated. */
export type Principal =
  | { kind: 'admin'; /** `bootstrap` for the configured key, else the key prefix. */ keyId: string }
  | { kind: 'agency'; agencyId: string; keyPrefix: string };

/** A short stable label for logs, audit entries and `registered_by` columns. */
export function principalLabel(principal: Principal): string {
  return principal.kind === 'admin' ? `admin:${principal.keyId}` : `agency:${principal.agencyId}`;
}

export function isAdmin(principal: Principal): boolean {
  return principal.kind === 'admin';
}

/** True for an admin, or for the named agency itself. */
export function actsFor(principal: Principal, agencyId: string | null | undefined): boolean {
  return (
    principal.kind === 'admin' ||
    (agencyId !== null && agencyId !== undefined && principal.agencyId === agencyId)
  );
}

export function assertAdmin(principal: Principal): void {
  if (principal.kind !== 'admin') throw AppError.forbidden('only an admin may do this');
}

export function auditActor(principal: Principal): { type: 'admin' | 'agency'; id: string } {
  return principal.kind === 'admin'
    ? { type: 'admin', id: principalLabel(principal) }
    : { type: 'agency', id: principal.agencyId };
}
