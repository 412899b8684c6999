import { createHash } from 'node:crypto';

/** The hash of the entry before the first one. */
export const GENESIS_HASH = '0'.repeat(64);

/** What an entry's hash covers: every column but the hash itself. */
export interface HashedAuditFields {
  seq: string;
  id: string;
  occurredAt: string;
  actorType: string;
  actorId: string | null;
  action: string;
  targetType: string | null;
  targetId: string | null;
  agencyId: string | null;
  topic: string | null;
  recordId: string | null;
  details: unknown;
  sourceIp: string | null;
  requestId: string | null;
  prevHash: string;
}

/** JSON with object keys sorted at every depth: the same value always serialises to the same text. */
export function stableJson(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value) ?? 'null';
  if (Array.isArray(value)) {
    // Arrays of plain values (the record ids of a batch entry) serialise the same either way; this is faster.
    if (value.every((item) => item === null || typeof item !== 'object')) return JSON.stringify(value);
    return `[${value.map(stableJson).join(',')}]`;
  }
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, item]) => item !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([key, item]) => `${JSON.stringify(key)}:${stableJson(item)}`).join(',')}}`;
}

export function computeAuditHash(fields: HashedAuditFields): string {
  const ordered = [
    fields.seq,
    fields.id,
    fields.occurredAt,
    fields.actorType,
    fields.actorId,
    fields.action,
    fields.targetType,
    fields.targetId,
    fields.agencyId,
    fields.topic,
    fields.recordId,
    stableJson(fields.details ?? {}),
    fields.sourceIp,
    fields.requestId,
    fields.prevHash,
  ];
  return createHash('sha256').update(JSON.stringify(ordered)).digest('hex');
}
