export * from './api-key';
export * from './api-key-authenticator';
export * from './auth.guard';
export * from './auth.module';
export * from './current-principal.decorator';
export * from './principal';
