import { type AppDefinition } from '@app/core';
import { registryConfigSpec } from './registry.config';
import { RegistryModule } from './registry.module';

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
  openApi: {
    title: 'Penghubung registry',
    description:
      'Confluent-compatible schema registry, catalogue of agencies, topics and subscriptions, audit log.',
    version: '0.1.0',
  },
};
