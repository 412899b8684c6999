import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { type AgencyView } from '../../apps/registry/src/catalogue/agencies/agency-view';
import { type CreatedApiKeyView } from '../../apps/registry/src/catalogue/api-keys/api-key-view';
import { type SubscriptionView } from '../../apps/registry/src/catalogue/subscriptions/subscription-view';
import { type TopicView } from '../../apps/registry/src/catalogue/topics/topic-view';
import { TEST_ADMIN_KEY } from './env';
import { uniqueName } from './unique';

export type { AgencyView, CreatedApiKeyView, SubscriptionView, TopicView };

/** The house error body. */
export interface ErrorBody {
  error: { code: string; message: string; details?: unknown; errorId?: string };
  requestId?: string;
}

export interface ApiResponse<T> {
  status: number;
  body: T;
  headers: Headers;
}

export type Credentials = { bearer: string } | { basic: { user: string; key: string } } | 'none';

export interface CallOptions {
  /** Default: the test admin key. */
  as?: Credentials;
  body?: unknown;
  /** Sent as is (for oversized or malformed bodies). */
  rawBody?: string;
  contentType?: string;
}

/** The value schema of the demo topic `kependudukan.kelahiran.v1` (fields classified personal, sensitive, ...). */
export function kelahiranSchema(): Record<string, unknown> {
  const path = join(__dirname, '..', '..', 'schemas', 'kependudukan.kelahiran.v1.avsc');
  return JSON.parse(readFileSync(path, 'utf8')) as Record<string, unknown>;
}

/** An agency id no other test uses (a slug). */
export function uniqueAgencyId(prefix: string): string {
  return uniqueName(prefix);
}

/** A data topic name `<domain>.<dataset>.v1` no other test uses. */
export function uniqueTopicName(dataset = 'kelahiran'): string {
  return `${uniqueName('ct')}.${dataset}.v1`;
}

export function inDays(days: number): string {
  return new Date(Date.now() + days * 86_400_000).toISOString();
}

/** An agency with a key of its own. */
export interface TestAgency {
  id: string;
  key: string;
  keyId: string;
  as: Credentials;
}

/** A small client for the registry's /v1 API, speaking as the admin unless told otherwise. */
export class CatalogueApi {
  constructor(readonly url: string) {}

  async call<T = unknown>(method: string, path: string, options: CallOptions = {}): Promise<ApiResponse<T>> {
    const as = options.as ?? { bearer: TEST_ADMIN_KEY };
    const headers: Record<string, string> = {};
    if (as !== 'none') {
      headers.authorization =
        'bearer' in as
          ? `Bearer ${as.bearer}`
          : `Basic ${Buffer.from(`${as.basic.user}:${as.basic.key}`).toString('base64')}`;
    }
    let body: string | undefined;
    if (options.rawBody !== undefined) body = options.rawBody;
    else if (options.body !== undefined) body = JSON.stringify(options.body);
    if (body !== undefined) headers['content-type'] = options.contentType ?? 'application/json';
    const response = await fetch(`${this.url}${path}`, {
      method,
      headers,
      ...(body === undefined ? {} : { body }),
    });
    const text = await response.text();
    return {
      status: response.status,
      body: (text === '' ? undefined : JSON.parse(text)) as T,
      headers: response.headers,
    };
  }

  /** Calls and insists on a status, showing the body when it differs. */
  async expectStatus<T = unknown>(
    status: number,
    method: string,
    path: string,
    options: CallOptions = {},
  ): Promise<T> {
    const response = await this.call<T>(method, path, options);
    if (response.status !== status) {
      throw new Error(
        `${method} ${path}: expected ${status}, got ${response.status}: ${JSON.stringify(response.body)}`,
      );
    }
    return response.body;
  }

  createAgency(id = uniqueAgencyId('agency'), name = `Agency ${id}`): Promise<AgencyView> {
    return this.expectStatus<AgencyView>(201, 'POST', '/v1/agencies', { body: { id, name } });
  }

  async createKey(agencyId: string, as?: Credentials): Promise<CreatedApiKeyView> {
    return this.expectStatus<CreatedApiKeyView>(201, 'POST', '/v1/api-keys', {
      body: { agencyId, label: 'test' },
      ...(as ? { as } : {}),
    });
  }

  async createAgencyWithKey(prefix: string): Promise<TestAgency> {
    const agency = await this.createAgency(uniqueAgencyId(prefix));
    const key = await this.createKey(agency.id);
    return { id: agency.id, key: key.key, keyId: key.id, as: { bearer: key.key } };
  }

  createTopic(
    ownerAgencyId: string,
    options: { name?: string; classification?: string; partitions?: number; retentionMs?: number } = {},
  ): Promise<TopicView> {
    return this.expectStatus<TopicView>(201, 'POST', '/v1/topics', {
      body: {
        name: options.name ?? uniqueTopicName(),
        ownerAgencyId,
        classification: options.classification ?? 'confidential',
        partitions: options.partitions ?? 1,
        ...(options.retentionMs === undefined ? {} : { retentionMs: options.retentionMs }),
        description: 'test topic',
      },
    });
  }

  /** Registers the value schema of a topic through the Confluent API of the same app (as the admin). */
  async registerSchema(topic: string, schema: Record<string, unknown> = kelahiranSchema()): Promise<number> {
    const body = await this.expectStatus<{ id: number }>(200, 'POST', `/subjects/${topic}-value/versions`, {
      body: { schema: JSON.stringify(schema) },
      contentType: 'application/vnd.schemaregistry.v1+json',
    });
    return body.id;
  }

  requestSubscription(
    as: Credentials,
    body: Record<string, unknown>,
  ): Promise<ApiResponse<SubscriptionView & ErrorBody>> {
    return this.call<SubscriptionView & ErrorBody>('POST', '/v1/subscriptions', { as, body });
  }
}

/** A valid subscription request for the Kelahiran schema, to vary one property at a time. */
export function kelahiranRequest(
  topic: string,
  overrides: Record<string, unknown> = {},
): Record<string, unknown> {
  return {
    topic,
    purpose: 'Enrol newborns in national health insurance',
    legalBasis: 'Perpres 82/2018 Pasal 13',
    fields: ['registrationId', 'child.nik', 'child.birthDate', 'child.birthPlace'],
    filter: "child.birthPlace.provinceCode == '31'",
    deliveryMode: 'pull',
    expiresAt: inDays(365),
    ...overrides,
  };
}

/** A valid record of `kelahiranSchema()`, different for each n. */
export function kelahiranBirth(n: number): Record<string, unknown> & { child: Record<string, unknown> } {
  return {
    registrationId: randomUUID(),
    certificateNumber: `3174-LU-27112026-${String(n).padStart(4, '0')}`,
    child: {
      nik: `3174${String(n).padStart(12, '0')}`,
      fullName: `Anak ${n}`,
      sex: n % 2 === 0 ? 'PEREMPUAN' : 'LAKI_LAKI',
      birthDate: '2026-11-20',
      birthPlace: { regencyCode: '3174', regencyName: 'Kota Jakarta Selatan', provinceCode: '31' },
      birthWeightGrams: 2000 + n,
    },
    motherNik: '3174014505900002',
    fatherNik: null,
    familyCardNumber: `317401010110${String(n).padStart(4, '0')}`,
    registrationOffice: 'Disdukcapil Jakarta Selatan',
    registeredAt: '2026-11-27T10:00:00.000Z',
  };
}
