import { Body, Controller, Get, HttpCode, Param, Patch, Post } from '@nestjs/common';
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
import { AgenciesService } from './agencies.service';
import { type AgencyView } from './agency-view';
import { AgencyIdParam } from './dto/agency-id.param';
import { AgencyStatusChangeDto } from './dto/agency-status-change.dto';
import { AgencyResponse } from './dto/agency.response';
import { CreateAgencyDto } from './dto/create-agency.dto';
import { UpdateAgencyDto } from './dto/update-agency.dto';

@ApiTags('agencies')
@ApiBearerAuth()
@Controller('v1/agencies')
export class AgenciesController {
  constructor(private readonly agencies: AgenciesService) {}

  @Post()
  @ApiOperation({ summary: 'Create an agency (admin)' })
  @ApiCreatedResponse({ type: AgencyResponse })
  @ApiConflictResponse({ description: 'an agency with this id exists' })
  create(@CurrentPrincipal() principal: Principal, @Body() body: CreateAgencyDto): Promise<AgencyView> {
    return this.agencies.create(principal, body);
  }

  @Get()
  @ApiOperation({ summary: 'List agencies (admin: all; an agency: itself)' })
  @ApiOkResponse({ type: [AgencyResponse] })
  list(@CurrentPrincipal() principal: Principal): Promise<AgencyView[]> {
    return this.agencies.list(principal);
  }

  @Get(':id')
  @ApiOperation({ summary: 'Read an agency (admin, or the agency itself)' })
  @ApiOkResponse({ type: AgencyResponse })
  @ApiNotFoundResponse()
  get(@CurrentPrincipal() principal: Principal, @Param() params: AgencyIdParam): Promise<AgencyView> {
    return this.agencies.get(principal, params.id);
  }

  @Patch(':id')
  @ApiOperation({ summary: 'Change the name or contact of an agency (admin)' })
  @ApiOkResponse({ type: AgencyResponse })
  update(
    @CurrentPrincipal() principal: Principal,
    @Param() params: AgencyIdParam,
    @Body() body: UpdateAgencyDto,
  ): Promise<AgencyView> {
    return this.agencies.update(principal, params.id, body);
  }

  @Post(':id/suspend')
  @HttpCode(200)
  @ApiOperation({ summary: 'Suspend an agency (admin): its keys get 403, it neither publishes nor receives' })
  @ApiOkResponse({ type: AgencyResponse })
  @ApiForbiddenResponse({ description: 'not an admin' })
  @ApiConflictResponse({ description: 'already suspended' })
  suspend(
    @CurrentPrincipal() principal: Principal,
    @Param() params: AgencyIdParam,
    @Body() body: AgencyStatusChangeDto,
  ): Promise<AgencyView> {
    return this.agencies.suspend(principal, params.id, body.reason);
  }

  @Post(':id/reactivate')
  @HttpCode(200)
  @ApiOperation({ summary: 'Reactivate a suspended agency (admin)' })
  @ApiOkResponse({ type: AgencyResponse })
  @ApiConflictResponse({ description: 'already active' })
  reactivate(
    @CurrentPrincipal() principal: Principal,
    @Param() params: AgencyIdParam,
    @Body() body: AgencyStatusChangeDto,
  ): Promise<AgencyView> {
    return this.agencies.reactivate(principal, params.id, body.reason);
  }
}
