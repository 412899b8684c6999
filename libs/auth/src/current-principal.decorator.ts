import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import { AppError } from '@app/core';
import { type AuthenticatedRequest } from './auth.guard';
import { type Principal } from './principal';

/** The authenticated caller of this request (the guard has already refused anonymous callers). */
export const CurrentPrincipal = createParamDecorator(
  (_data: unknown, context: ExecutionContext): Principal => {
    const principal = context.switchToHttp().getRequest<AuthenticatedRequest>().principal;
    if (!principal) throw AppError.unauthenticated();
    return principal;
  },
);
