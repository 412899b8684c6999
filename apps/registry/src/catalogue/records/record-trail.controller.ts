import { Controller, Get, Param } from '@nestjs/common';
import { ApiBearerAuth, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal, type Principal } from '@app/auth';
import { RecordIdParam } from './dto/record-id.param';
import { RecordTrailResponse } from './dto/record-trail.response';
import { type RecordTrail } from './record-trail';
import { RecordTrailService } from './record-trail.service';

@ApiTags('records')
@ApiBearerAuth()
@Controller('v1/records')
export class RecordTrailController {
  constructor(private readonly trails: RecordTrailService) {}

  @Get(':id/trail')
  @ApiOperation({
    summary:
      "A record's trail: who published it, which agencies received which fields, when (topic owner, admin)",
  })
  @ApiOkResponse({ type: RecordTrailResponse })
  @ApiNotFoundResponse({ description: 'no such record, or not the owner of its topic' })
  trail(@CurrentPrincipal() principal: Principal, @Param() params: RecordIdParam): Promise<RecordTrail> {
    return this.trails.trail(principal, params.id);
  }
}
