import { type AppDefinition } from '@app/core';
import { dispatcherConfigSpec } from './dispatcher.config';
import { DispatcherModule } from './dispatcher.module';

export const dispatcherApp: AppDefinition<typeof dispatcherConfigSpec> = {
  name: 'dispatcher',
  spec: dispatcherConfigSpec,
  portVariable: 'DISPATCHER_PORT',
  module: (config) => DispatcherModule.forRoot(config),
};
