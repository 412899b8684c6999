import { Controller, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiBasicAuth, ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { type CompatibilityAnswer, CompatibilityService } from './compatibility.service';
import { ConfluentBody, ConfluentJson } from './confluent-http';
import { parseRegisterSchemaRequest } from './dto/register-schema.request';
import { parseVersion, queryFlag } from './registry-input';

/** Confluent's `/compatibility`: would a schema be accepted by a subject? (`verbose=true`: why not.) */
@ApiTags('Confluent schema registry')
@ApiBearerAuth()
@ApiBasicAuth()
@Controller('compatibility/subjects/:subject/versions')
export class CompatibilityController {
  constructor(private readonly compatibility: CompatibilityService) {}

  @ConfluentJson()
  @Post(':version')
  @HttpCode(200)
  @ApiOperation({ summary: 'Test a schema against one version (`latest` or a number)' })
  againstVersion(
    @Param('subject') subject: string,
    @Param('version') version: string,
    @Query('verbose') verbose: unknown,
    @ConfluentBody() body: unknown,
  ): Promise<CompatibilityAnswer> {
    return this.compatibility.test(
      subject,
      parseVersion(version),
      parseRegisterSchemaRequest(body),
      queryFlag(verbose),
    );
  }

  @ConfluentJson()
  @Post()
  @HttpCode(200)
  @ApiOperation({ summary: "Test a schema against the versions the subject's level names" })
  againstLevel(
    @Param('subject') subject: string,
    @Query('verbose') verbose: unknown,
    @ConfluentBody() body: unknown,
  ): Promise<CompatibilityAnswer> {
    return this.compatibility.test(subject, undefined, parseRegisterSchemaRequest(body), queryFlag(verbose));
  }
}
