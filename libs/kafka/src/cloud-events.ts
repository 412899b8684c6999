/**
 * CloudEvents Kafka protocol binding, binary mode: event attributes travel as `ce_`-prefixed headers and
 * the record value is the event data (Avro in Confluent wire format).
 */
export interface CloudEventAttributes {
  /** Record id: a UUID, stable across retries. */
  id: string;
  /** The publishing agency. */
  source: string;
  /** The data topic. */
  type: string;
  /** ISO 8601 time the record was accepted. */
  time: string;
  traceparent?: string;
}

export const AVRO_CONTENT_TYPE = 'application/avro';

export function toCloudEventHeaders(attributes: CloudEventAttributes): Record<string, string> {
  return {
    ce_specversion: '1.0',
    ce_id: attributes.id,
    ce_source: attributes.source,
    ce_type: attributes.type,
    ce_time: attributes.time,
    'content-type': AVRO_CONTENT_TYPE,
    ...(attributes.traceparent ? { traceparent: attributes.traceparent } : {}),
  };
}

/** Reads the attributes back; undefined when a required one is missing (e.g. a foreign producer). */
export function fromCloudEventHeaders(headers: Record<string, string>): CloudEventAttributes | undefined {
  const { ce_id: id, ce_source: source, ce_type: type, ce_time: time, traceparent } = headers;
  if (!id || !source || !type || !time) return undefined;
  return { id, source, type, time, ...(traceparent ? { traceparent } : {}) };
}
