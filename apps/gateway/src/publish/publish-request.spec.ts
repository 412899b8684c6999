import { AppError, ErrorCode } from '@app/core';
import {
  assertJsonContentType,
  MAX_KEY_LENGTH,
  parseIdempotencyKey,
  parsePublishRequest,
} from './publish-request';

/** The AppError a call throws, for asserting its code, message and details together. */
function thrown(call: () => unknown): { code: ErrorCode; message: string; details: unknown } {
  try {
    call();
  } catch (error) {
    if (!(error instanceof AppError)) throw error;
    return { code: error.code, message: error.message, details: error.details };
  }
  throw new Error('expected an AppError, nothing was thrown');
}

const ID = '2b0e9a54-4b1f-4c8e-9a57-1b1a2c3d4e5f';

describe('parsePublishRequest', () => {
  it('reads one record as a batch of one, with a null key when none is given', () => {
    expect(parsePublishRequest({ value: { a: 1 } }, 10)).toEqual({
      records: [{ index: 0, id: undefined, key: null, value: { a: 1 } }],
      schemaVersion: undefined,
    });
    expect(parsePublishRequest({ id: ID.toUpperCase(), key: 'k', value: null }, 10)).toEqual({
      records: [{ index: 0, id: ID, key: 'k', value: null }],
      schemaVersion: undefined,
    });
  });

  it('reads a batch in order, with its schemaVersion', () => {
    const request = parsePublishRequest(
      { records: [{ value: 1 }, { key: null, value: 2 }, { id: ID, key: 'b', value: 3 }], schemaVersion: 2 },
      3,
    );
    expect(request).toEqual({
      records: [
        { index: 0, id: undefined, key: null, value: 1 },
        { index: 1, id: undefined, key: null, value: 2 },
        { index: 2, id: ID, key: 'b', value: 3 },
      ],
      schemaVersion: 2,
    });
  });

  it('refuses a body that is not an object', () => {
    for (const body of [undefined, null, [], 'text', 7, true]) {
      expect(thrown(() => parsePublishRequest(body, 10))).toEqual({
        code: ErrorCode.BadRequest,
        message: 'body must be a JSON object: one record {"value": ...} or a batch {"records": [...]}',
        details: undefined,
      });
    }
  });

  it('refuses an empty batch and records that are not an array', () => {
    expect(thrown(() => parsePublishRequest({ records: [] }, 10)).message).toBe(
      '"records" is empty: send at least one record',
    );
    expect(thrown(() => parsePublishRequest({ records: { value: 1 }, other: 1 }, 10))).toEqual({
      code: ErrorCode.BadRequest,
      message: '"records" must be an array',
      details: { problems: ['unknown property "other" (allowed: records, schemaVersion)'] },
    });
  });

  it('takes exactly the limit of records and refuses one more with 413', () => {
    const records = (count: number) => ({ records: Array.from({ length: count }, () => ({ value: 1 })) });
    expect(parsePublishRequest(records(5), 5).records).toHaveLength(5);
    expect(thrown(() => parsePublishRequest(records(6), 5))).toEqual({
      code: ErrorCode.PayloadTooLarge,
      message: 'batch has 6 records; the limit is 5',
      details: undefined,
    });
  });

  it('reports every envelope problem at once', () => {
    const error = thrown(() =>
      parsePublishRequest(
        {
          records: [
            { value: 1, partition: 2 },
            'x',
            { key: 'k' },
            { id: 'nope', value: 1 },
            { id: ID, value: 1 },
            { id: ID.toUpperCase(), value: 1 },
          ],
          schemaVersion: 0,
        },
        10,
      ),
    );
    expect(error).toEqual({
      code: ErrorCode.BadRequest,
      message: 'request is invalid',
      details: {
        problems: [
          'schemaVersion: must be a positive integer',
          'records[0]: unknown property "partition" (allowed: id, key, value)',
          'records[1]: must be an object with "value" and optional "key" and "id"',
          'records[2].value: required',
          'records[3].id: must be a UUID',
          `records[5].id: ${ID} appears twice in the batch`,
        ],
      },
    });
  });

  it('refuses schemaVersion unless a positive safe integer', () => {
    for (const schemaVersion of ['1', 0, -1, 1.5, null, 2 ** 53, Number.NaN]) {
      expect(
        thrown(() => parsePublishRequest({ records: [{ value: 1 }], schemaVersion }, 10)).details,
      ).toEqual({
        problems: ['schemaVersion: must be a positive integer'],
      });
    }
  });

  it('checks keys: strings of at most 1024 UTF-16 units, valid Unicode, no NUL', () => {
    const problemsOf = (key: unknown): unknown => {
      try {
        parsePublishRequest({ key, value: 1 }, 1);
        return [];
      } catch (error) {
        return ((error as AppError).details as { problems: string[] }).problems;
      }
    };
    expect(problemsOf('k'.repeat(MAX_KEY_LENGTH))).toEqual([]);
    expect(problemsOf('😀'.repeat(MAX_KEY_LENGTH / 2))).toEqual([]);
    expect(problemsOf('tab\tnew\nline\u001f\u007f')).toEqual([]);
    expect(problemsOf(null)).toEqual([]);
    expect(problemsOf('k'.repeat(MAX_KEY_LENGTH + 1))).toEqual([
      'records[0].key: longer than 1024 characters',
    ]);
    for (const key of [1, {}, [], true])
      expect(problemsOf(key)).toEqual(['records[0].key: must be a string or null']);
    for (const key of ['\ud800', 'a\udc00', '\ud83d'])
      expect(problemsOf(key)).toEqual(['records[0].key: not valid Unicode (lone surrogate)']);
    for (const key of ['\u0000', 'kk\u0000-1'])
      expect(problemsOf(key)).toEqual(['records[0].key: must not contain NUL (U+0000)']);
  });
});

