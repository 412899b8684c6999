import { type AuditActor } from '@app/audit';
import { auditActor, type Principal, principalLabel } from '@app/auth';
import { RegistryError } from './schema-registry.errors';

/** Who changes the registry: an authenticated caller, or Penghubung itself (e.g. a projected schema). */
export interface RegistryActor {
  /** Stored in `registered_by` and shown in the changelog, e.g. `agency:dukcapil`, `admin:bootstrap`. */
  readonly label: string;
  readonly audit: AuditActor;
  /** Admins and Penghubung may write every subject; an agency only the subjects it owns. */
  readonly isAdmin: boolean;
  readonly agencyId?: string;
}

export function principalActor(principal: Principal): RegistryActor {
  return {
    label: principalLabel(principal),
    audit: auditActor(principal),
    isAdmin: principal.kind === 'admin',
    ...(principal.kind === 'agency' ? { agencyId: principal.agencyId } : {}),
  };
}

export function systemActor(label: string): RegistryActor {
  return { label, audit: { type: 'system', id: label }, isAdmin: true };
}

/**
 * Only an admin or the owning agency may register, delete or configure a subject; a subject without an
 * owner is the operators' alone. @throws RegistryError 40301
 */
export function assertMayWriteSubject(
  actor: RegistryActor,
  subject: string,
  ownerAgencyId: string | null | undefined,
): void {
  if (actor.isAdmin) return;
  if (ownerAgencyId !== null && ownerAgencyId !== undefined && actor.agencyId === ownerAgencyId) return;
  throw RegistryError.denied(
    'Write',
    `subject '${subject}': ${
      ownerAgencyId
        ? `it belongs to agency '${ownerAgencyId}'`
        : 'it has no owning agency, so only an admin may change it'
    }`,
  );
}

/** Global compatibility and mode: admins only. @throws RegistryError 40301 */
export function assertMayWriteGlobal(actor: RegistryActor, what: string): void {
  if (!actor.isAdmin) throw RegistryError.denied('Write', `the global ${what}: only an admin may change it`);
}
