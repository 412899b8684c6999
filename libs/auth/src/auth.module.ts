import { type DynamicModule, Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { ApiKeyAuthenticator, AUTH_OPTIONS, type AuthOptions } from './api-key-authenticator';
import { AuthGuard } from './auth.guard';

/** API-key authentication for every route of the app (deny by default). Needs Persistence and Audit. */
@Module({})
export class AuthModule {
  static forRoot(options: AuthOptions): DynamicModule {
    return {
      module: AuthModule,
      global: true,
      providers: [
        { provide: AUTH_OPTIONS, useValue: options },
        ApiKeyAuthenticator,
        { provide: APP_GUARD, useClass: AuthGuard },
      ],
      exports: [ApiKeyAuthenticator],
    };
  }
}
