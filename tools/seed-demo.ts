import 'reflect-metadata';
import { join } from 'node:path';
import { loadSchemaDirectory } from '@app/avro';
import { kafkaEnv, loadConfig, runMain } from '@app/core';
import { KafkaClient } from '@app/kafka';

/**
 * Demo data for `npm start`: one data topic per schema in `schemas/`. Idempotent: run it as often as you
 * like.
 */
runMain('seed-demo', async () => {
  const config = loadConfig(kafkaEnv);
  const schemas = loadSchemaDirectory(join(__dirname, '..', '..', 'schemas'));
  const kafka = new KafkaClient({
    brokers: config.KAFKA_BROKERS,
    clientId: `${config.KAFKA_CLIENT_ID}-seed`,
    connectTimeoutMs: config.KAFKA_CONNECT_TIMEOUT_MS,
  });
  await kafka.connect();
  try {
    await kafka.ensureTopics(schemas.map((schema) => ({ topic: schema.topic, partitions: 3 })));
    process.stdout.write(`demo topics: ${schemas.map((schema) => schema.topic).join(', ')}\n`);
  } finally {
    await kafka.onApplicationShutdown();
  }
});
