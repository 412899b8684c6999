import { env, httpEnv, kafkaEnv, loggingEnv } from '@app/core';

export const routerConfigSpec = {
  /** Health and metrics only: the router has no public API. */
  ROUTER_PORT: env.port(8082),
  ...httpEnv,
  ...loggingEnv,
  ...kafkaEnv,
};
