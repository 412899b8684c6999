import { ConfigError } from '../config/env';
import { StartupError } from './http-app';

/**
 * Runs an app's `main`: invalid configuration prints one line per bad variable, a start-up failure (port
 * in use, Kafka or PostgreSQL unreachable after bounded retries) prints what is wrong; both exit 1.
 */
export function runMain(app: string, main: () => Promise<void>): void {
  main().catch((error: unknown) => {
    if (error instanceof ConfigError) {
      for (const problem of error.problems) process.stderr.write(`[${app}] config: ${problem}\n`);
    } else if (error instanceof StartupError) {
      process.stderr.write(`[${app}] cannot start: ${error.message}\n`);
    } else {
      const text = error instanceof Error ? (error.stack ?? error.message) : String(error);
      process.stderr.write(`[${app}] cannot start: ${text}\n`);
    }
    process.exit(1);
  });
}
