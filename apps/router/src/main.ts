import 'reflect-metadata';
import { runMain, startApp } from '@app/core';
import { routerApp } from './router.app';

runMain(routerApp.name, async () => {
  await startApp(routerApp);
});
