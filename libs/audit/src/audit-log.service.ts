import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { GroupCommit, requestContext } from '@app/core';
import { AuditEntryEntity, type AuditActorType, DataSource, type EntityManager } from '@app/persistence';
import { computeAuditHash, GENESIS_HASH } from './audit-hash';

export interface AuditActor {
  type: AuditActorType;
  /** Agency id, `admin:<key prefix>`, or the app name for `system`. */
  id: string | null;
}

export interface AuditInput {
  /**
   * A deterministic id for entries that a retried step may write again (e.g. deliveries of a reprocessed
   * record): an entry whose id is already in the log is skipped. Random when absent.
   */
  id?: string;
  actor: AuditActor;
  action: string;
  targetType?: string;
  targetId?: string;
  /** The agency the entry concerns (for an agency's view of the log), when not the actor. */
  agencyId?: string;
  topic?: string;
  recordId?: string;
  details?: Record<string, string | number | boolean | null | object>;
  /** Defaults to the current request's. */
  sourceIp?: string;
  requestId?: string;
  occurredAt?: Date;
}

export type ChainVerification =
  | { valid: true; entries: number; head: string }
  | { valid: false; entries: number; brokenAt: string; reason: string };

// One number for every writer in every app: appends are serialised by this PostgreSQL advisory lock.
const CHAIN_LOCK_KEY = 7_368_923_401;
const VERIFY_PAGE = 5_000;

function toHashFields(entry: AuditEntryEntity) {
  return {
    seq: entry.seq,
    id: entry.id,
    occurredAt: entry.occurredAt.toISOString(),
    actorType: entry.actorType,
    actorId: entry.actorId,
    action: entry.action,
    targetType: entry.targetType,
    targetId: entry.targetId,
    agencyId: entry.agencyId,
    topic: entry.topic,
    recordId: entry.recordId,
    details: entry.details,
    sourceIp: entry.sourceIp,
    requestId: entry.requestId,
    prevHash: entry.prevHash,
  };
}

/**
 * One statement for any number of entries: fourteen column arrays unnested by PostgreSQL. The router appends
 * thousands of entries per batch; an ORM insert (one parameter per value, rebuilt per row) was its
 * bottleneck.
 */
async function insertEntries(tx: EntityManager, entries: AuditEntryEntity[]): Promise<void> {
  const column = <T>(pick: (entry: AuditEntryEntity) => T): T[] => entries.map(pick);
  await tx.query(
    `INSERT INTO audit_log (seq, id, occurred_at, actor_type, actor_id, action, target_type, target_id, agency_id,
                            topic, record_id, details, source_ip, request_id, prev_hash, hash)
     SELECT * FROM unnest($1::bigint[], $2::uuid[], $3::timestamptz[], $4::varchar[], $5::varchar[], $6::varchar[],
                          $7::varchar[], $8::varchar[], $9::varchar[], $10::varchar[], $11::uuid[], $12::jsonb[],
                          $13::varchar[], $14::varchar[], $15::char(64)[], $16::char(64)[])`,
    [
      column((entry) => entry.seq),
      column((entry) => entry.id),
      column((entry) => entry.occurredAt.toISOString()),
      column((entry) => entry.actorType),
      column((entry) => entry.actorId),
      column((entry) => entry.action),
      column((entry) => entry.targetType),
      column((entry) => entry.targetId),
      column((entry) => entry.agencyId),
      column((entry) => entry.topic),
      column((entry) => entry.recordId),
      column((entry) => JSON.stringify(entry.details)),
      column((entry) => entry.sourceIp),
      column((entry) => entry.requestId),
      column((entry) => entry.prevHash),
      column((entry) => entry.hash),
    ],
  );
}

function present(entries: (AuditEntryEntity | undefined)[]): AuditEntryEntity[] {
  return entries.filter((entry): entry is AuditEntryEntity => entry !== undefined);
}

/**
 * The append-only, hash-chained audit log. Every app appends through this service; appends from all
 * processes are serialised by an advisory lock so that the chain has no forks and no gaps.
 */
@Injectable()
export class AuditLog {
  // Calls arriving while an append runs are written together by the next one: one lock, one transaction.
  private readonly appends = new GroupCommit<AuditInput, AuditEntryEntity | undefined>((inputs) =>
    this.dataSource.transaction((tx) => this.append(inputs, tx)),
  );

  constructor(private readonly dataSource: DataSource) {}

  /** Appends one entry; undefined only when its given id was already in the log. */
  async record(input: AuditInput, manager?: EntityManager): Promise<AuditEntryEntity | undefined> {
    const [entry] = await this.recordMany([input], manager);
    return entry;
  }

