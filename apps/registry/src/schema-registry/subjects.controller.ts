import { Controller, Delete, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiBasicAuth, ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal, type Principal } from '@app/auth';
import { ConfluentBody, ConfluentJson } from './confluent-http';
import { parseRegisterSchemaRequest } from './dto/register-schema.request';
import { type SubjectVersionResponse } from './dto/subject-version.response';
import { principalActor } from './registry-actor';
import { parseVersion, queryFlag, queryString } from './registry-input';
import { SubjectRegistryService } from './subject-registry.service';

/** Confluent's `/subjects` API: versions of a subject, registration, look-up, deletion. */
@ApiTags('Confluent schema registry')
@ApiBearerAuth()
@ApiBasicAuth()
@Controller('subjects')
export class SubjectsController {
  constructor(private readonly registry: SubjectRegistryService) {}

  @ConfluentJson()
  @Get()
  @ApiOperation({ summary: 'Subjects with live versions (`deleted=true`: soft-deleted too)' })
  list(
    @Query('deleted') deleted: unknown,
    @Query('deletedOnly') deletedOnly: unknown,
    @Query('subjectPrefix') subjectPrefix: unknown,
  ): Promise<string[]> {
    const prefix = queryString(subjectPrefix);
    return this.registry.listSubjects({
      deleted: queryFlag(deleted),
      deletedOnly: queryFlag(deletedOnly),
      ...(prefix ? { prefix } : {}),
    });
  }

  @ConfluentJson()
  @Get(':subject/versions')
  @ApiOperation({ summary: 'Version numbers of a subject' })
  versions(
    @Param('subject') subject: string,
    @Query('deleted') deleted: unknown,
    @Query('deletedOnly') deletedOnly: unknown,
  ): Promise<number[]> {
    return this.registry.listVersions(subject, queryFlag(deleted), queryFlag(deletedOnly));
  }

  @ConfluentJson()
  @Post(':subject/versions')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Register a schema (answers its global id; the same schema again adds no version)',
  })
  async register(
    @Param('subject') subject: string,
    @ConfluentBody() body: unknown,
    @CurrentPrincipal() principal: Principal,
  ): Promise<{ id: number }> {
    const { id } = await this.registry.register(
      subject,
      parseRegisterSchemaRequest(body),
      principalActor(principal),
    );
    return { id };
  }

  @ConfluentJson()
  @Post(':subject')
  @HttpCode(200)
  @ApiOperation({ summary: 'Look up a schema in a subject' })
  lookup(
    @Param('subject') subject: string,
    @ConfluentBody() body: unknown,
    @Query('deleted') deleted: unknown,
  ): Promise<SubjectVersionResponse> {
    return this.registry.lookup(subject, parseRegisterSchemaRequest(body), queryFlag(deleted));
  }

  @ConfluentJson()
  @Get(':subject/versions/:version')
  @ApiOperation({ summary: 'A version of a subject (`latest` or `-1` for the latest)' })
  version(
    @Param('subject') subject: string,
    @Param('version') version: string,
    @Query('deleted') deleted: unknown,
  ): Promise<SubjectVersionResponse> {
    return this.registry.getVersion(subject, parseVersion(version), queryFlag(deleted));
  }

  @ConfluentJson()
  @Get(':subject/versions/:version/schema')
  @ApiOperation({ summary: 'Only the schema text of a version' })
  async schema(
    @Param('subject') subject: string,
    @Param('version') version: string,
    @Query('deleted') deleted: unknown,
  ): Promise<string> {
    return (await this.registry.getVersion(subject, parseVersion(version), queryFlag(deleted))).schema;
  }

  @ConfluentJson()
  @Get(':subject/versions/:version/referencedby')
  @ApiOperation({ summary: 'Ids of the schemas that reference this version' })
  referencedBy(@Param('subject') subject: string, @Param('version') version: string): Promise<number[]> {
    return this.registry.referencedBy(subject, parseVersion(version));
  }

  @ConfluentJson()
  @Delete(':subject/versions/:version')
  @ApiOperation({ summary: 'Soft-delete a version; `permanent=true` then removes it' })
  deleteVersion(
    @Param('subject') subject: string,
    @Param('version') version: string,
    @Query('permanent') permanent: unknown,
    @CurrentPrincipal() principal: Principal,
  ): Promise<number> {
    return this.registry.deleteVersion(
      subject,
      parseVersion(version),
      queryFlag(permanent),
      principalActor(principal),
    );
  }

  @ConfluentJson()
  @Delete(':subject')
  @ApiOperation({ summary: 'Soft-delete a subject; `permanent=true` then removes it' })
  deleteSubject(
    @Param('subject') subject: string,
    @Query('permanent') permanent: unknown,
    @CurrentPrincipal() principal: Principal,
  ): Promise<number[]> {
    return this.registry.deleteSubject(subject, queryFlag(permanent), principalActor(principal));
  }
}
