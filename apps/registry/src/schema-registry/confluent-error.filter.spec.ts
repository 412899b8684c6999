import { Logger } from '@nestjs/common';
import { AppError, ErrorCode } from '@app/core';
import type { Request, Response } from 'express';
import { ConfluentErrorFilter } from './confluent-error.filter';
import { RegistryError } from './schema-registry.errors';

/** Only the HTTP concern: which body and media type each kind of route gets. */
describe('ConfluentErrorFilter', () => {
  function respond(
    path: string,
    exception: unknown,
  ): { status: number; body: unknown; contentType: unknown } {
    const headers: Record<string, unknown> = {};
    let status = 0;
    let body: unknown;
    const res = {
      headersSent: false,
      setHeader: (name: string, value: unknown) => (headers[name.toLowerCase()] = value),
      status(code: number) {
        status = code;
        return this;
      },
      json(value: unknown) {
        body = value;
        return this;
      },
    } as unknown as Response;
    new ConfluentErrorFilter().respond(exception, { path, method: 'GET' } as Request, res);
    return { status, body, contentType: headers['content-type'] };
  }

  it('answers Confluent routes with error_code and message in the Confluent media type', () => {
    expect(respond('/subjects/x/versions', RegistryError.subjectNotFound('x'))).toEqual({
      status: 404,
      body: { error_code: 40401, message: "Subject 'x' not found." },
      contentType: 'application/vnd.schemaregistry.v1+json',
    });
  });

  it('gives authentication, authorisation and unexpected failures Confluent numbers', () => {
    expect(respond('/subjects', AppError.unauthenticated()).body).toMatchObject({ error_code: 40101 });
    expect(respond('/config', AppError.forbidden()).body).toMatchObject({ error_code: 40301 });
    expect(respond('/subjects', new AppError(ErrorCode.PayloadTooLarge, 'too big')).body).toEqual({
      error_code: 413,
      message: 'too big',
    });
  });

  it('answers an unexpected failure with 500, error code 50001 and the error id that is in the log', () => {
    const logged = jest.spyOn(Logger.prototype, 'error').mockImplementation(() => undefined);
    try {
      const crash = respond('/schemas/ids/1', new Error('boom'));
      expect(crash.status).toBe(500);
      expect(crash.body).toMatchObject({ error_code: 50001 });
      const message = (crash.body as { message: string }).message;
      const errorId = /^internal error \(error id ([0-9a-f-]{36})\)$/.exec(message)?.[1];
      expect(errorId).toBeDefined();
      expect(logged).toHaveBeenCalledWith(
        expect.objectContaining({ errorId }),
        expect.stringContaining('boom'),
      );
    } finally {
      logged.mockRestore();
    }
  });

  it('keeps the house format on /v1, health, metrics and docs', () => {
    for (const path of ['/v1/subjects/x/fields', '/health/ready', '/metrics', '/docs-json']) {
      const answer = respond(path, RegistryError.subjectNotFound('x'));
      expect(answer.contentType).toBeUndefined();
      expect(answer.body).toEqual({
        error: { code: 'NOT_FOUND', message: "Subject 'x' not found.", details: { errorCode: 40401 } },
      });
    }
  });
});
