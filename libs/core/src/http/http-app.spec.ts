import 'reflect-metadata';
import { type Server } from 'node:http';
import { Body, Controller, type INestApplication, Module, Post } from '@nestjs/common';
import { JsonLogger } from '../logging/json-logger';
import { createHttpApp } from './http-app';

@Controller('echo')
class EchoController {
  @Post()
  echo(@Body() body: unknown): unknown {
    return { body };
  }
}

@Module({ controllers: [EchoController] })
class EchoModule {}

describe('createHttpApp: JSON bodies', () => {
  let app: INestApplication;
  let url: string;

  beforeAll(async () => {
    app = await createHttpApp({
      module: EchoModule,
      logger: new JsonLogger('test', 'error', 'json'),
      bodyLimit: 1024,
    });
    await app.listen(0, '127.0.0.1');
    url = `http://127.0.0.1:${((app.getHttpServer() as Server).address() as { port: number }).port}/echo`;
  });

  afterAll(() => app.close());

  async function send(
    body: Buffer,
    contentType = 'application/json',
  ): Promise<{ status: number; body: unknown }> {
    const response = await fetch(url, { method: 'POST', headers: { 'content-type': contentType }, body });
    return { status: response.status, body: await response.json() };
  }

  it('reads UTF-8, multi-byte characters included', async () => {
    const text = 'Siti Aminah — 日本 😀 \u0000';
    expect(await send(Buffer.from(JSON.stringify({ text }), 'utf8'))).toEqual({
      status: 201,
      body: { body: { text } },
    });
  });

  it('refuses bytes that are not UTF-8 instead of replacing them with U+FFFD', async () => {
    for (const bad of [[0xff], [0xc3], [0xc0, 0xaf], [0xed, 0xa0, 0x80], [0xf4, 0x90, 0x80, 0x80]]) {
      const body = Buffer.concat([Buffer.from('{"text": "a'), Buffer.from(bad), Buffer.from('"}')]);
      const answer = await send(body);
      expect({ bad, status: answer.status, body: answer.body }).toEqual({
        bad,
        status: 400,
        body: {
          error: { code: 'BAD_REQUEST', message: 'request body is not valid UTF-8' },
          requestId: expect.any(String) as unknown,
        },
      });
    }
  });

  it('still reads a body declared and written as UTF-16', async () => {
    const json = JSON.stringify({ text: 'é😀' });
    expect(await send(Buffer.from(json, 'utf16le'), 'application/json; charset=utf-16le')).toEqual({
      status: 201,
      body: { body: { text: 'é😀' } },
    });
  });
});
