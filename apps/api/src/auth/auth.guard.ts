import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { ForbiddenError } from '@policy/domain';
import { FastifyRequest } from 'fastify';
import { BearerAuthenticator } from './bearer';
import { Principal, PUBLIC_ROUTE, REQUIRED_ROLE, Role, satisfies } from './roles';
import { SessionService } from './session/session.service';

export type AuthenticatedRequest = FastifyRequest & { principal: Principal };

/**
 * Every route needs a bearer API key (or, with OIDC configured, a JWT) unless marked @Public; the role needed is the route's
 * @RequireRole, or reader when it names none.
 */
@Injectable()
export class AuthGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly bearer: BearerAuthenticator,
    private readonly sessions: SessionService,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const targets = [context.getHandler(), context.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(PUBLIC_ROUTE, targets)) return true;
    const request = context.switchToHttp().getRequest<AuthenticatedRequest>();
    const header = request.headers.authorization;
    // The edge (http/edge/edge-hooks.ts) has usually authenticated a bearer request before its body
    // was read; a browser's EventSource cannot send a header, so without one the console's session
    // cookie stands in.
    const principal =
      (request as Partial<AuthenticatedRequest>).principal ??
      (header === undefined ? this.sessions.authenticate(request) : await this.bearer.authenticate(header));
    const needed = this.reflector.getAllAndOverride<Role>(REQUIRED_ROLE, targets) ?? 'reader';
    if (!satisfies(principal.role, needed)) {
      throw new ForbiddenError(`this needs the ${needed} role; ${principal.name} is ${principal.role}`);
    }
    request.principal = principal;
    return true;
  }
}
