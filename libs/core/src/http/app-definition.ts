import { type DynamicModule, type INestApplication, Logger } from '@nestjs/common';
import { type ConfigOf, type ConfigSpec, type EnvVar, loadConfig } from '../config/env';
import { JsonLogger, type LogFormat, type LogLevel } from '../logging/json-logger';
import { createHttpApp, listenHttpApp } from './http-app';
import { type HttpErrorFilter } from './http-error.filter';

/** The variables every HTTP app reads, whatever else it needs. */
export type HttpAppSpec = {
  LOG_LEVEL: EnvVar<LogLevel>;
  LOG_FORMAT: EnvVar<LogFormat>;
  HTTP_BODY_LIMIT: EnvVar<number>;
  HTTP_HOST: EnvVar<string>;
};

/** Everything that makes one deployable: its config, its root module and how it serves HTTP. */
export interface AppDefinition<S extends ConfigSpec & HttpAppSpec> {
  name: string;
  spec: S;
  /** The config variable holding the HTTP port, named in the message when the port is taken. */
  portVariable: keyof S & string;
  module(config: ConfigOf<S>): DynamicModule;
  openApi?: { title: string; description: string; version: string };
  jsonTypes?: string[];
  filter?: () => HttpErrorFilter;
}

/** Builds (does not start) an app from an already validated config: what tests use. */
export function buildApp<S extends ConfigSpec & HttpAppSpec>(
  definition: AppDefinition<S>,
  config: ConfigOf<S>,
): Promise<INestApplication> {
  const cfg = config as ConfigOf<HttpAppSpec>;
  return createHttpApp({
    module: definition.module(config),
    logger: new JsonLogger(definition.name, cfg.LOG_LEVEL, cfg.LOG_FORMAT),
    bodyLimit: cfg.HTTP_BODY_LIMIT,
    ...(definition.jsonTypes ? { jsonTypes: definition.jsonTypes } : {}),
    ...(definition.filter ? { filter: definition.filter() } : {}),
    ...(definition.openApi ? { openApi: definition.openApi } : {}),
  });
}

/** Validates the environment, builds the app and listens: the whole of an app's `main`. */
export async function startApp<S extends ConfigSpec & HttpAppSpec>(
  definition: AppDefinition<S>,
  source: Readonly<Record<string, string | undefined>> = process.env,
): Promise<INestApplication> {
  const config = loadConfig(definition.spec, source);
  const app = await buildApp(definition, config);
  const host = (config as ConfigOf<HttpAppSpec>).HTTP_HOST;
  const port = config[definition.portVariable] as number;
  await listenHttpApp(app, host, port, definition.portVariable);
  // The bound port, not the configured one: with port 0 the system picks it.
  const bound = (app.getHttpServer() as { address(): { port: number } | string | null }).address();
  const actualPort = typeof bound === 'object' && bound !== null ? bound.port : port;
  new Logger(definition.name).log(`${definition.name} listening on http://${host}:${actualPort}`);
  return app;
}
