/** A record as Penghubung sees it, independent of the Kafka client library. */
export interface OutgoingMessage {
  key: string | Buffer | null;
  value: Buffer | null;
  /** Values as text, or as bytes already encoded (cheaper when many copies share them). */
  headers?: Record<string, string | Buffer>;
  partition?: number;
}

export interface IncomingMessage {
  topic: string;
  partition: number;
  /** Kafka offsets are 64-bit: kept as the decimal string the broker gave. */
  offset: string;
  key: string | null;
  value: Buffer | null;
  headers: Record<string, string>;
  /** The key and header values as the broker sent them, for copies that pass them on unchanged. */
  rawKey: Buffer | null;
  rawHeaders: Record<string, Buffer>;
  timestamp: string;
}

export interface RecordPosition {
  topic: string;
  partition: number;
  offset: string;
}

export interface TopicSpec {
  topic: string;
  partitions?: number;
  /** Topic-level configs, e.g. { 'retention.ms': '604800000' }. */
  config?: Record<string, string>;
}
