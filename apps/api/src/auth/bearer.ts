import { UnauthenticatedError } from '@policy/domain';
import { ApiKeyStore } from './api-key.store';
import { looksLikeJwt, OidcVerifier } from './oidc/oidc-verifier';
import { Principal } from './roles';

/**
 * The principal of an `Authorization: Bearer <credential>` header: a JWT goes to the OIDC
 * verifier when OIDC is configured, anything else is an API key. A missing, malformed or
 * unknown credential is a 401.
 */
export class BearerAuthenticator {
  constructor(
    private readonly keys: ApiKeyStore,
    private readonly oidc?: OidcVerifier,
  ) {}

  async authenticate(header: string | string[] | undefined): Promise<Principal> {
    const match = typeof header === 'string' ? /^Bearer\s+(\S+)\s*$/i.exec(header) : null;
    if (!match) throw new UnauthenticatedError();
    const credential = match[1];
    if (this.oidc && looksLikeJwt(credential)) return this.oidc.verify(credential);
    const principal = this.keys.verify(credential);
    if (!principal) throw new UnauthenticatedError('unknown or revoked API key');
    return principal;
  }
}
