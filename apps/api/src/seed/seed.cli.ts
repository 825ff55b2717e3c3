import { HISTORY, SeedStep } from './history';

/**
 * Records the real history through the HTTP API, as an admin would. Every step carries an
 * Idempotency-Key, so running the seed again changes nothing and prints the same answers.
 */
const url = (process.env.POLICY_URL || `http://localhost:${process.env.PORT || 3000}`).replace(/\/$/, '');
const key = process.env.POLICY_API_KEY || process.env.POLICY_ADMIN_KEY;

const path = (step: SeedStep) => (step.action === 'propose' ? '/rules' : `/rules/${step.ruleId}/${step.action}`);

const main = async (): Promise<number> => {
  if (!key) {
    process.stderr.write('set POLICY_API_KEY (or POLICY_ADMIN_KEY) to an admin key of the running service\n');
    return 2;
  }
  for (const [i, step] of HISTORY.entries()) {
    const body = step.action === 'propose' ? { ruleId: step.ruleId, ...step.body } : step.body;
    const response = await fetch(`${url}${path(step)}`, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${key}`,
        'content-type': 'application/json',
        'idempotency-key': `seed-${i}-${step.ruleId}-${step.action}`,
      },
      body: JSON.stringify(body),
    });
    const answer = (await response.json()) as { revision?: number; state?: { status: string }; error?: { message: string } };
    if (!response.ok) {
      process.stderr.write(`${step.action} ${step.ruleId}: ${response.status} ${answer.error?.message}\n`);
      return 1;
    }
    process.stdout.write(`${step.action.padEnd(8)} ${step.ruleId.padEnd(38)} -> ${answer.state?.status} (revision ${answer.revision})\n`);
  }
  process.stdout.write(`seeded ${HISTORY.length} events on ${new Set(HISTORY.map((s) => s.ruleId)).size} rules at ${url}\n`);
  return 0;
};

main().then(
  (code) => (process.exitCode = code),
  (error: unknown) => {
    process.stderr.write(`seed failed: ${error instanceof Error ? error.message : String(error)} (is the service running at ${url}?)\n`);
    process.exitCode = 1;
  },
);
