import { DynamicModule, Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { Config } from '../config/config';
import { ApiKeyStore } from './api-key.store';
import { AuthGuard } from './auth.guard';
import { BearerAuthenticator } from './bearer';
import { OidcVerifier } from './oidc/oidc-verifier';
import { SessionController } from './session/session.controller';
import { SessionService } from './session/session.service';
import { SessionStore } from './session/session.store';

/** The OIDC verifier, when an issuer and audience are configured. */
const oidcVerifierOf = (config: Config): OidcVerifier | undefined => {
  const { POLICY_OIDC_ISSUER: issuer, POLICY_OIDC_AUDIENCE: audience } = config;
  return issuer && audience ? new OidcVerifier({ ...config, POLICY_OIDC_ISSUER: issuer, POLICY_OIDC_AUDIENCE: audience }) : undefined;
};

/** API keys, OIDC tokens, console sessions, and the guard that makes every route but the @Public ones ask for one. */
@Module({})
export class AuthModule {
  static forRoot(config: Config): DynamicModule {
    return {
      module: AuthModule,
      // The key store is read beyond the guard: the event feed closes feeds whose key is revoked.
      global: true,
      providers: [
        { provide: ApiKeyStore, useFactory: () => new ApiKeyStore(config.POLICY_DATA_DIR, config.POLICY_ADMIN_KEY) },
        {
          provide: BearerAuthenticator,
          inject: [ApiKeyStore],
          useFactory: (keys: ApiKeyStore) => new BearerAuthenticator(keys, oidcVerifierOf(config)),
        },
        { provide: APP_GUARD, useClass: AuthGuard },
        {
          provide: SessionService,
          inject: [ApiKeyStore],
          useFactory: (keys: ApiKeyStore) => new SessionService(keys, new SessionStore(config.POLICY_DATA_DIR), config.POLICY_SESSION_TTL),
        },
      ],
      controllers: [SessionController],
      exports: [ApiKeyStore, BearerAuthenticator],
    };
  }
}
