import { Injectable } from '@nestjs/common';
import { KafkaClient } from '@app/kafka';
import { type HealthIndicator } from '@app/observability';
import { DataSource, TopicEntity } from '@app/persistence';

const LISTED = 10;

/**
 * Readiness: every topic in the catalogue exists in Kafka. Someone deleting a data topic behind our back
 * (or a broker that lost its data) shows as `catalogue-topics: down` instead of silent message loss.
 */
@Injectable()
export class TopicDriftIndicator implements HealthIndicator {
  readonly name = 'catalogue-topics';

  constructor(
    private readonly dataSource: DataSource,
    private readonly kafka: KafkaClient,
  ) {}

  async check(): Promise<void> {
    const [catalogue, existing] = await Promise.all([
      this.dataSource.getRepository(TopicEntity).find({ select: { name: true } }),
      this.kafka.listTopics(),
    ]);
    const inKafka = new Set(existing);
    const missing = catalogue.map((topic) => topic.name).filter((name) => !inKafka.has(name));
    if (missing.length > 0) {
      const shown = missing.slice(0, LISTED).join(', ');
      const more = missing.length > LISTED ? ` and ${missing.length - LISTED} more` : '';
      throw new Error(`${missing.length} catalogue topic(s) missing in Kafka: ${shown}${more}`);
    }
  }
}
