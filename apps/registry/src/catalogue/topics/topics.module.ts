import { Module } from '@nestjs/common';
import { SchemaRegistryModule } from '../../schema-registry/schema-registry.module';
import { TopicDriftIndicator } from './topic-drift.indicator';
import { TopicsController } from './topics.controller';
import { TopicsService } from './topics.service';

@Module({
  imports: [SchemaRegistryModule],
  controllers: [TopicsController],
  providers: [TopicsService, TopicDriftIndicator],
  exports: [TopicDriftIndicator],
})
export class TopicsModule {}
