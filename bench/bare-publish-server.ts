/**
 * The baseline for the gateway benchmark: a bare Node `http` server that does the least the gateway must
 * do — parse the JSON body, map each record to Avro with the same JSON mapping, encode in Confluent wire
 * format and produce the same Kafka records (key, value and the CloudEvents headers every record carries:
 * id, source, type, time, content type, traceparent) with kafkajs (acks=all) before answering 202 with
 * each record's id. No framework, no auth, no ledger, no audit, one send per request. Configured by
 * environment: BENCH_KAFKA_BROKERS, BENCH_TOPIC, BENCH_SCHEMA_FILE, BENCH_SCHEMA_ID, BENCH_PORT. Prints
 * "listening <port>" when ready.
 */
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { AvroJsonMapper, encodeWireFormat } from '@app/avro';
import { newTraceparent } from '@app/core';
import { toCloudEventHeaders } from '@app/kafka';
import { Kafka, logLevel, Partitioners } from 'kafkajs';
import { benchKafkajsSsl } from './bench-kafka';

async function main(): Promise<void> {
  const topic = process.env.BENCH_TOPIC ?? '';
  const schemaId = Number(process.env.BENCH_SCHEMA_ID);
  const source = process.env.BENCH_SOURCE ?? 'bench';
  const mapper = AvroJsonMapper.forSchema(
    JSON.parse(readFileSync(process.env.BENCH_SCHEMA_FILE ?? '', 'utf8')) as unknown,
  );
  const kafka = new Kafka({
    brokers: [process.env.BENCH_KAFKA_BROKERS ?? ''],
    clientId: 'bench-bare',
    ...benchKafkajsSsl(),
    logLevel: logLevel.NOTHING,
  });
  const producer = kafka.producer({ createPartitioner: Partitioners.DefaultPartitioner, idempotent: true });
  await producer.connect();
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      void (async () => {
        try {
          const body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as {
            records: { key: string; value: unknown }[];
          };
          const time = new Date().toISOString();
          const traceparent = newTraceparent();
          const messages = body.records.map((record) => {
            const mapped = mapper.fromJson(record.value);
            if ('issues' in mapped) throw new Error('invalid record');
            return {
              key: record.key,
              value: encodeWireFormat(schemaId, mapper.encode(mapped.value)),
              headers: toCloudEventHeaders({ id: randomUUID(), source, type: topic, time, traceparent }),
            };
          });
          await producer.send({ topic, acks: -1, messages });
          res.writeHead(202, { 'content-type': 'application/json' });
          res.end(JSON.stringify({ records: messages.map((message) => ({ id: message.headers.ce_id })) }));
        } catch (error) {
          res.writeHead(400);
          res.end(String(error));
        }
      })();
    });
  });
  server.listen(Number(process.env.BENCH_PORT ?? 0), '127.0.0.1', () => {
    const address = server.address() as { port: number };
    process.stdout.write(`listening ${address.port}\n`);
  });
}

void main();
