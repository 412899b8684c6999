import { authEnv, databaseEnv, env, httpEnv, kafkaEnv, loggingEnv } from '@app/core';

export const registryConfigSpec = {
  REGISTRY_PORT: env.port(8081),
  ...httpEnv,
  ...loggingEnv,
  ...kafkaEnv,
  ...databaseEnv,
  ...authEnv,
};
