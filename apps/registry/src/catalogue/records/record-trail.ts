import { type AuditEntryView } from '../audit/audit-entry-view';

/** Who published a record. */
export interface RecordPublication {
  agencyId: string | null;
  at: string;
  seq: string;
  details: Record<string, unknown>;
}

/** One delivery of a record to a subscribing agency, with the fields it received. */
export interface RecordDelivery {
  agencyId: string | null;
  fields: string[];
  at: string;
  seq: string;
  subscriptionId: string | null;
  details: Record<string, unknown>;
}

/** A record's trail: who published it, which agencies received which fields, when. */
export interface RecordTrail {
  recordId: string;
  topic: string | null;
  published: RecordPublication | null;
  deliveries: RecordDelivery[];
  /** Every audit entry of the record, oldest first (publication, deliveries, rejections, ...). */
  entries: AuditEntryView[];
}
