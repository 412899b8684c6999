import { Body, Controller, Get, Header, HttpCode, Param, Post, Query } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiConflictResponse,
  ApiForbiddenResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import { CurrentPrincipal, type Principal } from '@app/auth';
import { AckDto } from './dto/ack.dto';
import { PullQuery } from './dto/pull.query';
import { SubscriptionIdParam } from './dto/subscription-id.param';
import { type PulledRecords, PullService, parseWait } from './pull.service';

const NOT_YOURS = { description: 'unknown subscription, or not the caller’s' };

@ApiTags('pull')
@ApiBearerAuth()
@Controller('v1/subscriptions')
export class PullController {
  constructor(private readonly pulling: PullService) {}

  @Get(':id/records')
  @Header('Cache-Control', 'no-store')
  @ApiOperation({
    summary: 'Long-poll the records of a pull subscription (the subscribing agency only)',
    description:
      'Answers `{records, cursor}` at once when records are waiting, else after at most `wait` (≤ 30s). Records ' +
      'handed out are hidden for the visibility timeout; acknowledge them with the cursor, or they come back.',
  })
  @ApiOkResponse({
    description:
      '{"records": [{id, topic, publisher, time, schemaId, schemaVersion, subscriptionId, key, data}], "cursor": "..."}',
  })
  @ApiNotFoundResponse(NOT_YOURS)
  @ApiForbiddenResponse({ description: 'an admin: only the subscribing agency may pull' })
  @ApiConflictResponse({ description: 'not a pull subscription, or not active' })
  records(
    @CurrentPrincipal() principal: Principal,
    @Param() params: SubscriptionIdParam,
    @Query() query: PullQuery,
  ): Promise<PulledRecords> {
    return this.pulling.pull(principal, params.id, query.max ?? 100, parseWait(query.wait));
  }

  @Post(':id/ack')
  @HttpCode(200)
  @ApiOperation({ summary: 'Acknowledge the records of a pull answer by its cursor' })
  @ApiOkResponse({ description: '{"acknowledged": n}: records completed now (0 when already acknowledged)' })
  @ApiNotFoundResponse(NOT_YOURS)
  ack(
    @CurrentPrincipal() principal: Principal,
    @Param() params: SubscriptionIdParam,
    @Body() body: AckDto,
  ): Promise<{ acknowledged: number }> {
    return this.pulling.ack(principal, params.id, body.cursor);
  }
}
