import { spawn } from 'node:child_process';
import { createConnection } from 'node:net';
import { join } from 'node:path';
import { TEST_KAFKA_SECURITY, TEST_PKI_DIR } from './env';

const ROOT = join(__dirname, '..', '..');

/** True when something accepts TCP connections on 127.0.0.1:port. */
export function isPortOpen(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = createConnection({ host: '127.0.0.1', port });
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

function runKafkaScript(command: 'start' | 'stop', port: number, dataDir: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn('bash', [join(ROOT, 'scripts', 'kafka.sh'), command], {
      env: {
        ...process.env,
        KAFKA_PORT: String(port),
        KAFKA_DATA_DIR: dataDir,
        KAFKA_SECURITY: TEST_KAFKA_SECURITY,
        KAFKA_PKI_DIR: TEST_PKI_DIR,
      },
      stdio: ['ignore', 'inherit', 'inherit'],
    });
    child.once('error', reject);
    child.once('exit', (code) =>
      code === 0
        ? resolve()
        : reject(new Error(`scripts/kafka.sh ${command} on port ${port} exited with ${code}`)),
    );
  });
}

/** A real Kafka broker started from the project's script, on its own port and data directory. */
export class KafkaBroker {
  readonly dataDir: string;

  constructor(
    readonly port: number,
    name: string,
  ) {
    this.dataDir = join(ROOT, '.run', name);
  }

  get brokers(): string {
    return `127.0.0.1:${this.port}`;
  }

  start(): Promise<void> {
    return runKafkaScript('start', this.port, this.dataDir);
  }

  stop(): Promise<void> {
    return runKafkaScript('stop', this.port, this.dataDir);
  }
}
