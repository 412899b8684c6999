import { Controller, Delete, Get, Param, Put, Query } from '@nestjs/common';
import { ApiBasicAuth, ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { type CompatibilityLevel } from '@app/avro';
import { CurrentPrincipal, type Principal } from '@app/auth';
import { ConfluentBody, ConfluentJson } from './confluent-http';
import { principalActor } from './registry-actor';
import { parseConfigRequest, queryFlag } from './registry-input';
import { RegistrySettingsService } from './registry-settings.service';

/** Confluent's `/config`: compatibility levels, global (admins) and per subject (admins and owners). */
@ApiTags('Confluent schema registry')
@ApiBearerAuth()
@ApiBasicAuth()
@Controller('config')
export class ConfigController {
  constructor(private readonly settings: RegistrySettingsService) {}

  @ConfluentJson()
  @Get()
  @ApiOperation({ summary: 'The global compatibility level' })
  async global(): Promise<{ compatibilityLevel: CompatibilityLevel }> {
    return { compatibilityLevel: await this.settings.globalCompatibility() };
  }

  @ConfluentJson()
  @Put()
  @ApiOperation({ summary: 'Set the global compatibility level (admins)' })
  async setGlobal(
    @ConfluentBody() body: unknown,
    @CurrentPrincipal() principal: Principal,
  ): Promise<{ compatibility: CompatibilityLevel }> {
    return {
      compatibility: await this.settings.setGlobalCompatibility(
        parseConfigRequest(body),
        principalActor(principal),
      ),
    };
  }

  @ConfluentJson()
  @Delete()
  @ApiOperation({ summary: 'Reset the global level to BACKWARD (admins); answers the level it had' })
  async resetGlobal(
    @CurrentPrincipal() principal: Principal,
  ): Promise<{ compatibilityLevel: CompatibilityLevel }> {
    return { compatibilityLevel: await this.settings.resetGlobalCompatibility(principalActor(principal)) };
  }

  @ConfluentJson()
  @Get(':subject')
  @ApiOperation({ summary: "A subject's own level (404 40408 without one, unless defaultToGlobal=true)" })
  async subject(
    @Param('subject') subject: string,
    @Query('defaultToGlobal') defaultToGlobal: unknown,
  ): Promise<{ compatibilityLevel: CompatibilityLevel }> {
    return {
      compatibilityLevel: await this.settings.subjectCompatibility(subject, queryFlag(defaultToGlobal)),
    };
  }

  @ConfluentJson()
  @Put(':subject')
  @ApiOperation({ summary: "Set a subject's level (admins and the owning agency)" })
  async setSubject(
    @Param('subject') subject: string,
    @ConfluentBody() body: unknown,
    @CurrentPrincipal() principal: Principal,
  ): Promise<{ compatibility: CompatibilityLevel }> {
    return {
      compatibility: await this.settings.setSubjectCompatibility(
        subject,
        parseConfigRequest(body),
        principalActor(principal),
      ),
    };
  }

  @ConfluentJson()
  @Delete(':subject')
  @ApiOperation({ summary: "Remove a subject's own level; answers the level it had" })
  async deleteSubject(
    @Param('subject') subject: string,
    @CurrentPrincipal() principal: Principal,
  ): Promise<{ compatibilityLevel: CompatibilityLevel }> {
    return {
      compatibilityLevel: await this.settings.deleteSubjectCompatibility(subject, principalActor(principal)),
    };
  }
}
