import 'reflect-metadata';
import { runMain, startApp } from '@app/core';
import { gatewayApp } from './gateway.app';

runMain(gatewayApp.name, async () => {
  await startApp(gatewayApp);
});
