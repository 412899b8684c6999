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

function runKafkaScript(args: string[], port: number, dataDir: string, nodes: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn('bash', [join(ROOT, 'scripts', 'kafka.sh'), ...args], {
      env: {
        ...process.env,
        KAFKA_PORT: String(port),
        KAFKA_DATA_DIR: dataDir,
        KAFKA_NODES: String(nodes),
        KAFKA_SECURITY: TEST_KAFKA_SECURITY,
        KAFKA_PKI_DIR: TEST_PKI_DIR,
      },
      stdio: ['ignore', 'inherit', 'inherit'],
    });
    child.once('error', reject);
    child.once('exit', (code) =>
      code === 0
        ? resolve()
        : reject(new Error(`scripts/kafka.sh ${args.join(' ')} on port ${port} exited with ${code}`)),
    );
  });
}

/**
 * A real Kafka broker, or a cluster of `nodes` (node i on port + 2(i-1)), started from the project's
 * script on its own ports and data directory.
 */
export class KafkaBroker {
  readonly dataDir: string;

  constructor(
    readonly port: number,
    name: string,
    readonly nodes = 1,
  ) {
    this.dataDir = join(ROOT, '.run', name);
  }

  /** The bootstrap list, as KAFKA_BROKERS takes it. */
  get brokers(): string {
    return Array.from({ length: this.nodes }, (_, index) => `127.0.0.1:${this.port + 2 * index}`).join(',');
  }

  start(): Promise<void> {
    return runKafkaScript(['start'], this.port, this.dataDir, this.nodes);
  }

  stop(): Promise<void> {
    return runKafkaScript(['stop'], this.port, this.dataDir, this.nodes);
  }

  /** Node `node` (1-based) of a cluster, alone: for faults while the others serve. */
  stopNode(node: number): Promise<void> {
    return runKafkaScript(['stop-node', String(node)], this.port, this.dataDir, this.nodes);
  }

  startNode(node: number): Promise<void> {
    return runKafkaScript(['start-node', String(node)], this.port, this.dataDir, this.nodes);
  }
}
