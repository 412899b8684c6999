import { type AuditEntryEntity } from '@app/persistence';
import { type Principal } from '@app/auth';

/** An audit entry as the API shows it. */
export interface AuditEntryView {
  seq: string;
  id: string;
  occurredAt: string;
  actor: { type: string; id: string | null };
  action: string;
  targetType: string | null;
  targetId: string | null;
  agencyId: string | null;
  topic: string | null;
  recordId: string | null;
  details: Record<string, unknown>;
  /** Only for admins and for the agency's own actions: where another agency called from is its business. */
  sourceIp: string | null;
  requestId: string | null;
  prevHash: string;
  hash: string;
}

export function auditEntryView(entry: AuditEntryEntity, viewer: Principal): AuditEntryView {
  const own = viewer.kind === 'admin' || (entry.actorType === 'agency' && entry.actorId === viewer.agencyId);
  return {
    seq: entry.seq,
    id: entry.id,
    occurredAt: entry.occurredAt.toISOString(),
    actor: { type: entry.actorType, id: entry.actorId },
    action: entry.action,
    targetType: entry.targetType,
    targetId: entry.targetId,
    agencyId: entry.agencyId,
    topic: entry.topic,
    recordId: entry.recordId,
    details: entry.details,
    sourceIp: own ? entry.sourceIp : null,
    requestId: own ? entry.requestId : null,
    prevHash: entry.prevHash,
    hash: entry.hash,
  };
}
