import { commaSeparated } from '@policy/common';
import { z } from 'zod';
import { wholeNumberEnv } from '../../http/edge/http-edge.config';
import { Role, ROLES } from '../roles';

/** `group=role,…`: which values of the roles claim give which role; the strongest one held wins. */
const roleMapEnv = z
  .string()
  .transform((value, ctx) => {
    const map = new Map<string, Role>();
    for (const pair of commaSeparated(value)) {
      const [claim, role] = pair.split('=').map((part) => part.trim());
      if (!claim || !(ROLES as readonly string[]).includes(role)) {
        ctx.addIssue({ code: 'custom', message: `"${pair}" is not claim-value=role (role: ${ROLES.join(', ')})` });
        return z.NEVER;
      }
      map.set(claim, role as Role);
    }
    return map;
  })
  .default(new Map(ROLES.map((role) => [role, role])));

/**
 * OIDC: bearer JWTs from one issuer, beside API keys. Off unless POLICY_OIDC_ISSUER and
 * POLICY_OIDC_AUDIENCE are both set.
 */
export const OidcEnv = z.object({
  /** The `iss` tokens must carry; its discovery document names the JWKS unless POLICY_OIDC_JWKS_URL does. */
  POLICY_OIDC_ISSUER: z.url({ protocol: /^https?$/ }).optional(),
  /** The `aud` tokens must carry (this API's client or resource id at the issuer). */
  POLICY_OIDC_AUDIENCE: z.string().min(1).max(500).optional(),
  POLICY_OIDC_JWKS_URL: z.url({ protocol: /^https?$/ }).optional(),
  /** The claim holding the caller's roles or groups: a name, or a dotted path (`realm_access.roles`). */
  POLICY_OIDC_ROLES_CLAIM: z.string().min(1).max(200).default('roles'),
  POLICY_OIDC_ROLE_MAP: roleMapEnv,
  /** Seconds a token's exp/nbf/iat may be off from this server's clock. */
  POLICY_OIDC_CLOCK_SKEW_S: wholeNumberEnv(0, 300, 30),
  /** Seconds after a JWKS fetch before a token with an unknown kid may trigger another. */
  POLICY_OIDC_JWKS_COOLDOWN_S: wholeNumberEnv(0, 3_600, 30),
});
export type OidcConfig = z.infer<typeof OidcEnv>;

/** Issuer and audience go together; a JWKS URL alone would verify tokens of anyone. */
export const oidcComplete = (config: OidcConfig, ctx: z.RefinementCtx): void => {
  const issuer = config.POLICY_OIDC_ISSUER !== undefined;
  if (issuer !== (config.POLICY_OIDC_AUDIENCE !== undefined)) {
    ctx.addIssue({
      code: 'custom',
      path: [issuer ? 'POLICY_OIDC_AUDIENCE' : 'POLICY_OIDC_ISSUER'],
      message: 'set with the other, or neither',
    });
  }
  if (!issuer && config.POLICY_OIDC_JWKS_URL !== undefined) {
    ctx.addIssue({ code: 'custom', path: ['POLICY_OIDC_JWKS_URL'], message: 'needs POLICY_OIDC_ISSUER and POLICY_OIDC_AUDIENCE' });
  }
};
