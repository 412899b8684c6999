import { databaseEnv, env, httpEnv, kafkaEnv, loggingEnv } from '@app/core';

export const dispatcherConfigSpec = {
  /** Health and metrics only: the dispatcher has no public API. */
  DISPATCHER_PORT: env.port(8083),
  ...httpEnv,
  ...loggingEnv,
  ...kafkaEnv,
  ...databaseEnv,
};
