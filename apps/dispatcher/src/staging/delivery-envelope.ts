/**
 * The JSON a subscriber receives for one record, as the webhook body and as an element of a pull answer:
 * `data` is the projected record (only the approved fields) in the documented Avro → JSON mapping.
 */
export interface DeliveryEnvelope {
  /** Record id (UUID): also the `webhook-id`, unchanged across retries and replays. */
  id: string;
  /** The data topic. */
  topic: string;
  /** The publishing agency. */
  publisher: string;
  /** When the record was accepted (ISO 8601). */
  time: string;
  /** Registry id of the projected schema the record was encoded with. */
  schemaId: number;
  /** Its version in the subscription's projected subject, when known. */
  schemaVersion?: number;
  subscriptionId: string;
  /** The publisher's record key. */
  key: string | null;
  data: unknown;
}

export function envelopeJson(envelope: DeliveryEnvelope): string {
  return JSON.stringify({
    id: envelope.id,
    topic: envelope.topic,
    publisher: envelope.publisher,
    time: envelope.time,
    schemaId: envelope.schemaId,
    ...(envelope.schemaVersion === undefined ? {} : { schemaVersion: envelope.schemaVersion }),
    subscriptionId: envelope.subscriptionId,
    key: envelope.key,
    data: envelope.data,
  });
}
