import { UnauthenticatedError } from '@policy/domain';
import { ApiKeyStore } from './api-key.store';
import { Principal } from './roles';

/** The principal of an `Authorization: Bearer <key>` header, or a 401 for a missing, malformed or unknown key. */
export const authenticateBearer = (keys: ApiKeyStore, header: string | string[] | undefined): Principal => {
  const match = typeof header === 'string' ? /^Bearer\s+(\S+)\s*$/i.exec(header) : null;
  if (!match) throw new UnauthenticatedError();
  const principal = keys.verify(match[1]);
  if (!principal) throw new UnauthenticatedError('unknown or revoked API key');
  return principal;
};
