import { z } from 'zod';

/** `POST /session`: the API key to trade for a session cookie. */
export const SignInBody = z.strictObject({ key: z.string().min(1).max(512) });