describe('parseIdempotencyKey', () => {
  it('takes 1 to 255 visible ASCII characters, or no header', () => {
    expect(parseIdempotencyKey(undefined)).toBeUndefined();
    expect(parseIdempotencyKey('a')).toBe('a');
    expect(parseIdempotencyKey('~'.repeat(255))).toBe('~'.repeat(255));
    expect(parseIdempotencyKey('order-2026/11:27_#1')).toBe('order-2026/11:27_#1');
  });

  it('refuses empty, long, spaced, control and non-ASCII values', () => {
    for (const header of ['', 'k'.repeat(256), 'a b', 'a, b', 'a\tb', 'caf\u00e9', 'a\u0000', 'kunci-ü']) {
      expect(thrown(() => parseIdempotencyKey(header))).toEqual({
        code: ErrorCode.BadRequest,
        message: 'Idempotency-Key must be 1 to 255 visible ASCII characters',
        details: undefined,
      });
    }
  });
});

describe('assertJsonContentType', () => {
  it('accepts application/json with parameters, in any case', () => {
    for (const header of ['application/json', 'application/json; charset=utf-8', ' Application/JSON ;x=y']) {
      expect(() => assertJsonContentType(header)).not.toThrow();
    }
  });

  it('refuses anything else with 415, naming what came (cut short)', () => {
    const cases: [string | undefined, string][] = [
      [undefined, 'none'],
      ['', 'none'],
      ['text/plain', 'text/plain'],
      ['application/x-www-form-urlencoded', 'application/x-www-form-urlencoded'],
      ['application/jsonx', 'application/jsonx'],
      ['application/merge-patch+json', 'application/merge-patch+json'],
      [`text/${'x'.repeat(100)}`, `text/${'x'.repeat(59)}…`],
    ];
    for (const [header, shown] of cases) {
      expect(thrown(() => assertJsonContentType(header))).toEqual({
        code: ErrorCode.UnsupportedMediaType,
        message: `Content-Type must be application/json; got ${shown}`,
        details: undefined,
      });
    }
  });
});
