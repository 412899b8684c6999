// Waits until a Kafka broker can create and delete a topic. Used by scripts/kafka.sh; plain JavaScript
// so that it runs before the TypeScript build. Usage: node kafka-probe.mjs <host:port[,host:port…]> <timeoutSeconds>
// With KAFKA_SECURITY=mtls (the default) it connects as the operator, with the certificates in KAFKA_PKI_DIR.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import kafkajs from 'kafkajs';

const { Kafka, logLevel } = kafkajs;
const [broker = '127.0.0.1:9092', timeoutArg = '60'] = process.argv.slice(2);
const deadline = Date.now() + Number(timeoutArg) * 1000;
const pki = process.env.KAFKA_PKI_DIR;
const ssl =
  (process.env.KAFKA_SECURITY ?? 'mtls') === 'mtls' && pki
    ? {
        ca: [readFileSync(join(pki, 'ca.crt'), 'utf8')],
        cert: readFileSync(join(pki, 'penghubung-operator.crt'), 'utf8'),
        key: readFileSync(join(pki, 'penghubung-operator.key'), 'utf8'),
      }
    : undefined;
const kafka = new Kafka({
  ...(ssl ? { ssl } : {}),
  clientId: 'penghubung-probe',
  brokers: broker.split(','),
  logLevel: logLevel.NOTHING,
  retry: { retries: 0 },
  connectionTimeout: 2000,
});
const topic = `penghubung.probe.${process.pid}`;

let lastError = 'no attempt';
while (Date.now() < deadline) {
  const admin = kafka.admin();
  try {
    await admin.connect();
    await admin.describeCluster();
    await admin.createTopics({ topics: [{ topic, numPartitions: 1 }], waitForLeaders: true });
    await admin.deleteTopics({ topics: [topic] });
    await admin.disconnect();
    process.exit(0);
  } catch (error) {
    lastError = error instanceof Error ? error.message : String(error);
    await admin.disconnect().catch(() => undefined);
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
}
console.error(`[kafka] broker ${broker} not usable: ${lastError}`);
process.exit(1);
