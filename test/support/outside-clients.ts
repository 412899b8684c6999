import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { KafkaTls } from '@app/kafka';
import { TEST_KAFKA_BROKERS } from './env';

const ROOT = join(__dirname, '..', '..');

export interface ToolResult {
  code: number;
  stdout: string;
  stderr: string;
}

function run(command: string, args: string[], timeoutMs: number): Promise<ToolResult> {
  return new Promise((resolve) => {
    execFile(command, args, { timeout: timeoutMs, maxBuffer: 16 * 1024 * 1024 }, (error, stdout, stderr) => {
      const code = error ? (typeof error.code === 'number' ? error.code : 1) : 0;
      resolve({ code, stdout, stderr });
    });
  });
}

/** The identity's PEM files as an outside client is configured with them (the README's layout). */
function writeIdentity(
  dir: string,
  tls: KafkaTls,
): { ca: string; cert: string; key: string; keystore: string } {
  const files = {
    ca: join(dir, 'ca.crt'),
    cert: join(dir, 'client.crt'),
    key: join(dir, 'client.key'),
    keystore: join(dir, 'client.pem'),
  };
  writeFileSync(files.ca, tls.ca);
  writeFileSync(files.cert, tls.cert);
  writeFileSync(files.key, tls.key, { mode: 0o600 });
  writeFileSync(files.keystore, `${tls.key.trim()}\n${tls.cert.trim()}\n`, { mode: 0o600 });
  return files;
}

async function withIdentity<T>(
  tls: KafkaTls,
  use: (files: ReturnType<typeof writeIdentity>, dir: string) => Promise<T>,
): Promise<T> {
  const dir = mkdtempSync(join(tmpdir(), 'penghubung-client-'));
  try {
    return await use(writeIdentity(dir, tls), dir);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** kcat (librdkafka) with the README's mTLS flags; `args` are kcat's own (-C -t topic …). */
export function kcat(tls: KafkaTls, args: string[], timeoutMs = 30_000): Promise<ToolResult> {
  return withIdentity(tls, (files) =>
    run(
      'kcat',
      [
        '-b',
        TEST_KAFKA_BROKERS,
        '-X',
        'security.protocol=SSL',
        '-X',
        `ssl.ca.location=${files.ca}`,
        '-X',
        `ssl.certificate.location=${files.cert}`,
        '-X',
        `ssl.key.location=${files.key}`,
        ...args,
      ],
      timeoutMs,
    ),
  );
}

let classpath: Promise<string> | undefined;
/** Broker jars + kafka-tools from the project's cache (scripts/kafka.sh fetches them once). */
function kafkaToolsClasspath(): Promise<string> {
  classpath ??= run('bash', [join(ROOT, 'scripts', 'kafka.sh'), 'classpath'], 300_000).then((result) => {
    if (result.code !== 0) throw new Error(`scripts/kafka.sh classpath failed: ${result.stderr}`);
    return result.stdout.trim();
  });
  return classpath;
}

/**
 * Kafka's own console consumer (the Java client) with the README's client.properties: PEM key store and
 * trust store. Reads at most `maxMessages` records or gives up after `timeoutMs` without one.
 */
export async function consoleConsumer(
  tls: KafkaTls,
  options: { topic: string; group: string; maxMessages: number; timeoutMs?: number },
): Promise<ToolResult> {
  const cp = await kafkaToolsClasspath();
  return withIdentity(tls, (files, dir) => {
    const properties = join(dir, 'client.properties');
    writeFileSync(
      properties,
      [
        'security.protocol=SSL',
        'ssl.truststore.type=PEM',
        `ssl.truststore.location=${files.ca}`,
        'ssl.keystore.type=PEM',
        `ssl.keystore.location=${files.keystore}`,
        '',
      ].join('\n'),
    );
    return run(
      'java',
      [
        '-Xmx256m',
        '-XX:TieredStopAtLevel=1',
        '-cp',
        cp,
        'org.apache.kafka.tools.consumer.ConsoleConsumer',
        '--bootstrap-server',
        TEST_KAFKA_BROKERS,
        '--command-config',
        properties,
        '--topic',
        options.topic,
        '--group',
        options.group,
        '--from-beginning',
        '--max-messages',
        String(options.maxMessages),
        '--timeout-ms',
        String(options.timeoutMs ?? 10_000),
        '--formatter-property',
        'print.key=true',
      ],
      (options.timeoutMs ?? 10_000) + 60_000,
    );
  });
}
