import { type DynamicModule, Logger, Module, type OnApplicationShutdown } from '@nestjs/common';
import { ModuleRef } from '@nestjs/core';
import { type ConfigOf, type databaseEnv, retryWithBackoff, StartupError } from '@app/core';
import { DataSource } from 'typeorm';
import { createDataSource } from './data-source';
import { DatabaseHealthIndicator } from './database-health.indicator';

export interface PersistenceOptions {
  url: string;
  connectTimeoutMs: number;
  applicationName: string;
  poolSize?: number;
}

function redactUrl(url: string): string {
  const parsed = new URL(url);
  if (parsed.password) parsed.password = '***';
  return parsed.toString();
}

@Module({})
export class PersistenceModule implements OnApplicationShutdown {
  constructor(private readonly moduleRef: ModuleRef) {}

  /** The usual wiring from the shared DATABASE_* variables; the app name shows in pg_stat_activity. */
  static fromConfig(config: ConfigOf<typeof databaseEnv>, app: string): DynamicModule {
    return PersistenceModule.forRoot({
      url: config.DATABASE_URL,
      connectTimeoutMs: config.DATABASE_CONNECT_TIMEOUT_MS,
      applicationName: `penghubung-${app}`,
    });
  }

  /** Global: one pool per app. Start-up waits (bounded) for PostgreSQL; migrations are run separately. */
  static forRoot(options: PersistenceOptions): DynamicModule {
    return {
      module: PersistenceModule,
      global: true,
      providers: [
        {
          provide: DataSource,
          useFactory: async () => {
            const logger = new Logger('PersistenceModule');
            const dataSource = createDataSource(options.url, {
              applicationName: options.applicationName,
              ...(options.poolSize ? { poolSize: options.poolSize } : {}),
            });
            try {
              await retryWithBackoff(() => dataSource.initialize(), {
                timeoutMs: options.connectTimeoutMs,
                onRetry: (error, attempt, delay) =>
                  logger.warn(
                    `PostgreSQL at ${redactUrl(options.url)} not reachable (attempt ${attempt}: ${
                      error instanceof Error ? error.message : String(error)
                    }); retrying in ${delay} ms`,
                  ),
              });
            } catch (error) {
              throw new StartupError(
                `PostgreSQL at ${redactUrl(options.url)} is unreachable after ${options.connectTimeoutMs} ms ` +
                  `(is the server running? is DATABASE_URL right?): ${error instanceof Error ? error.message : String(error)}`,
                { cause: error },
              );
            }
            return dataSource;
          },
        },
        DatabaseHealthIndicator,
      ],
      exports: [DataSource, DatabaseHealthIndicator],
    };
  }

  async onApplicationShutdown(): Promise<void> {
    const dataSource = this.moduleRef.get(DataSource, { strict: false });
    if (dataSource.isInitialized) await dataSource.destroy();
  }
}
