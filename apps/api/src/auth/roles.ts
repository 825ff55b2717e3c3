import { SetMetadata } from '@nestjs/common';

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
}

/** The actor recorded on events: which key acted, never the key itself. */
export const actorOf = (principal: Principal): string => `key:${principal.name}`;

export const REQUIRED_ROLE = 'policy:required-role';
export const PUBLIC_ROUTE = 'policy:public-route';
export const RequireRole = (role: Role) => SetMetadata(REQUIRED_ROLE, role);
export const Public = () => SetMetadata(PUBLIC_ROUTE, true);
