import 'reflect-metadata';
import { runMain, startApp } from '@app/core';
import { registryApp } from './registry.app';

runMain(registryApp.name, async () => {
  await startApp(registryApp);
});
