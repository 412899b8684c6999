import {
  isValidSubjectName,
  parseCompatibilityLevel,
  parseConfigRequest,
  parseMode,
  parseModeRequest,
  parseSchemaId,
  parseVersion,
  queryFlag,
} from './registry-input';
import { RegistryError } from './schema-registry.errors';

function errorCodeOf(run: () => unknown): number | undefined {
  try {
    run();
  } catch (error) {
    if (error instanceof RegistryError) return error.errorCode;
    throw error;
  }
  return undefined;
}

describe('registry input', () => {
  it.each([
    ['latest', 'latest'],
    ['-1', 'latest'],
    ['1', 1],
    ['+7', 7],
    ['007', 7],
    ['2147483647', 2147483647],
  ])('reads the version %s', (text, expected) => {
    expect(parseVersion(text)).toBe(expected);
  });

  it.each(['0', '-2', 'abc', '1.5', '1e3', '2147483648', '99999999999', 'Latest', '', ' 1'])(
    'refuses the version %j with 42202',
    (text) => {
      expect(errorCodeOf(() => parseVersion(text))).toBe(42202);
    },
  );

  it('reads schema ids and gives undefined for what cannot be one', () => {
    expect(parseSchemaId('42')).toBe(42);
    for (const text of ['0', '-1', 'abc', '1.0', '4294967296', ''])
      expect(parseSchemaId(text)).toBeUndefined();
  });

  it('accepts subject names Confluent accepts, up to 255 characters', () => {
    for (const name of [
      'a',
      'kependudukan.kelahiran.v1-value',
      '../..',
      'ユニコード-😀',
      'x'.repeat(255),
      '😀'.repeat(255),
    ]) {
      expect(isValidSubjectName(name)).toBe(true);
    }
    for (const name of ['', 'x'.repeat(256), 'nul\u0000', 'tab\there', 'del\u007f', '😀'.repeat(256)]) {
      expect(isValidSubjectName(name)).toBe(false);
    }
  });

  it('reads levels and modes in any case, and refuses others with 42203 and 42204', () => {
    expect(parseCompatibilityLevel('full_transitive')).toBe('FULL_TRANSITIVE');
    expect(parseMode('readonly')).toBe('READONLY');
    expect(errorCodeOf(() => parseCompatibilityLevel('SIDEWAYS'))).toBe(42203);
    expect(errorCodeOf(() => parseCompatibilityLevel(3))).toBe(42203);
    expect(errorCodeOf(() => parseMode('READONLY_OVERRIDE'))).toBe(42204);
    expect(parseConfigRequest({ compatibility: 'NONE', normalize: true })).toBe('NONE');
    expect(parseModeRequest({ mode: 'IMPORT' })).toBe('IMPORT');
    expect(errorCodeOf(() => parseConfigRequest(['FULL']))).toBe(422);
    expect(errorCodeOf(() => parseModeRequest(null))).toBe(422);
  });

  it('treats only "true" as a true flag', () => {
    expect(queryFlag('true')).toBe(true);
    expect(queryFlag('TRUE')).toBe(true);
    for (const value of [undefined, 'false', '1', ['true', 'true'], '']) expect(queryFlag(value)).toBe(false);
  });
});
