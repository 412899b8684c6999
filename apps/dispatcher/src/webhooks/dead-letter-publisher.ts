import { type KafkaClient, type KafkaProducer } from '@app/kafka';
import { type DataSource } from '@app/persistence';
import { type ClaimedDelivery } from './webhook-options';

export interface FinalAttempt {
  attempt: number;
  outcome: string;
  statusCode: number | null;
  latencyMs: number | null;
  error: string | null;
  at: Date;
}

interface AttemptRow {
  attempt: number;
  outcome: string;
  status_code: number | null;
  latency_ms: number | null;
  error: string | null;
  attempted_at: Date;
}

/**
 * Dead letters of webhook deliveries go to the subscriber's `<prefix><agency>.dlq` topic as JSON: the
 * webhook body it would have received and every attempt's outcome; headers carry the CloudEvents attributes,
 * the subscription, the attempt count and the last error.
 */
export class DeadLetterPublisher {
  private producer?: Promise<KafkaProducer>;
  private readonly ensured = new Set<string>();

  constructor(
    private readonly kafka: KafkaClient,
    private readonly dataSource: DataSource,
    private readonly topicPrefix: string,
    private readonly partitions: number,
  ) {}

  topicFor(agencyId: string): string {
    return `${this.topicPrefix}${agencyId}.dlq`;
  }

  /** Resolves once Kafka has the dead letter (acks=all). */
  async publish(delivery: ClaimedDelivery, last: FinalAttempt): Promise<void> {
    const earlier = await this.dataSource.query<AttemptRow[]>(
      `SELECT attempt, outcome, status_code, latency_ms, error, attempted_at FROM delivery_attempts
        WHERE delivery_id = $1 ORDER BY id`,
      [delivery.id],
    );
    const attempts = [
      ...earlier.map((row) => ({
        attempt: row.attempt,
        outcome: row.outcome,
        statusCode: row.status_code,
        latencyMs: row.latency_ms,
        error: row.error,
        at: row.attempted_at.toISOString(),
      })),
      { ...last, at: last.at.toISOString() },
    ];
    const topic = this.topicFor(delivery.agencyId);
    if (!this.ensured.has(topic)) {
      await this.kafka.ensureTopics([{ topic, partitions: this.partitions }]);
      this.ensured.add(topic);
    }
    this.producer ??= this.kafka.createProducer();
    const producer = await this.producer.catch((error: unknown) => {
      this.producer = undefined;
      throw error;
    });
    const value = `{"record":${delivery.body},"attempts":${JSON.stringify(attempts)}}`;
    await producer.send(topic, [
      {
        key: delivery.recordKey,
        value: Buffer.from(value, 'utf8'),
        headers: {
          ...delivery.headers,
          'content-type': 'application/json',
          penghubung_subscription: delivery.subscriptionId,
          penghubung_dlq_reason: 'webhook attempts exhausted',
          penghubung_attempts: String(last.attempt),
          penghubung_attempt_statuses: attempts
            .map((a) => (a.statusCode === null ? a.outcome : String(a.statusCode)))
            .join(','),
          penghubung_last_error: (last.error ?? '').slice(0, 500),
        },
      },
    ]);
  }
}
