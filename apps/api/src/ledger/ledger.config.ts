import { z } from 'zod';

/** The ledger's settings: the log's name in its checkpoints, and the key that signs them. */
export const LedgerEnv = z.object({
  /** The checkpoints' origin line and the signing key's name: one per log, stable for its life. */
  POLICY_LEDGER_ORIGIN: z
    .string()
    .regex(/^[^\s+]{1,200}$/, 'a name without spaces or "+", e.g. ledger.example.com/policy')
    .default('policy-ledger.local/log'),
  /** `PRIVATE+KEY+<origin>+<hex id>+<base64>`; unset, a key is generated into the data dir. */
  POLICY_LEDGER_SIGNING_KEY: z.string().min(1).optional(),
});
