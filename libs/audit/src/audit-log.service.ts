import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { requestContext } from '@app/core';
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
 * The append-only, hash-chained audit log. Every app appends through this service; appends from all
 * processes are serialised by an advisory lock so that the chain has no forks and no gaps.
 */
@Injectable()
export class AuditLog {
  constructor(private readonly dataSource: DataSource) {}

  /** Appends one entry; undefined only when its given id was already in the log. */
  async record(input: AuditInput, manager?: EntityManager): Promise<AuditEntryEntity | undefined> {
    const [entry] = await this.recordMany([input], manager);
    return entry;
  }

  /**
   * Appends entries in one transaction (or in the caller's, so that an action and its audit entry commit
   * together). Batch where you can: one lock and one round trip for many entries.
   */
  async recordMany(inputs: AuditInput[], manager?: EntityManager): Promise<AuditEntryEntity[]> {
    if (inputs.length === 0) return [];
    const run = async (tx: EntityManager): Promise<AuditEntryEntity[]> => {
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
      const fresh = inputs.filter((input) => {
        if (!input.id) return true;
        if (existing.has(input.id)) return false;
        existing.add(input.id);
        return true;
      });
      if (fresh.length === 0) return [];
      const entries = fresh.map((input) => {
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
      // Chunked: one INSERT per thousand rows keeps statements under PostgreSQL's parameter limit.
      for (let start = 0; start < entries.length; start += 1_000) {
        await tx.getRepository(AuditEntryEntity).insert(entries.slice(start, start + 1_000));
      }
      return entries;
    };
    return manager ? run(manager) : this.dataSource.transaction(run);
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
