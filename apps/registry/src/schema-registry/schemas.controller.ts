import { Controller, Get, Param, Query, Res } from '@nestjs/common';
import { ApiBasicAuth, ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { CONFLUENT_CONTENT_TYPE, ConfluentJson } from './confluent-http';
import { type SubjectVersionPair } from './dto/subject-version.response';
import { queryFlag } from './registry-input';
import { SubjectRegistryService } from './subject-registry.service';

/** Confluent's `/schemas` API: schemas by global id (served from memory after the first read). */
@ApiTags('Confluent schema registry')
@ApiBearerAuth()
@ApiBasicAuth()
@Controller('schemas')
export class SchemasController {
  constructor(private readonly registry: SubjectRegistryService) {}

  @ConfluentJson()
  @Get('types')
  @ApiOperation({ summary: 'Schema types this registry holds' })
  types(): string[] {
    return ['AVRO'];
  }

  @Get('ids/:id')
  @ApiOperation({ summary: 'A schema by its global id' })
  async byId(@Param('id') id: string, @Res() res: Response): Promise<void> {
    const body = await this.registry.schemaLookupBody(id);
    // The hottest route (every deserializer meeting a new id): the body is rendered once and cached, so it
    // is written as it is, in one write, without Express's ETag hashing and re-encoding of it.
    res
      .writeHead(200, { 'Content-Type': CONFLUENT_CONTENT_TYPE, 'Content-Length': Buffer.byteLength(body) })
      .end(body);
  }

  @ConfluentJson()
  @Get('ids/:id/schema')
  @ApiOperation({ summary: 'Only the schema text' })
  text(@Param('id') id: string): Promise<string> {
    return this.registry.schemaText(id);
  }

  @ConfluentJson()
  @Get('ids/:id/versions')
  @ApiOperation({ summary: 'Subject versions that hold this schema' })
  versions(@Param('id') id: string, @Query('deleted') deleted: unknown): Promise<SubjectVersionPair[]> {
    return this.registry.versionsOfSchema(id, queryFlag(deleted));
  }

  @ConfluentJson()
  @Get('ids/:id/subjects')
  @ApiOperation({ summary: 'Subjects that hold this schema' })
  subjects(@Param('id') id: string, @Query('deleted') deleted: unknown): Promise<string[]> {
    return this.registry.subjectsOfSchema(id, queryFlag(deleted));
  }
}
