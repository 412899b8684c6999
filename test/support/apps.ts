import { type Server } from 'node:http';
import { type INestApplication } from '@nestjs/common';
import { type AppDefinition, buildApp, type ConfigSpec, type HttpAppSpec, loadConfig } from '@app/core';
import { testEnv } from './env';

export interface RunningApp {
  app: INestApplication;
  /** Base URL, e.g. http://127.0.0.1:43121 */
  url: string;
  close(): Promise<void>;
}

/** Builds an app from its real definition and test configuration, listening on a free port. */
export async function startTestApp<S extends ConfigSpec & HttpAppSpec>(
  definition: AppDefinition<S>,
  overrides: Record<string, string> = {},
): Promise<RunningApp> {
  const config = loadConfig(definition.spec, testEnv(overrides));
  const app = await buildApp(definition, config);
  await app.listen(0, '127.0.0.1');
  const server = app.getHttpServer() as Server;
  const address = server.address() as { port: number };
  return { app, url: `http://127.0.0.1:${address.port}`, close: () => app.close() };
}
