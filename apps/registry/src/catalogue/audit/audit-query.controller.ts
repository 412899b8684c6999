import { Controller, Get, HttpCode, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiForbiddenResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { type ChainVerification } from '@app/audit';
import { CurrentPrincipal, type Principal } from '@app/auth';
import { type AuditPage, AuditQueryService } from './audit-query.service';
import { AuditQuery } from './dto/audit.query';
import { AuditPageResponse, AuditVerificationResponse } from './dto/audit.response';

@ApiTags('audit')
@ApiBearerAuth()
@Controller('v1/audit')
export class AuditQueryController {
  constructor(private readonly audit: AuditQueryService) {}

  @Get()
  @ApiOperation({
    summary:
      'Read the audit log, newest first (admin: all; an agency: its own actions, entries about it and its topics)',
  })
  @ApiOkResponse({ type: AuditPageResponse })
  query(@CurrentPrincipal() principal: Principal, @Query() query: AuditQuery): Promise<AuditPage> {
    return this.audit.query(principal, query);
  }

  @Post('verify')
  @HttpCode(200)
  @ApiOperation({ summary: 'Verify the hash chain (admin): valid, or the first entry where it breaks' })
  @ApiOkResponse({ type: AuditVerificationResponse })
  @ApiForbiddenResponse({ description: 'not an admin' })
  verify(@CurrentPrincipal() principal: Principal): Promise<ChainVerification> {
    return this.audit.verify(principal);
  }
}
