import { type CanActivate, type ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { AppError, ErrorCode, PUBLIC_ROUTE } from '@app/core';
import { AuditLog } from '@app/audit';
import type { Request, Response } from 'express';
import { ApiKeyAuthenticator, parseAuthorization } from './api-key-authenticator';
import { type Principal } from './principal';

export interface AuthenticatedRequest extends Request {
  principal?: Principal;
}

/**
 * Global guard: every route needs a valid API key unless marked @Public(). Failures answer 401 with a
 * WWW-Authenticate challenge (403 for a suspended agency) and are written to the audit log.
 */
@Injectable()
export class AuthGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly authenticator: ApiKeyAuthenticator,
    private readonly audit: AuditLog,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const isPublic = this.reflector.getAllAndOverride<boolean>(PUBLIC_ROUTE, [
      context.getHandler(),
      context.getClass(),
    ]);
    if (isPublic) return true;
    const http = context.switchToHttp();
    const req = http.getRequest<AuthenticatedRequest>();
    const res = http.getResponse<Response>();
    try {
      const credentials = parseAuthorization(req.header('authorization'));
      if (!credentials)
        throw AppError.unauthenticated('authentication required: send "Authorization: Bearer <api key>"');
      req.principal = await this.authenticator.authenticate(credentials);
      return true;
    } catch (error) {
      if (error instanceof AppError && error.code === ErrorCode.Unauthenticated) {
        res.setHeader('WWW-Authenticate', 'Bearer realm="penghubung", Basic realm="penghubung"');
      }
      if (error instanceof AppError) {
        await this.audit.record({
          actor: { type: 'anonymous', id: null },
          action: 'auth.failed',
          details: { reason: error.message, method: req.method, path: req.path },
        });
      }
      throw error;
    }
  }
}
