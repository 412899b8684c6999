import { Module } from '@nestjs/common';
import { RecordTrailController } from './record-trail.controller';
import { RecordTrailService } from './record-trail.service';

@Module({ controllers: [RecordTrailController], providers: [RecordTrailService] })
export class RecordTrailModule {}
