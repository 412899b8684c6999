import { Injectable } from '@nestjs/common';
import { AuditLog, type ChainVerification, concernsRecord, recordParameters } from '@app/audit';
import { assertAdmin, type Principal } from '@app/auth';
import { AppError } from '@app/core';
import { AuditEntryEntity, DataSource } from '@app/persistence';
import { auditEntryView, type AuditEntryView } from './audit-entry-view';

export interface AuditFilter {
  from?: string;
  to?: string;
  actor?: string;
  action?: string;
  topic?: string;
  recordId?: string;
  agency?: string;
  cursor?: string;
  limit?: number;
}

export interface AuditPage {
  entries: AuditEntryView[];
  nextCursor: string | null;
}

const DEFAULT_LIMIT = 100;

/**
 * Reading the audit log. Admins read all of it; an agency reads the entries it is part of: its own
 * actions, entries about it (keys, subscriptions, deliveries to it) and entries on the topics it owns.
 */
@Injectable()
export class AuditQueryService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly audit: AuditLog,
  ) {}

  async query(principal: Principal, filter: AuditFilter): Promise<AuditPage> {
    const limit = filter.limit ?? DEFAULT_LIMIT;
    const query = this.dataSource.getRepository(AuditEntryEntity).createQueryBuilder('entry');
    if (principal.kind === 'agency') {
      query.andWhere(
        "((entry.actorType = 'agency' AND entry.actorId = :self) OR entry.agencyId = :self OR entry.topic IN " +
          '(SELECT owned.name FROM topics owned WHERE owned.owner_agency_id = :self))',
        { self: principal.agencyId },
      );
    }
    if (filter.from !== undefined)
      query.andWhere('entry.occurredAt >= :from', { from: timestamp(filter.from) });
    if (filter.to !== undefined) query.andWhere('entry.occurredAt < :to', { to: timestamp(filter.to) });
    if (filter.actor !== undefined) query.andWhere('entry.actorId = :actor', { actor: filter.actor });
    if (filter.action !== undefined) query.andWhere('entry.action = :action', { action: filter.action });
    if (filter.topic !== undefined) query.andWhere('entry.topic = :topic', { topic: filter.topic });
    if (filter.recordId !== undefined) {
      // The record's own entries and the router's batch entries that name it.
      query.andWhere(concernsRecord('entry'), recordParameters(filter.recordId));
    }
    if (filter.agency !== undefined) {
      query.andWhere(
        "(entry.agencyId = :agency OR (entry.actorType = 'agency' AND entry.actorId = :agency))",
        { agency: filter.agency },
      );
    }
    if (filter.cursor !== undefined) query.andWhere('entry.seq < :cursor', { cursor: filter.cursor });
    const rows = await query
      .orderBy('entry.seq', 'DESC')
      .limit(limit + 1)
      .getMany();
    const page = rows.slice(0, limit);
    return {
      entries: page.map((entry) => auditEntryView(entry, principal)),
      nextCursor: rows.length > limit ? (page[page.length - 1]?.seq ?? null) : null,
    };
  }

  /** Walks the whole chain (admins only): the first entry where it breaks, or its head. */
  verify(principal: Principal): Promise<ChainVerification> {
    assertAdmin(principal);
    return this.audit.verify();
  }
}

function timestamp(text: string): Date {
  const value = new Date(text);
  if (Number.isNaN(value.getTime())) throw AppError.badRequest(`'${text}' is not a date-time`);
  return value;
}
