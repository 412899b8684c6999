import { Controller, Get, Param } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal, type Principal } from '@app/auth';
import { RecordStatusService, type RecordStatus } from './record-status.service';

@ApiTags('records')
@ApiBearerAuth()
@Controller('v1/records')
export class RecordStatusController {
  constructor(private readonly records: RecordStatusService) {}

  @Get(':id')
  @ApiOperation({
    summary: "A record's status for its publisher: accepted, routed, delivered to N of M, dead-lettered",
  })
  @ApiResponse({ status: 404, description: 'unknown record, or not yours' })
  status(@CurrentPrincipal() principal: Principal, @Param('id') id: string): Promise<RecordStatus> {
    return this.records.status(principal, id);
  }
}
