import type { IHeaders, KafkaMessage } from 'kafkajs';
import type { IncomingMessage } from './kafka-message';

/** Header values as bytes; of a repeated header, the first. */
export function headersToBuffers(headers: IHeaders | undefined): Record<string, Buffer> {
  const out: Record<string, Buffer> = {};
  for (const name in headers) {
    const value = headers[name];
    const first = Array.isArray(value) ? value[0] : value;
    if (first !== undefined) out[name] = Buffer.isBuffer(first) ? first : Buffer.from(String(first));
  }
  return out;
}

export function toIncomingMessage(topic: string, partition: number, message: KafkaMessage): IncomingMessage {
  const rawHeaders = headersToBuffers(message.headers);
  const headers: Record<string, string> = {};
  for (const name in rawHeaders) headers[name] = (rawHeaders[name] as Buffer).toString('utf8');
  return {
    topic,
    partition,
    offset: message.offset,
    key: message.key ? message.key.toString('utf8') : null,
    value: message.value,
    headers,
    rawKey: message.key,
    rawHeaders,
    timestamp: message.timestamp,
  };
}
