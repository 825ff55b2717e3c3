import { DomainError, ForbiddenError, UnauthenticatedError } from '@policy/domain';
import { createRemoteJWKSet, errors, JWTPayload, jwtVerify } from 'jose';
import { Principal, Role, ROLES } from '../roles';
import { OidcConfig } from './oidc.config';

/** Asymmetric algorithms only: `none` and HMAC (which a public key could be misused as the secret of) are refused. */
const ALGORITHMS = ['RS256', 'RS384', 'RS512', 'PS256', 'PS384', 'PS512', 'ES256', 'ES384', 'ES512', 'EdDSA'];

/** jose's codes for a token that is wrong, as opposed to an issuer that cannot be reached. */
const TOKEN_PROBLEMS = new Set([
  'ERR_JWT_EXPIRED',
  'ERR_JWT_CLAIM_VALIDATION_FAILED',
  'ERR_JWT_INVALID',
  'ERR_JWS_INVALID',
  'ERR_JWS_SIGNATURE_VERIFICATION_FAILED',
  'ERR_JOSE_ALG_NOT_ALLOWED',
  'ERR_JOSE_NOT_SUPPORTED',
  'ERR_JWKS_NO_MATCHING_KEY',
  'ERR_JWKS_MULTIPLE_MATCHING_KEYS',
]);

/** Three base64url parts: a JWS in compact form (an unsigned one ends in an empty part). */
export const looksLikeJwt = (token: string): boolean => /^[\w-]+\.[\w-]+\.[\w-]*$/.test(token);

type RemoteKeySet = ReturnType<typeof createRemoteJWKSet>;

/**
 * Verifies bearer JWTs of the configured issuer with jose: signature by a key of the issuer's
 * JWKS (cached; fetched again when a token names an unknown kid, at most once per cooldown),
 * `iss`, `aud`, `exp` and `nbf` within the allowed clock skew, and a role from the roles claim.
 */
export class OidcVerifier {
  private keySet?: Promise<RemoteKeySet>;
  private readonly issuerHost: string;

  constructor(private readonly config: OidcConfig & { POLICY_OIDC_ISSUER: string; POLICY_OIDC_AUDIENCE: string }) {
    this.issuerHost = new URL(config.POLICY_OIDC_ISSUER).host;
  }

  async verify(token: string): Promise<Principal> {
    let payload: JWTPayload;
    try {
      ({ payload } = await jwtVerify(token, await this.keys(), {
        issuer: this.config.POLICY_OIDC_ISSUER,
        audience: this.config.POLICY_OIDC_AUDIENCE,
        algorithms: ALGORITHMS,
        clockTolerance: this.config.POLICY_OIDC_CLOCK_SKEW_S,
        requiredClaims: ['sub', 'exp'],
      }));
    } catch (error) {
      throw this.refusal(error);
    }
    const name = `oidc:${this.issuerHost}:${payload.sub}`;
    const role = this.roleOf(payload);
    if (!role) throw new ForbiddenError(`${name} holds no role here: its ${this.config.POLICY_OIDC_ROLES_CLAIM} claim maps to none`);
    return { name, role, actor: name, expiresAt: (payload.exp as number) * 1000 };
  }

  /** The strongest role the roles claim maps to. */
  private roleOf(payload: JWTPayload): Role | undefined {
    let claim: unknown = payload;
    for (const part of this.config.POLICY_OIDC_ROLES_CLAIM.split('.')) {
      claim = claim !== null && typeof claim === 'object' ? (claim as Record<string, unknown>)[part] : undefined;
    }
    const values = Array.isArray(claim) ? claim : typeof claim === 'string' ? claim.split(' ') : [];
    const held = values.flatMap((value) => this.config.POLICY_OIDC_ROLE_MAP.get(String(value)) ?? []);
    return [...ROLES].reverse().find((role) => held.includes(role));
  }

  private refusal(error: unknown): DomainError {
    if (error instanceof errors.JOSEError && TOKEN_PROBLEMS.has(error.code)) {
      return new UnauthenticatedError(`the bearer token was refused: ${error.message}`);
    }
    if (error instanceof DomainError) return error;
    // The JWKS or discovery could not be fetched: the token may be fine, so not a 401.
    this.keySet = undefined;
    return new DomainError('unavailable', 'oidc_unavailable', "the identity provider's keys could not be fetched; try again shortly");
  }

  private keys(): Promise<RemoteKeySet> {
    this.keySet ??= this.jwksUrl().then((url) =>
      createRemoteJWKSet(url, { cooldownDuration: this.config.POLICY_OIDC_JWKS_COOLDOWN_S * 1000, timeoutDuration: 5_000 }),
    );
    return this.keySet;
  }

  /** POLICY_OIDC_JWKS_URL, or the `jwks_uri` of the issuer's discovery document. */
  private async jwksUrl(): Promise<URL> {
    if (this.config.POLICY_OIDC_JWKS_URL) return new URL(this.config.POLICY_OIDC_JWKS_URL);
    const issuer = this.config.POLICY_OIDC_ISSUER;
    const response = await fetch(`${issuer.replace(/\/$/, '')}/.well-known/openid-configuration`, { signal: AbortSignal.timeout(5_000) });
    if (!response.ok) throw new Error(`discovery answered ${response.status}`);
    const discovery = (await response.json()) as { issuer?: unknown; jwks_uri?: unknown };
    if (discovery.issuer !== issuer || typeof discovery.jwks_uri !== 'string') {
      throw new Error('the discovery document names another issuer or no jwks_uri');
    }
    return new URL(discovery.jwks_uri);
  }
}
