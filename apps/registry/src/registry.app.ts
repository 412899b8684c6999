import { type AppDefinition } from '@app/core';
import { registryConfigSpec } from './registry.config';
import { RegistryModule } from './registry.module';
import { ConfluentErrorFilter } from './schema-registry/confluent-error.filter';

export const registryApp: AppDefinition<typeof registryConfigSpec> = {
  name: 'registry',
  spec: registryConfigSpec,
  portVariable: 'REGISTRY_PORT',
  module: (config) => RegistryModule.forRoot(config),
  // Confluent clients send these media types; the registry parses them as JSON.
  jsonTypes: [
    'application/vnd.schemaregistry.v1+json',
    'application/vnd.schemaregistry+json',
    'application/octet-stream',
  ],
  // Confluent clients parse `{"error_code", "message"}`; /v1, health and metrics keep the house format.
  filter: () => new ConfluentErrorFilter(),
  openApi: {
    title: 'Penghubung registry',
    description:
      'Confluent-compatible schema registry, catalogue of agencies, topics and subscriptions, audit log.',
    version: '0.1.0',
  },
};
