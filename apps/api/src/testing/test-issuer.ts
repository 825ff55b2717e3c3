import { exportJWK, exportSPKI, generateKeyPair, JWK, JWTPayload, SignJWT } from 'jose';
import { createServer, Server } from 'node:http';
import { AddressInfo } from 'node:net';

type KeyPair = Awaited<ReturnType<typeof generateKeyPair>>;
interface SigningKey extends KeyPair {
  readonly kid: string;
}

/**
 * An OIDC issuer for specs, on a loopback port: its discovery document and a JWKS the spec
 * controls (keys can be added later, as an issuer rotates them), and tokens signed by its keys.
 */
export class TestIssuer {
  /** How many times the JWKS was fetched. */
  jwksFetches = 0;
  private readonly published: (JWK & { kid: string })[] = [];
  private constructor(
    private readonly server: Server,
    readonly url: string,
  ) {}

  static async start(): Promise<TestIssuer> {
    const started: { issuer?: TestIssuer } = {};
    const server = createServer((request, response) => {
      const issuer = started.issuer;
      if (!issuer) return response.writeHead(503).end();
      if (request.url === '/.well-known/openid-configuration') {
        return response
          .writeHead(200, { 'content-type': 'application/json' })
          .end(JSON.stringify({ issuer: issuer.url, jwks_uri: `${issuer.url}/jwks` }));
      }
      if (request.url === '/jwks') {
        issuer.jwksFetches++;
        return response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ keys: issuer.published }));
      }
      response.writeHead(404).end();
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    started.issuer = new TestIssuer(server, `http://127.0.0.1:${(server.address() as AddressInfo).port}`);
    return started.issuer;
  }

  /** A new RS256 key; in the JWKS unless `publish` is false. */
  async key(kid: string, publish = true): Promise<SigningKey> {
    const pair = await generateKeyPair('RS256', { extractable: true });
    if (publish) await this.publish({ ...pair, kid });
    return { ...pair, kid };
  }

  async publish(key: SigningKey): Promise<void> {
    this.published.push({ ...(await exportJWK(key.publicKey)), kid: key.kid, alg: 'RS256', use: 'sig' });
  }

  /** A token of this issuer for `audience`, valid for five minutes unless the claims say otherwise. */
  sign(key: SigningKey, claims: JWTPayload & { aud?: string }, now = Math.floor(Date.now() / 1000)): Promise<string> {
    return new SignJWT({ iat: now, exp: now + 300, iss: this.url, ...claims })
      .setProtectedHeader({ alg: 'RS256', kid: key.kid })
      .sign(key.privateKey);
  }

  publicPem(key: SigningKey): Promise<string> {
    return exportSPKI(key.publicKey);
  }

  close(): Promise<void> {
    return new Promise((resolve) => this.server.close(() => resolve()));
  }
}
