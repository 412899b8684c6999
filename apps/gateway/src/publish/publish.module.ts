import { type DynamicModule, Module } from '@nestjs/common';
import { RecordStatusController } from '../records/record-status.controller';
import { RecordStatusService } from '../records/record-status.service';
import { PublishController } from './publish.controller';
import { PUBLISH_OPTIONS, PublishService, type PublishOptions } from './publish.service';

@Module({})
export class PublishModule {
  static forRoot(options: PublishOptions): DynamicModule {
    return {
      module: PublishModule,
      controllers: [PublishController, RecordStatusController],
      providers: [{ provide: PUBLISH_OPTIONS, useValue: options }, PublishService, RecordStatusService],
    };
  }
}
