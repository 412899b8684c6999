import { randomUUID } from 'node:crypto';
import { generateApiKey } from '@app/auth';
import { AgencyEntity, ApiKeyEntity, DataSource } from '@app/persistence';
import { registryApp } from '../../apps/registry/src/registry.app';
import { type RunningApp, startTestApp } from './apps';
import { TEST_ADMIN_KEY } from './env';
import { uniqueName } from './unique';

export const CONFLUENT_JSON = 'application/vnd.schemaregistry.v1+json';

export interface RegistryResponse<T = unknown> {
  status: number;
  /** Parsed JSON when the answer is JSON, else the text. */
  body: T;
  contentType: string | null;
  headers: Headers;
}

export interface RequestOptions {
  /** An Authorization header value; `adminAuth` by default, null for none. */
  auth?: string | null;
  /** Sent as is when a string, else JSON-encoded. */
  body?: unknown;
  contentType?: string | null;
}

export const adminAuth = `Bearer ${TEST_ADMIN_KEY}`;

export function basicAuth(user: string, key: string): string {
  return `Basic ${Buffer.from(`${user}:${key}`).toString('base64')}`;
}

/** A path segment for a subject name, however hostile. */
export function segment(value: string | number): string {
  return encodeURIComponent(String(value));
}

/** A small HTTP client for the registry under test (fetch, no retries, no magic). */
export class RegistryClient {
  constructor(readonly url: string) {}

  async request<T = unknown>(
    method: string,
    path: string,
    options: RequestOptions = {},
  ): Promise<RegistryResponse<T>> {
    const headers: Record<string, string> = {};
    const auth = options.auth === undefined ? adminAuth : options.auth;
    if (auth !== null) headers.authorization = auth;
    let body: string | undefined;
    if (options.body !== undefined) {
      body = typeof options.body === 'string' ? options.body : JSON.stringify(options.body);
      const contentType = options.contentType === undefined ? CONFLUENT_JSON : options.contentType;
      if (contentType !== null) headers['content-type'] = contentType;
    }
    const response = await fetch(`${this.url}${path}`, {
      method,
      headers,
      ...(body === undefined ? {} : { body }),
    });
    const text = await response.text();
    const contentType = response.headers.get('content-type');
    let parsed: unknown = text;
    if (contentType?.includes('json') && text !== '') parsed = JSON.parse(text);
    return { status: response.status, body: parsed as T, contentType, headers: response.headers };
  }

  get<T = unknown>(path: string, options?: RequestOptions): Promise<RegistryResponse<T>> {
    return this.request<T>('GET', path, options);
  }

  post<T = unknown>(path: string, body: unknown, options?: RequestOptions): Promise<RegistryResponse<T>> {
    return this.request<T>('POST', path, { ...options, body });
  }

  put<T = unknown>(path: string, body: unknown, options?: RequestOptions): Promise<RegistryResponse<T>> {
    return this.request<T>('PUT', path, { ...options, body });
  }

  delete<T = unknown>(path: string, options?: RequestOptions): Promise<RegistryResponse<T>> {
    return this.request<T>('DELETE', path, options);
  }

  /** Registers a schema (object or text) and answers the response. */
  register(subject: string, schema: unknown, options: RequestOptions & { references?: unknown } = {}) {
    const { references, ...rest } = options;
    return this.post<{ id: number }>(
      `/subjects/${segment(subject)}/versions`,
      {
        schema: typeof schema === 'string' ? schema : JSON.stringify(schema),
        ...(references === undefined ? {} : { references }),
      },
      rest,
    );
  }

  /** Registers and insists on success; answers the id. */
  async registerOk(
    subject: string,
    schema: unknown,
    options: RequestOptions & { references?: unknown } = {},
  ): Promise<number> {
    const response = await this.register(subject, schema, options);
    if (response.status !== 200) {
      throw new Error(
        `registering in ${subject} answered ${response.status}: ${JSON.stringify(response.body)}`,
      );
    }
    return response.body.id;
  }
}

export interface RegistryUnderTest {
  running: RunningApp;
  client: RegistryClient;
  dataSource: DataSource;
}

/** The real registry app against the test PostgreSQL and Kafka (or a scratch database). */
export async function startRegistry(overrides: Record<string, string> = {}): Promise<RegistryUnderTest> {
  const running = await startTestApp(registryApp, overrides);
  return { running, client: new RegistryClient(running.url), dataSource: running.app.get(DataSource) };
}

/** An agency with an API key, written straight to the database (the catalogue's API is not needed). */
export async function createAgency(
  dataSource: DataSource,
  prefix = 'agency',
): Promise<{ agencyId: string; key: string }> {
  const agencyId = uniqueName(prefix)
    .toLowerCase()
    .replace(/[^a-z0-9-]/g, '-')
    .slice(0, 60);
  await dataSource
    .getRepository(AgencyEntity)
    .insert({ id: agencyId, name: `Agency ${agencyId}`, contact: null });
  const generated = await generateApiKey();
  await dataSource.getRepository(ApiKeyEntity).insert({
    id: randomUUID(),
    prefix: generated.prefix,
    secretHash: generated.secretHash,
    role: 'agency',
    agencyId,
    label: 'registry tests',
    createdBy: 'test',
    expiresAt: null,
    revokedAt: null,
    lastUsedAt: null,
  });
  return { agencyId, key: generated.key };
}

/** Makes an agency the owner of a subject (creating the subject row), as the catalogue will. */
export async function assignOwner(dataSource: DataSource, subject: string, agencyId: string): Promise<void> {
  await dataSource.query(
    `INSERT INTO subjects (name, owner_agency_id) VALUES ($1, $2)
     ON CONFLICT (name) DO UPDATE SET owner_agency_id = EXCLUDED.owner_agency_id`,
    [subject, agencyId],
  );
}

/** A record schema with the given fields, named uniquely enough for one test. */
export function recordSchema(
  fields: unknown[],
  name = 'Person',
  extra: Record<string, unknown> = {},
): Record<string, unknown> {
  return { type: 'record', name, namespace: 'id.go.test', fields, ...extra };
}
