import { Injectable } from '@nestjs/common';
import { findRecordEntries, recordFacts } from '@app/audit';
import { type Principal } from '@app/auth';
import { AppError } from '@app/core';
import { DataSource, TopicEntity } from '@app/persistence';
import { auditEntryView } from '../audit/audit-entry-view';
import { type RecordTrail } from './record-trail';

/**
 * A record's trail from the audit log: who published it and which agencies received which fields, from the
 * gateway's `record.published` and the router's batch entries (`records.routed`, `records.delivered`)
 * naming the record. Readable by the topic's owner and admins; to anyone else the record does not exist.
 */
@Injectable()
export class RecordTrailService {
  constructor(private readonly dataSource: DataSource) {}

  async trail(principal: Principal, recordId: string): Promise<RecordTrail> {
    const entries = await findRecordEntries(this.dataSource, recordId);
    const facts = recordFacts(entries, recordId);
    if (entries.length === 0 || !(await this.mayRead(principal, facts.topic))) {
      throw AppError.notFound(`record ${recordId} not found`);
    }
    const { published } = facts;
    return {
      recordId,
      topic: facts.topic,
      published: published
        ? {
            agencyId: published.agencyId,
            at: published.at.toISOString(),
            seq: published.seq,
            partition: published.partition,
            offset: published.offset,
            schemaId: published.schemaId,
            via: published.via,
          }
        : null,
      deliveries: facts.deliveries.map((delivery) => ({
        agencyId: delivery.agencyId,
        subscriptionId: delivery.subscriptionId,
        fields: delivery.fields,
        deliveryTopic: delivery.deliveryTopic,
        schemaId: delivery.schemaId,
        at: delivery.at.toISOString(),
        seq: delivery.seq,
      })),
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
