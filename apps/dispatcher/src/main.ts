import 'reflect-metadata';
import { runMain, startApp } from '@app/core';
import { dispatcherApp } from './dispatcher.app';

runMain(dispatcherApp.name, async () => {
  await startApp(dispatcherApp);
});
