import { SetMetadata } from '@nestjs/common';
import { RouteConfig } from '@nestjs/platform-fastify';

/**
 * - reader: asks about rules (current, point in time, history, changes, the SSE feed);
 * - auditor: a reader who may also page through the raw log (`GET /events`);
 * - admin: an auditor who may also record events.
 */
export const ROLES = ['reader', 'auditor', 'admin'] as const;
export type Role = (typeof ROLES)[number];

/** True if `held` includes everything `needed` may do (roles are nested). */
export const satisfies = (held: Role, needed: Role): boolean => ROLES.indexOf(held) >= ROLES.indexOf(needed);

export interface Principal {
  readonly name: string;
  readonly role: Role;
  /** Who is recorded on events, when not `key:<name>` (an OIDC subject: `oidc:<issuer host>:<sub>`). */
  readonly actor?: string;
  /** When the credential stops being valid (a token's `exp`), in ms since the epoch; a key has none. */
  readonly expiresAt?: number;
}

/** The actor recorded on events: which key (or OIDC subject) acted, never the credential itself. */
export const actorOf = (principal: Principal): string => principal.actor ?? `key:${principal.name}`;

export const REQUIRED_ROLE = 'policy:required-role';
export const PUBLIC_ROUTE = 'policy:public-route';
export const RequireRole = (role: Role) => SetMetadata(REQUIRED_ROLE, role);
/** Fastify's route config of a @Public route: the edge authenticates before parsing a body except there. */
export interface EdgeRouteConfig {
  readonly public?: boolean;
}

const routeMethods = (target: object, descriptor?: PropertyDescriptor): unknown[] =>
  descriptor
    ? [descriptor.value]
    : Object.values(Object.getOwnPropertyDescriptors((target as { prototype: object }).prototype)).map((own) => own.value);

/**
 * A route (or every route of a controller) anyone may call. Besides the guard's metadata, the
 * mark goes into each route's Fastify config, which the edge reads before the body is parsed.
 */
export const Public =
  () =>
  (target: object, key?: string | symbol, descriptor?: PropertyDescriptor): void => {
    SetMetadata(PUBLIC_ROUTE, true)(target, key as string | symbol, descriptor as PropertyDescriptor);
    const config: EdgeRouteConfig = { public: true };
    for (const method of routeMethods(target, descriptor)) if (typeof method === 'function') RouteConfig(config)(method);
  };
