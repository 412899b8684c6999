import { Body, Controller, Get, Header, HttpCode, Param, Post, Query } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiForbiddenResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import { CurrentPrincipal, type Principal } from '@app/auth';
import { type ApiKeyView, type CreatedApiKeyView } from './api-key-view';
import { ApiKeysService } from './api-keys.service';
import { ApiKeyIdParam } from './dto/api-key-id.param';
import { ApiKeyResponse, CreatedApiKeyResponse } from './dto/api-key.response';
import { CreateApiKeyDto } from './dto/create-api-key.dto';
import { ListApiKeysQuery } from './dto/list-api-keys.query';
import { RevokeApiKeyDto } from './dto/revoke-api-key.dto';
import { RotateApiKeyDto } from './dto/rotate-api-key.dto';

@ApiTags('api-keys')
@ApiBearerAuth()
@Controller('v1/api-keys')
export class ApiKeysController {
  constructor(private readonly keys: ApiKeysService) {}

  @Post()
  @Header('Cache-Control', 'no-store')
  @ApiOperation({
    summary: 'Create an API key (admin: for any agency, or an admin key; an agency: for itself)',
  })
  @ApiCreatedResponse({ type: CreatedApiKeyResponse, description: 'The key is in this response only' })
  @ApiForbiddenResponse({ description: 'for another agency, or an admin key, by a non-admin' })
  create(
    @CurrentPrincipal() principal: Principal,
    @Body() body: CreateApiKeyDto,
  ): Promise<CreatedApiKeyView> {
    return this.keys.create(principal, body);
  }

  @Get()
  @ApiOperation({ summary: 'List API keys (admin: all; an agency: its own)' })
  @ApiOkResponse({ type: [ApiKeyResponse] })
  list(@CurrentPrincipal() principal: Principal, @Query() query: ListApiKeysQuery): Promise<ApiKeyView[]> {
    return this.keys.list(principal, query);
  }

  @Get(':id')
  @ApiOperation({ summary: 'Read an API key (never its secret)' })
  @ApiOkResponse({ type: ApiKeyResponse })
  @ApiNotFoundResponse()
  get(@CurrentPrincipal() principal: Principal, @Param() params: ApiKeyIdParam): Promise<ApiKeyView> {
    return this.keys.get(principal, params.id);
  }

  @Post(':id/revoke')
  @HttpCode(200)
  @ApiOperation({ summary: 'Revoke an API key: it gets 401 from now on' })
  @ApiOkResponse({ type: ApiKeyResponse })
  @ApiConflictResponse({ description: 'already revoked' })
  revoke(
    @CurrentPrincipal() principal: Principal,
    @Param() params: ApiKeyIdParam,
    @Body() body: RevokeApiKeyDto,
  ): Promise<ApiKeyView> {
    return this.keys.revoke(principal, params.id, body.reason);
  }

  @Post(':id/rotate')
  @Header('Cache-Control', 'no-store')
  @ApiOperation({ summary: 'Replace an API key by a new one (same agency and role); the old one is revoked' })
  @ApiCreatedResponse({ type: CreatedApiKeyResponse })
  @ApiConflictResponse({ description: 'already revoked' })
  rotate(
    @CurrentPrincipal() principal: Principal,
    @Param() params: ApiKeyIdParam,
    @Body() body: RotateApiKeyDto,
  ): Promise<CreatedApiKeyView> {
    return this.keys.rotate(principal, params.id, body);
  }
}
