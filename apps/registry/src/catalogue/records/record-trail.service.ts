import { Injectable } from '@nestjs/common';
import { type Principal } from '@app/auth';
import { AppError } from '@app/core';
import { AuditEntryEntity, DataSource, TopicEntity } from '@app/persistence';
import { auditEntryView } from '../audit/audit-entry-view';
import { type RecordDelivery, type RecordTrail } from './record-trail';

/**
 * A record's trail from the audit log: `record.published` (actor = publishing agency) and
 * `record.delivered` (agency_id = receiver, details.fields = delivered field paths), written by the
 * gateway and the router. Readable by the topic's owner and admins; to anyone else the record does not
 * exist.
 */
@Injectable()
export class RecordTrailService {
  constructor(private readonly dataSource: DataSource) {}

  async trail(principal: Principal, recordId: string): Promise<RecordTrail> {
    const entries = await this.dataSource
      .getRepository(AuditEntryEntity)
      .find({ where: { recordId }, order: { seq: 'ASC' } });
    const topic = entries.find((entry) => entry.topic !== null)?.topic ?? null;
    if (entries.length === 0 || !(await this.mayRead(principal, topic))) {
      throw AppError.notFound(`record ${recordId} not found`);
    }
    const published = entries.find((entry) => entry.action === 'record.published');
    return {
      recordId,
      topic,
      published: published
        ? {
            agencyId: published.actorId,
            at: published.occurredAt.toISOString(),
            seq: published.seq,
            details: published.details,
          }
        : null,
      deliveries: entries.filter((entry) => entry.action === 'record.delivered').map(delivery),
      entries: entries.map((entry) => auditEntryView(entry, principal)),
    };
  }

  private async mayRead(principal: Principal, topic: string | null): Promise<boolean> {
    if (principal.kind === 'admin') return true;
    if (topic === null) return false;
    const owned = await this.dataSource.getRepository(TopicEntity).findOneBy({ name: topic });
    return owned?.ownerAgencyId === principal.agencyId;
  }
}

function delivery(entry: AuditEntryEntity): RecordDelivery {
  const { fields, subscriptionId } = entry.details as { fields?: unknown; subscriptionId?: unknown };
  return {
    agencyId: entry.agencyId,
    fields: Array.isArray(fields) ? fields.filter((field): field is string => typeof field === 'string') : [],
    at: entry.occurredAt.toISOString(),
    seq: entry.seq,
    subscriptionId:
      typeof subscriptionId === 'string'
        ? subscriptionId
        : entry.targetType === 'subscription'
          ? entry.targetId
          : null,
    details: entry.details,
  };
}
