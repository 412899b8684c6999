import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiBearerAuth,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import { CurrentPrincipal, type Principal } from '@app/auth';
import { SubscriptionIdParam } from '../pull/dto/subscription-id.param';
import { type DeliveryList, DeliveriesService } from './deliveries.service';
import { ListDeliveriesQuery } from './dto/list-deliveries.query';
import { ReplayDto } from './dto/replay.dto';

const NOT_VISIBLE = { description: 'unknown subscription, or neither its subscriber nor an admin' };

@ApiTags('deliveries')
@ApiBearerAuth()
@Controller('v1/subscriptions')
export class DeliveriesController {
  constructor(private readonly deliveries: DeliveriesService) {}

  @Get(':id/deliveries')
  @ApiOperation({
    summary: 'Deliveries of a webhook or pull subscription with every attempt (subscriber or admin)',
    description: 'Filter by status and record time; pages in staging order (`next` → `after`).',
  })
  @ApiOkResponse({ description: '{subscriptionId, deliveryMode, endpoint, deliveries: [...], next}' })
  @ApiNotFoundResponse(NOT_VISIBLE)
  list(
    @CurrentPrincipal() principal: Principal,
    @Param() params: SubscriptionIdParam,
    @Query() query: ListDeliveriesQuery,
  ): Promise<DeliveryList> {
    return this.deliveries.list(principal, params.id, query);
  }

  @Post(':id/replay')
  @HttpCode(202)
  @ApiOperation({
    summary:
      'Deliver again: dead-lettered records (`{"deadLettered": true}`) or a time range (`{"from", "to"}`)',
    description: 'Replayed webhooks keep their original `webhook-id`. A disabled endpoint is enabled again.',
  })
  @ApiOkResponse({ description: '{"requeued": n}' })
  @ApiBadRequestResponse({ description: 'neither or both of deadLettered and from/to' })
  @ApiNotFoundResponse(NOT_VISIBLE)
  replay(
    @CurrentPrincipal() principal: Principal,
    @Param() params: SubscriptionIdParam,
    @Body() body: ReplayDto,
  ): Promise<{ requeued: number }> {
    return this.deliveries.replay(principal, params.id, body);
  }
}
