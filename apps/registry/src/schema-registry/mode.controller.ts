import { Controller, Delete, Get, Param, Put, Query } from '@nestjs/common';
import { ApiBasicAuth, ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal, type Principal } from '@app/auth';
import { ConfluentBody, ConfluentJson } from './confluent-http';
import { principalActor } from './registry-actor';
import { parseModeRequest, queryFlag, type RegistryMode } from './registry-input';
import { RegistrySettingsService } from './registry-settings.service';

/** Confluent's `/mode`: READWRITE, READONLY or IMPORT, global (admins) and per subject (admins and owners). */
@ApiTags('Confluent schema registry')
@ApiBearerAuth()
@ApiBasicAuth()
@Controller('mode')
export class ModeController {
  constructor(private readonly settings: RegistrySettingsService) {}

  @ConfluentJson()
  @Get()
  @ApiOperation({ summary: 'The global mode' })
  async global(): Promise<{ mode: RegistryMode }> {
    return { mode: await this.settings.globalMode() };
  }

  @ConfluentJson()
  @Put()
  @ApiOperation({ summary: 'Set the global mode (admins; IMPORT needs an empty registry or force=true)' })
  async setGlobal(
    @ConfluentBody() body: unknown,
    @Query('force') force: unknown,
    @CurrentPrincipal() principal: Principal,
  ): Promise<{ mode: RegistryMode }> {
    return {
      mode: await this.settings.setGlobalMode(
        parseModeRequest(body),
        queryFlag(force),
        principalActor(principal),
      ),
    };
  }

  @ConfluentJson()
  @Get(':subject')
  @ApiOperation({ summary: "A subject's own mode (404 40409 without one, unless defaultToGlobal=true)" })
  async subject(
    @Param('subject') subject: string,
    @Query('defaultToGlobal') defaultToGlobal: unknown,
  ): Promise<{ mode: RegistryMode }> {
    return { mode: await this.settings.subjectMode(subject, queryFlag(defaultToGlobal)) };
  }

  @ConfluentJson()
  @Put(':subject')
  @ApiOperation({ summary: "Set a subject's mode (admins and the owning agency)" })
  async setSubject(
    @Param('subject') subject: string,
    @ConfluentBody() body: unknown,
    @Query('force') force: unknown,
    @CurrentPrincipal() principal: Principal,
  ): Promise<{ mode: RegistryMode }> {
    return {
      mode: await this.settings.setSubjectMode(
        subject,
        parseModeRequest(body),
        queryFlag(force),
        principalActor(principal),
      ),
    };
  }

  @ConfluentJson()
  @Delete(':subject')
  @ApiOperation({ summary: "Remove a subject's own mode; answers the mode it had" })
  async deleteSubject(
    @Param('subject') subject: string,
    @CurrentPrincipal() principal: Principal,
  ): Promise<{ mode: RegistryMode }> {
    return { mode: await this.settings.deleteSubjectMode(subject, principalActor(principal)) };
  }
}
