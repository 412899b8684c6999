import { Controller, Get, Param, Query } from '@nestjs/common';
import {
  ApiBasicAuth,
  ApiBearerAuth,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiParam,
  ApiQuery,
  ApiTags,
  ApiUnauthorizedResponse,
} from '@nestjs/swagger';
import { SubjectChangelogResponse } from './dto/subject-changelog.response';
import { SubjectFieldsResponse } from './dto/subject-fields.response';
import { parseVersion, queryString } from './registry-input';
import { SubjectInsightsService } from './subject-insights.service';

/** Penghubung's additions to the registry: field classifications and changelogs of subjects. */
@ApiTags('subjects')
@ApiBearerAuth()
@ApiBasicAuth()
@ApiUnauthorizedResponse({ description: 'No or invalid API key' })
@Controller('v1/subjects/:subject')
export class SubjectInsightsController {
  constructor(private readonly insights: SubjectInsightsService) {}

  @Get('fields')
  @ApiOperation({
    summary: 'Fields of a subject with their classification',
    description:
      'Every field of the schema (dotted paths), its `classification` attribute (public, internal, personal, ' +
      'sensitive) and whether it is personal data. The router uses this for data minimisation.',
  })
  @ApiParam({ name: 'subject', example: 'kependudukan.kelahiran.v1-value' })
  @ApiQuery({ name: 'version', required: false, description: 'A version number, or `latest` (the default)' })
  @ApiOkResponse({ type: SubjectFieldsResponse })
  @ApiNotFoundResponse({ description: 'Unknown subject (40401) or version (40402)' })
  fields(
    @Param('subject') subject: string,
    @Query('version') version: unknown,
  ): Promise<SubjectFieldsResponse> {
    return this.insights.fields(subject, parseVersion(queryString(version) ?? 'latest'));
  }

  @Get('changelog')
  @ApiOperation({
    summary: 'Who registered and deleted each version of a subject, and when',
    description:
      'Every version ever registered (live, soft-deleted or permanently deleted) with who registered and ' +
      'deleted it, and every change of the subject (config, mode, owner) from the audit log, oldest first.',
  })
  @ApiParam({ name: 'subject', example: 'kependudukan.kelahiran.v1-value' })
  @ApiOkResponse({ type: SubjectChangelogResponse })
  @ApiNotFoundResponse({ description: 'A subject the registry never knew (40401)' })
  changelog(@Param('subject') subject: string): Promise<SubjectChangelogResponse> {
    return this.insights.changelog(subject);
  }
}
