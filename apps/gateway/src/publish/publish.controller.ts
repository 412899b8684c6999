import { Body, Controller, Headers, HttpCode, Param, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiHeader, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal, type Principal } from '@app/auth';
import { assertJsonContentType } from './publish-request';
import { PublishService, type PublishedRecordResult } from './publish.service';

@ApiTags('publish')
@ApiBearerAuth()
@Controller('v1/topics')
export class PublishController {
  constructor(private readonly publishing: PublishService) {}

  @Post(':topic/records')
  @HttpCode(202)
  @ApiOperation({
    summary: 'Publish one record or a batch to a data topic you own',
    description:
      'Body: `{"key": "...", "value": {...}, "id": "<uuid>"}` or `{"records": [...], "schemaVersion": 2}`. ' +
      'Values are JSON in the documented Avro mapping. Answered 202 only after Kafka acknowledged every record ' +
      '(acks=all). All or nothing: one invalid record → 422 listing every invalid record, nothing produced. A ' +
      'record id (or Idempotency-Key) accepted before is acknowledged again with `duplicate: true`.',
  })
  @ApiHeader({
    name: 'Idempotency-Key',
    required: false,
    description: 'Makes the ids of records without one stable across retries',
  })
  @ApiBody({ schema: { type: 'object' } })
  @ApiResponse({ status: 202, description: '{"records": [{"id", "partition", "offset", "duplicate"}]}' })
  @ApiResponse({ status: 400, description: 'malformed envelope' })
  @ApiResponse({ status: 403, description: 'not the owner of the topic' })
  @ApiResponse({ status: 404, description: 'unknown topic' })
  @ApiResponse({ status: 409, description: 'the topic has no schema yet, or the record id is in use' })
  @ApiResponse({ status: 413, description: 'too many records or too many bytes' })
  @ApiResponse({ status: 415, description: 'the body is not application/json' })
  @ApiResponse({ status: 422, description: 'records that do not match the schema, with field paths' })
  @ApiResponse({ status: 503, description: 'Kafka did not acknowledge; nothing was published' })
  async publish(
    @CurrentPrincipal() principal: Principal,
    @Param('topic') topic: string,
    @Body() body: unknown,
    @Headers('idempotency-key') idempotencyKey: string | undefined,
    @Headers('content-type') contentType: string | undefined,
  ): Promise<{ records: PublishedRecordResult[] }> {
    assertJsonContentType(contentType);
    return { records: await this.publishing.publish(principal, topic, body, idempotencyKey) };
  }
}
