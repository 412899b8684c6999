import { COMPATIBILITY_LEVELS, type CompatibilityLevel } from '@app/avro';
import { RegistryError } from './schema-registry.errors';

export const MAX_SUBJECT_LENGTH = 255;
const MAX_INT32 = 2 ** 31 - 1;

export const REGISTRY_MODES = ['READWRITE', 'READONLY', 'IMPORT'] as const;
export type RegistryMode = (typeof REGISTRY_MODES)[number];

/** `latest` (or `-1`) or a version number from 1 to 2^31-1. */
export type VersionSelector = number | 'latest';

/**
 * Confluent's rule (no control characters) plus what the `subjects` table can hold: 1 to 255 characters.
 * Control characters include NUL, which PostgreSQL text cannot store at all.
 */
export function isValidSubjectName(subject: string): boolean {
  if (subject.length === 0 || subject.length > MAX_SUBJECT_LENGTH * 2) return false;
  // PostgreSQL counts characters (code points), JavaScript UTF-16 units.
  return [...subject].length <= MAX_SUBJECT_LENGTH && !/\p{Cc}/u.test(subject);
}

/** For operations that create or change a subject: an invalid name is 42208. */
export function assertValidSubject(subject: string): void {
  if (!isValidSubjectName(subject)) throw RegistryError.invalidSubject(subject);
}

/** `latest` and `-1` mean the latest version; anything else must be a version number or it is 42202. */
export function parseVersion(text: string): VersionSelector {
  if (text === 'latest') return 'latest';
  if (!/^[+-]?\d{1,10}$/.test(text)) throw RegistryError.invalidVersion(text);
  const version = Number(text);
  if (version === -1) return 'latest';
  if (version < 1 || version > MAX_INT32) throw RegistryError.invalidVersion(text);
  return version;
}

/** A schema id from a path segment; undefined when it cannot be one (no schema has it: 40403). */
export function parseSchemaId(text: string): number | undefined {
  if (!/^\+?\d{1,10}$/.test(text)) return undefined;
  const id = Number(text);
  return id >= 1 && id <= MAX_INT32 ? id : undefined;
}

/** A boolean query parameter: only `true` (any case) is true; repeated or absent is false. */
export function queryFlag(value: unknown): boolean {
  return typeof value === 'string' && value.toLowerCase() === 'true';
}

/** A query parameter that should be one string; repeated parameters and absence give undefined. */
export function queryString(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

/** Levels are accepted in any case (Confluent upper-cases them) and stored in upper case. */
export function parseCompatibilityLevel(value: unknown): CompatibilityLevel {
  const level = typeof value === 'string' ? value.toUpperCase() : undefined;
  const found = COMPATIBILITY_LEVELS.find((candidate) => candidate === level);
  if (found === undefined) throw RegistryError.invalidCompatibility(value);
  return found;
}

export function parseMode(value: unknown): RegistryMode {
  const mode = typeof value === 'string' ? value.toUpperCase() : undefined;
  const found = REGISTRY_MODES.find((candidate) => candidate === mode);
  if (found === undefined) throw RegistryError.invalidMode(value);
  return found;
}

export function jsonObject(body: unknown, shape: string): Record<string, unknown> {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    throw RegistryError.invalidRequest(`request body must be a JSON object like ${shape}`);
  }
  return body as Record<string, unknown>;
}

/** `PUT /config`: `{"compatibility": "FULL"}`; newer clients' extra members (alias, normalize, …) are ignored. */
export function parseConfigRequest(body: unknown): CompatibilityLevel {
  return parseCompatibilityLevel(jsonObject(body, '{"compatibility": "BACKWARD"}').compatibility);
}

/** `PUT /mode`: `{"mode": "READONLY"}`. */
export function parseModeRequest(body: unknown): RegistryMode {
  return parseMode(jsonObject(body, '{"mode": "READWRITE"}').mode);
}
