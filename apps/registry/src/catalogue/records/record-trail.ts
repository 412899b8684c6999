import { type AuditEntryView } from '../audit/audit-entry-view';

/** Who published a record, where it is in Kafka. */
export interface RecordPublication {
  agencyId: string | null;
  at: string;
  /** The audit entry that says so: the gateway's `record.published`, or the router's `records.routed`. */
  seq: string;
  partition: number | null;
  offset: string | null;
  schemaId: number | null;
  /** `http` when published through the gateway; null when only the router saw it (a direct Kafka producer). */
  via: string | null;
}

/** One delivery of a record to a subscribing agency, with the fields it received. */
export interface RecordDelivery {
  agencyId: string | null;
  subscriptionId: string;
  fields: string[];
  deliveryTopic: string;
  schemaId: number | null;
  at: string;
  seq: string;
}

/** A record's trail: who published it, which agencies received which fields, when. */
export interface RecordTrail {
  recordId: string;
  topic: string | null;
  published: RecordPublication | null;
  deliveries: RecordDelivery[];
  /**
   * Every audit entry about the record, oldest first, as written (so each can be checked against the chain):
   * batch entries name the record among others in `details.recordIds`.
   */
  entries: AuditEntryView[];
}
