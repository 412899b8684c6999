import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiForbiddenResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
  ApiUnprocessableEntityResponse,
} from '@nestjs/swagger';
import { CurrentPrincipal, type Principal } from '@app/auth';
import { AmendSubscriptionDto } from './dto/amend-subscription.dto';
import { ListSubscriptionsQuery } from './dto/list-subscriptions.query';
import { RequestSubscriptionDto } from './dto/request-subscription.dto';
import { SubscriptionDecisionDto } from './dto/subscription-decision.dto';
import { SubscriptionIdParam } from './dto/subscription-id.param';
import { SubscriptionResponse } from './dto/subscription.response';
import { type SubscriptionView } from './subscription-view';
import { SubscriptionsService } from './subscriptions.service';

const DECIDED = { type: SubscriptionResponse };
const NOT_VISIBLE = { description: 'unknown, or neither the subscriber, the topic owner nor an admin' };
const ILLEGAL = { description: 'the status does not allow this transition' };

@ApiTags('subscriptions')
@ApiBearerAuth()
@Controller('v1/subscriptions')
export class SubscriptionsController {
  constructor(private readonly subscriptions: SubscriptionsService) {}

  @Post()
  @ApiOperation({
    summary: 'Request a subscription (an agency for itself, or an admin on its behalf); it starts pending',
  })
  @ApiCreatedResponse({ type: SubscriptionResponse })
  @ApiNotFoundResponse({ description: 'unknown topic or agency' })
  @ApiConflictResponse({ description: 'the topic has no schema yet' })
  @ApiUnprocessableEntityResponse({
    description: 'fields or filter do not fit the schema (with paths and positions), or webhook URL refused',
  })
  request(
    @CurrentPrincipal() principal: Principal,
    @Body() body: RequestSubscriptionDto,
  ): Promise<SubscriptionView> {
    return this.subscriptions.request(principal, body);
  }

  @Get()
  @ApiOperation({
    summary: 'List subscriptions (admin: all; an agency: its own and those to the topics it owns)',
  })
  @ApiOkResponse({ type: [SubscriptionResponse] })
  list(
    @CurrentPrincipal() principal: Principal,
    @Query() query: ListSubscriptionsQuery,
  ): Promise<SubscriptionView[]> {
    return this.subscriptions.list(principal, query);
  }

  @Get(':id')
  @ApiOperation({ summary: 'Read a subscription (subscriber, topic owner, admin)' })
  @ApiOkResponse(DECIDED)
  @ApiNotFoundResponse(NOT_VISIBLE)
  get(
    @CurrentPrincipal() principal: Principal,
    @Param() params: SubscriptionIdParam,
  ): Promise<SubscriptionView> {
    return this.subscriptions.get(principal, params.id);
  }

  @Post(':id/approve')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Approve (topic owner or admin): registers the projected schema, status active',
  })
  @ApiOkResponse(DECIDED)
  @ApiForbiddenResponse({ description: 'the subscriber may not approve its own request' })
  @ApiNotFoundResponse(NOT_VISIBLE)
  @ApiConflictResponse(ILLEGAL)
  approve(
    @CurrentPrincipal() principal: Principal,
    @Param() params: SubscriptionIdParam,
    @Body() body: SubscriptionDecisionDto,
  ): Promise<SubscriptionView> {
    return this.subscriptions.decide(principal, params.id, 'approve', body.reason);
  }

  @Post(':id/reject')
  @HttpCode(200)
  @ApiOperation({ summary: 'Reject a pending request (topic owner or admin)' })
  @ApiOkResponse(DECIDED)
  @ApiNotFoundResponse(NOT_VISIBLE)
  @ApiConflictResponse(ILLEGAL)
  reject(
    @CurrentPrincipal() principal: Principal,
    @Param() params: SubscriptionIdParam,
    @Body() body: SubscriptionDecisionDto,
  ): Promise<SubscriptionView> {
    return this.subscriptions.decide(principal, params.id, 'reject', body.reason);
  }

  @Post(':id/suspend')
  @HttpCode(200)
  @ApiOperation({ summary: 'Suspend an active subscription (either side, or an admin)' })
  @ApiOkResponse(DECIDED)
  @ApiNotFoundResponse(NOT_VISIBLE)
  @ApiConflictResponse(ILLEGAL)
  suspend(
    @CurrentPrincipal() principal: Principal,
    @Param() params: SubscriptionIdParam,
    @Body() body: SubscriptionDecisionDto,
  ): Promise<SubscriptionView> {
    return this.subscriptions.decide(principal, params.id, 'suspend', body.reason);
  }

  @Post(':id/resume')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Resume a suspended subscription (topic owner or admin; the subscriber if it suspended it)',
  })
  @ApiOkResponse(DECIDED)
  @ApiNotFoundResponse(NOT_VISIBLE)
  @ApiConflictResponse(ILLEGAL)
  resume(
    @CurrentPrincipal() principal: Principal,
    @Param() params: SubscriptionIdParam,
    @Body() body: SubscriptionDecisionDto,
  ): Promise<SubscriptionView> {
    return this.subscriptions.decide(principal, params.id, 'resume', body.reason);
  }

  @Post(':id/end')
  @HttpCode(200)
  @ApiOperation({ summary: 'End a subscription for good (either side, or an admin)' })
  @ApiOkResponse(DECIDED)
  @ApiNotFoundResponse(NOT_VISIBLE)
  @ApiConflictResponse(ILLEGAL)
  end(
    @CurrentPrincipal() principal: Principal,
    @Param() params: SubscriptionIdParam,
    @Body() body: SubscriptionDecisionDto,
  ): Promise<SubscriptionView> {
    return this.subscriptions.decide(principal, params.id, 'end', body.reason);
  }

  @Post(':id/amend')
  @ApiOperation({
    summary:
      'Amend (subscriber or admin): creates a new pending subscription that replaces this one when approved',
  })
  @ApiCreatedResponse({ type: SubscriptionResponse, description: 'the new, pending subscription' })
  @ApiNotFoundResponse(NOT_VISIBLE)
  @ApiConflictResponse({ description: 'not active or suspended, or an amendment is already pending' })
  @ApiUnprocessableEntityResponse({ description: 'fields or filter do not fit the schema' })
  amend(
    @CurrentPrincipal() principal: Principal,
    @Param() params: SubscriptionIdParam,
    @Body() body: AmendSubscriptionDto,
  ): Promise<SubscriptionView> {
    return this.subscriptions.amend(principal, params.id, body);
  }
}
