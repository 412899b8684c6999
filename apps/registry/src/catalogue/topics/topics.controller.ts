import { Body, Controller, Get, Param, Post, Query } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiForbiddenResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiServiceUnavailableResponse,
  ApiTags,
} from '@nestjs/swagger';
import { CurrentPrincipal, type Principal } from '@app/auth';
import { CreateTopicDto } from './dto/create-topic.dto';
import { ListTopicsQuery } from './dto/list-topics.query';
import { TopicNameParam } from './dto/topic-name.param';
import { TopicResponse } from './dto/topic.response';
import { type TopicView } from './topic-view';
import { TopicsService } from './topics.service';

@ApiTags('topics')
@ApiBearerAuth()
@Controller('v1/topics')
export class TopicsController {
  constructor(private readonly topics: TopicsService) {}

  @Post()
  @ApiOperation({
    summary: 'Create a topic for an owning agency (admin): catalogue row, Kafka topic, subject ownership',
  })
  @ApiCreatedResponse({ type: TopicResponse })
  @ApiForbiddenResponse({ description: 'not an admin' })
  @ApiNotFoundResponse({ description: 'the owner agency does not exist' })
  @ApiConflictResponse({ description: 'the topic exists' })
  @ApiServiceUnavailableResponse({ description: 'Kafka did not create the topic' })
  create(@CurrentPrincipal() principal: Principal, @Body() body: CreateTopicDto): Promise<TopicView> {
    return this.topics.create(principal, body);
  }

  @Get()
  @ApiOperation({ summary: 'Browse the catalogue (any authenticated caller); never shows subscribers' })
  @ApiOkResponse({ type: [TopicResponse] })
  list(@Query() query: ListTopicsQuery): Promise<TopicView[]> {
    return this.topics.list(query);
  }

  @Get(':name')
  @ApiOperation({ summary: 'Read one topic with its latest value schema id and version' })
  @ApiOkResponse({ type: TopicResponse })
  @ApiNotFoundResponse()
  get(@Param() params: TopicNameParam): Promise<TopicView> {
    return this.topics.get(params.name);
  }
}
