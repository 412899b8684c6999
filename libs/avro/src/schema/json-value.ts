/** A parsed JSON object (not an array, not null). */
export function isJsonObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

const MAX_DESCRIBED_LENGTH = 60;

/** A short rendering of a JSON value for error messages; long values are cut so messages stay readable. */
export function describeJson(value: unknown): string {
  if (value === undefined) return 'nothing';
  // JSON.stringify gives undefined for functions and symbols, which parsed JSON never holds.
  const text = JSON.stringify(value) ?? typeof value;
  return text.length > MAX_DESCRIBED_LENGTH ? `${text.slice(0, MAX_DESCRIBED_LENGTH - 1)}…` : text;
}
