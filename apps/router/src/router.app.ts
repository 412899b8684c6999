import { type AppDefinition } from '@app/core';
import { routerConfigSpec } from './router.config';
import { RouterModule } from './router.module';

export const routerApp: AppDefinition<typeof routerConfigSpec> = {
  name: 'router',
  spec: routerConfigSpec,
  portVariable: 'ROUTER_PORT',
  module: (config) => RouterModule.forRoot(config),
};
