import { Instant } from '@policy/domain';
import { z } from 'zod';
import { empty, errors, guarded, json, RouteContract } from '../../docs/contract';
import { ROLES } from '../roles';
import { SignInBody } from './session.schemas';

export const WhoAmISchema = z.object({ name: z.string().min(1).describe('the key (or OIDC subject) signed in'), role: z.enum(ROLES) });
export const SessionOpenedSchema = WhoAmISchema.extend({ expiresAt: Instant });

const tags = ['session'];

export const sessionContracts: RouteContract[] = [
  {
    method: 'post',
    path: '/session',
    operationId: 'signIn',
    summary: 'Sign in: trade an API key for an HttpOnly, SameSite=Strict session cookie (public)',
    tags,
    public: true,
    requestBody: SignInBody,
    responses: {
      '201': json('signed in; the cookie policy_session is set', SessionOpenedSchema, {
        'Set-Cookie': { description: 'policy_session=…; HttpOnly; SameSite=Strict', schema: { type: 'string' } },
      }),
      ...errors('400', '401', '403', '415', '429'),
    },
  },
  {
    method: 'get',
    path: '/session',
    operationId: 'whoAmI',
    summary: 'Who the session (or key, or token) is signed in as',
    tags,
    responses: { '200': json('the principal', WhoAmISchema), ...guarded() },
  },
  {
    method: 'delete',
    path: '/session',
    operationId: 'signOut',
    summary: 'Sign out: close the session and clear the cookie (public)',
    tags,
    public: true,
    responses: { '204': empty('signed out'), ...errors('403', '429') },
  },
];
