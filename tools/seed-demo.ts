import 'reflect-metadata';
import { chmodSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadSchemaDirectory } from '@app/avro';
import { env, loadConfig, runMain } from '@app/core';

/**
 * Demo data for `npm start`, through the registry's public APIs (as an operator would do it): agencies,
 * one API key per agency (written once to DEMO_KEYS_FILE, mode 600 — keys are shown only once), one topic
 * per schema in `schemas/` with its schema registered, and approved subscriptions with different
 * projections and filters. Idempotent: run it as often as you like.
 */
const AGENCIES = [
  { id: 'dukcapil', name: 'Ditjen Kependudukan dan Pencatatan Sipil' },
  { id: 'oss', name: 'Kementerian Investasi/BKPM — OSS' },
  { id: 'djp', name: 'Direktorat Jenderal Pajak' },
  { id: 'bps', name: 'Badan Pusat Statistik' },
  { id: 'kemenkes', name: 'Kementerian Kesehatan' },
  { id: 'bpjs-kesehatan', name: 'BPJS Kesehatan' },
];

const TOPICS: Record<string, { owner: string; classification: string; description: string }> = {
  'kependudukan.kelahiran.v1': {
    owner: 'dukcapil',
    classification: 'confidential',
    description: 'Birth registrations',
  },
  'perizinan.izin-usaha.v1': {
    owner: 'oss',
    classification: 'internal',
    description: 'Business licences (NIB)',
  },
  'perpajakan.status-wajib-pajak.v1': {
    owner: 'djp',
    classification: 'confidential',
    description: 'Taxpayer status changes',
  },
};

const SUBSCRIPTIONS = [
  {
    agency: 'bps',
    topic: 'kependudukan.kelahiran.v1',
    purpose: 'Birth statistics by regency',
    legalBasis: 'UU 16/1997 tentang Statistik',
    fields: ['registrationId', 'child.sex', 'child.birthPlace.regencyCode', 'registeredAt'],
    deliveryMode: 'kafka',
  },
  {
    agency: 'kemenkes',
    topic: 'kependudukan.kelahiran.v1',
    purpose: 'Follow-up of low-birth-weight newborns',
    legalBasis: 'UU 17/2023 tentang Kesehatan',
    fields: [
      'registrationId',
      'child.nik',
      'child.birthDate',
      'child.birthWeightGrams',
      'child.birthPlace.regencyCode',
    ],
    filter: 'child.birthWeightGrams < 2500',
    deliveryMode: 'pull',
  },
  {
    agency: 'bps',
    topic: 'perizinan.izin-usaha.v1',
    purpose: 'Business register statistics',
    legalBasis: 'UU 16/1997 tentang Statistik',
    fields: ['nib', 'legalForm', 'kbliCodes', 'riskLevel', 'status', 'address.regencyCode'],
    deliveryMode: 'kafka',
  },
];

runMain('seed-demo', async () => {
  const config = loadConfig({
    REGISTRY_URL: env.url('http://127.0.0.1:8081', ['http', 'https']),
    ADMIN_API_KEY: env.secret(32),
    DEMO_KEYS_FILE: env.string(join(__dirname, '..', '..', '.run', 'demo-keys.json')),
  });
  const api = async (
    method: string,
    path: string,
    body?: unknown,
    accept: number[] = [200, 201],
  ): Promise<{ status: number; body: unknown }> => {
    const response = await fetch(`${config.REGISTRY_URL}${path}`, {
      method,
      headers: {
        authorization: `Bearer ${config.ADMIN_API_KEY}`,
        'content-type': path.startsWith('/subjects')
          ? 'application/vnd.schemaregistry.v1+json'
          : 'application/json',
      },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    const parsed: unknown = await response.json().catch(() => null);
    if (!accept.includes(response.status)) {
      throw new Error(`${method} ${path} answered ${response.status}: ${JSON.stringify(parsed)}`);
    }
    return { status: response.status, body: parsed };
  };

  for (const agency of AGENCIES) {
    const found = await api('GET', `/v1/agencies/${agency.id}`, undefined, [200, 404]);
    if (found.status === 404) await api('POST', '/v1/agencies', agency);
  }

  const keys = existsSync(config.DEMO_KEYS_FILE)
    ? (JSON.parse(readFileSync(config.DEMO_KEYS_FILE, 'utf8')) as Record<string, string>)
    : {};
  for (const agency of AGENCIES) {
    if (keys[agency.id]) continue;
    const created = await api('POST', '/v1/api-keys', { agencyId: agency.id, label: 'demo' });
    keys[agency.id] = (created.body as { key: string }).key;
  }
  writeFileSync(config.DEMO_KEYS_FILE, `${JSON.stringify(keys, null, 2)}\n`, { mode: 0o600 });
  chmodSync(config.DEMO_KEYS_FILE, 0o600);

  const schemas = loadSchemaDirectory(join(__dirname, '..', '..', 'schemas'));
  for (const schema of schemas) {
    const topic = TOPICS[schema.topic];
    if (!topic) throw new Error(`schemas/${schema.file} has no demo owner in tools/seed-demo.ts`);
    const found = await api('GET', `/v1/topics/${schema.topic}`, undefined, [200, 404]);
    if (found.status === 404) {
      await api('POST', '/v1/topics', {
        name: schema.topic,
        ownerAgencyId: topic.owner,
        classification: topic.classification,
        partitions: 3,
        description: topic.description,
      });
    }
    await api('POST', `/subjects/${schema.subject}/versions`, { schema: schema.text });
  }

  const existing =
    ((await api('GET', '/v1/subscriptions')).body as { agencyId: string; topic: string; status: string }[]) ??
    [];
  for (const subscription of SUBSCRIPTIONS) {
    const live = existing.some(
      (item) =>
        item.agencyId === subscription.agency &&
        item.topic === subscription.topic &&
        ['active', 'pending'].includes(item.status),
    );
    if (live) continue;
    const { agency, ...terms } = subscription;
    const created = await api('POST', '/v1/subscriptions', {
      ...terms,
      agencyId: agency,
      expiresAt: new Date(Date.now() + 365 * 86_400_000).toISOString(),
    });
    const id = (created.body as { id: string }).id;
    await api('POST', `/v1/subscriptions/${id}/approve`, { reason: 'demo' });
  }
  process.stdout.write(
    `demo data: ${AGENCIES.length} agencies, ${schemas.length} topics with schemas, ${SUBSCRIPTIONS.length} subscriptions; ` +
      `agency keys in ${config.DEMO_KEYS_FILE}\n`,
  );
});
