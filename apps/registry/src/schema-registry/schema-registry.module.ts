import { Module } from '@nestjs/common';
import { CompatibilityController } from './compatibility.controller';
import { CompatibilityService } from './compatibility.service';
import { ConfigController } from './config.controller';
import { ModeController } from './mode.controller';
import { RegistryRootController } from './registry-root.controller';
import { RegistrySettingsService } from './registry-settings.service';
import { SchemaLookup } from './schema-lookup';
import { SchemaStore } from './schema-store';
import { SchemasController } from './schemas.controller';
import { SubjectInsightsController } from './subject-insights.controller';
import { SubjectInsightsService } from './subject-insights.service';
import { SubjectRegistryService } from './subject-registry.service';
import { SubjectStore } from './subject-store';
import { SubjectsController } from './subjects.controller';

/**
 * The Confluent-compatible schema registry at the root of the registry app, and Penghubung's additions
 * under /v1. Provides {@link SchemaLookup} to the catalogue.
 */
@Module({
  controllers: [
    SubjectsController,
    SchemasController,
    ConfigController,
    ModeController,
    CompatibilityController,
    SubjectInsightsController,
    RegistryRootController,
  ],
  providers: [
    SchemaStore,
    SubjectStore,
    RegistrySettingsService,
    SubjectRegistryService,
    CompatibilityService,
    SubjectInsightsService,
    { provide: SchemaLookup, useExisting: SubjectRegistryService },
  ],
  exports: [SchemaLookup],
})
export class SchemaRegistryModule {}