  /**
   * Appends entries: in the caller's transaction when given one (so that an action and its entry commit
   * together), else group-committed with other callers' entries; each caller resumes when its entries are
   * durable. Batch where you can. Returns the entries written (those whose given id was already in the log
   * are skipped).
   */
  async recordMany(inputs: AuditInput[], manager?: EntityManager): Promise<AuditEntryEntity[]> {
    if (inputs.length === 0) return [];
    if (manager) return present(await this.append(inputs, manager));
    // The request context does not survive the hop into the shared append: capture it now.
    const context = requestContext.current();
    const stamped = inputs.map((input) => ({
      ...input,
      occurredAt: input.occurredAt ?? new Date(),
      ...(context?.sourceIp && input.sourceIp === undefined ? { sourceIp: context.sourceIp } : {}),
      ...(context?.requestId && input.requestId === undefined ? { requestId: context.requestId } : {}),
    }));
    return present(await this.appends.submit(stamped));
  }

  /** Appends under the chain lock; the result is aligned with `inputs` (undefined where an id was known). */
  private async append(inputs: AuditInput[], tx: EntityManager): Promise<(AuditEntryEntity | undefined)[]> {
    await tx.query('SELECT pg_advisory_xact_lock($1)', [CHAIN_LOCK_KEY]);
    const last: { seq: string; hash: string }[] = await tx.query(
      'SELECT seq, hash FROM audit_log ORDER BY seq DESC LIMIT 1',
    );
    let seq = BigInt(last[0]?.seq ?? '0');
    let prevHash = last[0]?.hash ?? GENESIS_HASH;
    const context = requestContext.current();
    const givenIds = inputs.flatMap((input) => (input.id ? [input.id] : []));
    const existing = new Set<string>();
    if (givenIds.length > 0) {
      const rows: { id: string }[] = await tx.query('SELECT id FROM audit_log WHERE id = ANY($1::uuid[])', [
        givenIds,
      ]);
      for (const row of rows) existing.add(row.id);
    }
    const aligned = inputs.map((input) => {
      if (input.id) {
        if (existing.has(input.id)) return undefined;
        existing.add(input.id);
      }
      seq += 1n;
      const entry = new AuditEntryEntity();
      entry.seq = seq.toString();
      entry.id = input.id ?? randomUUID();
      // Millisecond precision: what both JavaScript and the hash can represent exactly.
      entry.occurredAt = new Date((input.occurredAt ?? new Date()).getTime());
      entry.actorType = input.actor.type;
      entry.actorId = input.actor.id;
      entry.action = input.action;
      entry.targetType = input.targetType ?? null;
      entry.targetId = input.targetId ?? null;
      entry.agencyId = input.agencyId ?? null;
      entry.topic = input.topic ?? null;
      entry.recordId = input.recordId ?? null;
      entry.details = input.details ?? {};
      entry.sourceIp = input.sourceIp ?? context?.sourceIp ?? null;
      entry.requestId = input.requestId ?? context?.requestId ?? null;
      entry.prevHash = prevHash;
      entry.hash = computeAuditHash(toHashFields(entry));
      prevHash = entry.hash;
      return entry;
    });
    const entries = present(aligned);
    if (entries.length > 0) await insertEntries(tx, entries);
    return aligned;
  }

  /**
   * Walks the whole chain in order and reports the first entry where it breaks: an edited entry fails its
   * own hash, a deleted one leaves a gap in `seq` or a `prevHash` that no longer matches.
   */
  async verify(): Promise<ChainVerification> {
    const repository = this.dataSource.getRepository(AuditEntryEntity);
    let expectedSeq = 1n;
    let prevHash = GENESIS_HASH;
    let count = 0;
    for (;;) {
      const page = await repository
        .createQueryBuilder('entry')
        .where('entry.seq >= :from', { from: expectedSeq.toString() })
        .orderBy('entry.seq', 'ASC')
        .limit(VERIFY_PAGE)
        .getMany();
      if (page.length === 0) return { valid: true, entries: count, head: prevHash };
      for (const entry of page) {
        const broken = (reason: string): ChainVerification => ({
          valid: false,
          entries: count,
          brokenAt: entry.seq,
          reason,
        });
        if (BigInt(entry.seq) !== expectedSeq) {
          return broken(`entries ${expectedSeq} to ${BigInt(entry.seq) - 1n} are missing (deleted?)`);
        }
        if (entry.prevHash !== prevHash)
          return broken('previous-hash link does not match the entry before it');
        if (computeAuditHash(toHashFields(entry)) !== entry.hash)
          return broken('entry content does not match its hash (edited?)');
        prevHash = entry.hash;
        expectedSeq += 1n;
        count += 1;
      }
    }
  }
}
