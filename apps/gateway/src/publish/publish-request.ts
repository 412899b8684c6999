import { AppError, ErrorCode, isUuid } from '@app/core';

export interface RecordToPublish {
  /** Index in the request, for error messages. */
  index: number;
  id: string | undefined;
  key: string | null;
  value: unknown;
}

export interface PublishRequest {
  records: RecordToPublish[];
  schemaVersion: number | undefined;
}

export const MAX_KEY_LENGTH = 1024;
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
const RECORD_KEYS = new Set(['id', 'key', 'value']);
const BATCH_KEYS = new Set(['records', 'schemaVersion']);

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function parseRecord(raw: unknown, index: number, problems: string[]): RecordToPublish | undefined {
  const where = `records[${index}]`;
  if (!isObject(raw)) {
    problems.push(`${where}: must be an object with "value" and optional "key" and "id"`);
    return undefined;
  }
  for (const name of Object.keys(raw)) {
    if (!RECORD_KEYS.has(name))
      problems.push(`${where}: unknown property "${name}" (allowed: id, key, value)`);
  }
  if (!('value' in raw)) problems.push(`${where}.value: required`);
  const { id, key } = raw;
  if (id !== undefined && (typeof id !== 'string' || !isUuid(id)))
    problems.push(`${where}.id: must be a UUID`);
  if (key !== undefined && key !== null) {
    if (typeof key !== 'string') problems.push(`${where}.key: must be a string or null`);
    else if (key.length > MAX_KEY_LENGTH)
      problems.push(`${where}.key: longer than ${MAX_KEY_LENGTH} characters`);
    else if (LONE_SURROGATE.test(key)) problems.push(`${where}.key: not valid Unicode (lone surrogate)`);
    // Kafka would take it, but PostgreSQL text cannot hold U+0000: the dispatcher could never stage the
    // record's webhook and pull deliveries (their key is a text column).
    else if (key.includes('\u0000')) problems.push(`${where}.key: must not contain NUL (U+0000)`);
  }
  return {
    index,
    id: typeof id === 'string' ? id.toLowerCase() : undefined,
    key: typeof key === 'string' ? key : null,
    value: raw.value,
  };
}

/**
 * Reads the body of `POST /v1/topics/{topic}/records`: one record `{key?, value, id?}` or a batch
 * `{records: [...], schemaVersion?}`. Every envelope problem is reported at once (400); a batch over the
 * limit is 413. The values themselves are checked against the schema later (422).
 */
export function parsePublishRequest(body: unknown, maxRecords: number): PublishRequest {
  if (!isObject(body)) {
    throw AppError.badRequest(
      'body must be a JSON object: one record {"value": ...} or a batch {"records": [...]}',
    );
  }
  const problems: string[] = [];
  let rawRecords: unknown[];
  let schemaVersion: number | undefined;
  if ('records' in body) {
    for (const name of Object.keys(body)) {
      if (!BATCH_KEYS.has(name))
        problems.push(`unknown property "${name}" (allowed: records, schemaVersion)`);
    }
    if (!Array.isArray(body.records)) throw AppError.badRequest('"records" must be an array', { problems });
    rawRecords = body.records;
    if (body.schemaVersion !== undefined) {
      if (
        typeof body.schemaVersion !== 'number' ||
        !Number.isSafeInteger(body.schemaVersion) ||
        body.schemaVersion < 1
      ) {
        problems.push('schemaVersion: must be a positive integer');
      } else {
        schemaVersion = body.schemaVersion;
      }
    }
  } else {
    rawRecords = [body];
  }
  if (rawRecords.length === 0) throw AppError.badRequest('"records" is empty: send at least one record');
  if (rawRecords.length > maxRecords) {
    throw new AppError(
      ErrorCode.PayloadTooLarge,
      `batch has ${rawRecords.length} records; the limit is ${maxRecords}`,
    );
  }
  const records = rawRecords.map((raw, index) => parseRecord(raw, index, problems));
  const seen = new Set<string>();
  for (const record of records) {
    if (!record?.id) continue;
    if (seen.has(record.id))
      problems.push(`records[${record.index}].id: ${record.id} appears twice in the batch`);
    seen.add(record.id);
  }
  if (problems.length > 0) throw AppError.badRequest('request is invalid', { problems });
  return { records: records as RecordToPublish[], schemaVersion };
}

const IDEMPOTENCY_KEY = /^[\x21-\x7e]{1,255}$/;

export function parseIdempotencyKey(header: string | undefined): string | undefined {
  if (header === undefined) return undefined;
  if (!IDEMPOTENCY_KEY.test(header)) {
    throw AppError.badRequest('Idempotency-Key must be 1 to 255 visible ASCII characters');
  }
  return header;
}

/**
 * The body is read as JSON only when it says it is JSON; anything else would reach the handler as no body at
 * all and be reported as a malformed envelope, which sends the client looking in the wrong place.
 */
export function assertJsonContentType(header: string | undefined): void {
  const mediaType = header?.split(';', 1)[0]?.trim().toLowerCase();
  if (mediaType === 'application/json') return;
  const got = !header ? 'none' : header.length > 64 ? `${header.slice(0, 64)}…` : header;
  throw new AppError(ErrorCode.UnsupportedMediaType, `Content-Type must be application/json; got ${got}`);
}
