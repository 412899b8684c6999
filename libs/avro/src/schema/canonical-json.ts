import { createHash } from 'node:crypto';
import { isJsonObject } from './json-value';

/**
 * Deterministic JSON used as schema identity: object keys sorted (by UTF-16 code unit, recursively), no
 * whitespace, array order kept. Two texts differing only in whitespace or key order get the same string.
 *
 * Unlike Avro's "Parsing Canonical Form" nothing is stripped: docs, defaults, aliases, logical types and
 * custom attributes (such as `classification`) change the identity, because a registry must not answer
 * "already registered" for a schema whose documentation or classification changed.
 */
export function canonicalSchemaJson(parsed: unknown): string {
  return canonical(parsed, '');
}

function canonical(value: unknown, at: string): string {
  if (Array.isArray(value))
    return `[${value.map((item, index) => canonical(item, `${at}/${index}`)).join(',')}]`;
  if (isJsonObject(value)) {
    const members = Object.keys(value)
      // Like JSON.stringify, undefined members are absent rather than an error: they never come from JSON text.
      .filter((key) => value[key] !== undefined)
      .sort()
      .map((key) => `${JSON.stringify(key)}:${canonical(value[key], `${at}/${key}`)}`);
    return `{${members.join(',')}}`;
  }
  if (value === null || typeof value === 'string' || typeof value === 'boolean') return JSON.stringify(value);
  if (typeof value === 'number' && Number.isFinite(value)) return JSON.stringify(value);
  // Silently rendering NaN as null (JSON.stringify's choice) would give two schemas one identity.
  throw new TypeError(`value at '${at || '/'}' is not JSON (${typeof value})`);
}

/** SHA-256 (lowercase hex) of `canonicalSchemaJson(parsed)`. */
export function schemaFingerprint(parsed: unknown): string {
  return createHash('sha256').update(canonicalSchemaJson(parsed), 'utf8').digest('hex');
}
