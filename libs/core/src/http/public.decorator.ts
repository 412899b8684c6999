import { SetMetadata } from '@nestjs/common';

export const PUBLIC_ROUTE = 'penghubung:public-route';

/**
 * Marks a handler or controller as open to anonymous callers. Everything else requires authentication:
 * deny by default.
 */
export const Public = (): MethodDecorator & ClassDecorator => SetMetadata(PUBLIC_ROUTE, true);
