/** A record as Penghubung sees it, independent of the Kafka client library. */
export interface OutgoingMessage {
  key: string | null;
  value: Buffer | null;
  headers?: Record<string, string>;
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
