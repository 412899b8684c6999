import { authEnv, databaseEnv, env, httpEnv, kafkaEnv, loggingEnv } from '@app/core';

export const gatewayConfigSpec = {
  GATEWAY_PORT: env.port(8080),
  ...httpEnv,
  ...loggingEnv,
  ...kafkaEnv,
  ...databaseEnv,
  ...authEnv,
};
