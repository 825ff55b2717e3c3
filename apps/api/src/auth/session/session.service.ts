import { Injectable, OnApplicationShutdown } from '@nestjs/common';
import { ForbiddenError, UnauthenticatedError } from '@policy/domain';
import { parse as parseCookies, serialize } from 'cookie';
import { FastifyReply, FastifyRequest } from 'fastify';
import { ApiKeyStore, hashKey } from '../api-key.store';
import { Principal } from '../roles';
import { SessionStore } from './session.store';

export const SESSION_COOKIE = 'policy_session';

/** Methods that change nothing: a cookie may carry them from any page of ours without an Origin check. */
const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

const sessionIdOf = (request: FastifyRequest): string | undefined => {
  const header = request.headers.cookie;
  return header ? parseCookies(header)[SESSION_COOKIE] : undefined;
};

/**
 * The console's sign-in: an API key traded for an opaque cookie, so the browser never keeps the
 * key. The cookie is HttpOnly (no script reads it) and SameSite=Strict (no other site sends it);
 * a cookie-carried write must also come from our own origin, as a second line against CSRF.
 */
@Injectable()
export class SessionService implements OnApplicationShutdown {
  constructor(
    private readonly keys: ApiKeyStore,
    private readonly store: SessionStore,
    private readonly ttlMs: number,
  ) {}

  open(key: string, request: FastifyRequest, reply: FastifyReply): Pick<Principal, 'name' | 'role'> & { expiresAt: string } {
    // A page of another site must not sign a browser in under the attacker's key (login CSRF); curl sends no Origin.
    if (request.headers.origin !== undefined) this.assertSameOrigin(request, 'a sign-in');
    const principal = this.keys.verify(key);
    if (!principal) throw new UnauthenticatedError('unknown or revoked API key');
    const { id, expiresAt } = this.store.open(hashKey(key), Date.now(), this.ttlMs);
    void reply.header('set-cookie', this.cookie(request, id, this.ttlMs / 1000));
    return { name: principal.name, role: principal.role, expiresAt: new Date(expiresAt).toISOString() };
  }

  close(request: FastifyRequest, reply: FastifyReply): void {
    const id = sessionIdOf(request);
    if (id) this.store.close(id);
    void reply.header('set-cookie', this.cookie(request, '', 0));
  }

  /** The principal behind the request's session cookie; refuses a missing, expired or orphaned one, and a foreign write. */
  authenticate(request: FastifyRequest): Principal {
    const id = sessionIdOf(request);
    if (!id) throw new UnauthenticatedError('send Authorization: Bearer <api key>, or sign in at /ui');
    const session = this.store.find(id, Date.now());
    const principal = session && this.keys.verifyHash(session.keyHash);
    if (!principal) {
      // Its key was revoked (or the env key changed): the session dies with it.
      if (session) this.store.close(id);
      throw new UnauthenticatedError('the session has expired or was closed; sign in again');
    }
    if (!SAFE_METHODS.has(request.method)) this.assertSameOrigin(request, 'a write carried by the session cookie');
    return principal;
  }

  private assertSameOrigin(request: FastifyRequest, what: string): void {
    const origin = request.headers.origin;
    const own = `${request.protocol}://${request.host}`;
    if (origin !== own) throw new ForbiddenError(`${what} must come from ${own}, not ${origin ?? 'an unnamed origin'}`);
  }

  private cookie(request: FastifyRequest, value: string, maxAgeSeconds: number): string {
    return serialize(SESSION_COOKIE, value, {
      httpOnly: true,
      sameSite: 'strict',
      secure: request.protocol === 'https',
      path: '/',
      maxAge: maxAgeSeconds,
    });
  }

  onApplicationShutdown(): void {
    this.store.shutdown();
  }
}
