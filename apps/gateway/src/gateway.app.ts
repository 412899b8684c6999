import { type AppDefinition } from '@app/core';
import { gatewayConfigSpec } from './gateway.config';
import { GatewayModule } from './gateway.module';

export const gatewayApp: AppDefinition<typeof gatewayConfigSpec> = {
  name: 'gateway',
  spec: gatewayConfigSpec,
  portVariable: 'GATEWAY_PORT',
  module: (config) => GatewayModule.forRoot(config),
  openApi: {
    title: 'Penghubung gateway',
    description: 'Publish records to data topics, pull deliveries, follow record status.',
    version: '0.1.0',
  },
};
