import { CATALOGUE } from './catalogue';
import { HISTORY, SeedStep } from './history';

/**
 * Records the real history through the HTTP API, as an admin would: the rules, then the product
 * catalogue. Every rule step carries an Idempotency-Key, and the catalogue refuses a product's
 * unchanged family (409 `classification_unchanged`, read here as "already seeded"), so running
 * the seed again changes nothing and prints the same rule answers.
 */
const url = (process.env.POLICY_URL || `http://localhost:${process.env.PORT || 3000}`).replace(/\/$/, '');
const key = process.env.POLICY_API_KEY || process.env.POLICY_ADMIN_KEY;

const path = (step: SeedStep) => (step.action === 'propose' ? '/rules' : `/rules/${step.ruleId}/${step.action}`);

interface Answer {
  revision?: number;
  state?: { status: string };
  error?: { code: string; message: string };
}

const post = async (route: string, body: unknown, headers: Record<string, string> = {}) => {
  const response = await fetch(`${url}${route}`, {
    method: 'POST',
    headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json', ...headers },
    body: JSON.stringify(body),
  });
  return { status: response.status, ok: response.ok, answer: (await response.json()) as Answer };
};

const seedRules = async (): Promise<boolean> => {
  for (const [i, step] of HISTORY.entries()) {
    const body = step.action === 'propose' ? { ruleId: step.ruleId, ...step.body } : step.body;
    const { status, ok, answer } = await post(path(step), body, { 'idempotency-key': `seed-${i}-${step.ruleId}-${step.action}` });
    if (!ok) {
      process.stderr.write(`${step.action} ${step.ruleId}: ${status} ${answer.error?.message}\n`);
      return false;
    }
    process.stdout.write(`${step.action.padEnd(8)} ${step.ruleId.padEnd(38)} -> ${answer.state?.status} (revision ${answer.revision})\n`);
  }
  process.stdout.write(`seeded ${HISTORY.length} events on ${new Set(HISTORY.map((s) => s.ruleId)).size} rules at ${url}\n`);
  return true;
};

const seedCatalogue = async (): Promise<boolean> => {
  let recorded = 0;
  for (const entry of CATALOGUE) {
    const { status, ok, answer } = await post('/catalogue/products', entry);
    const already = status === 409 && answer.error?.code === 'classification_unchanged';
    if (!ok && !already) {
      process.stderr.write(`classify ${entry.vendor} ${entry.product}: ${status} ${answer.error?.message}\n`);
      return false;
    }
    if (ok) recorded++;
    const name = `${entry.vendor} ${entry.product}`;
    process.stdout.write(`classify ${name.padEnd(38)} -> ${entry.family}${already ? ' (already recorded)' : ''}\n`);
  }
  process.stdout.write(`catalogued ${CATALOGUE.length} products (${recorded} newly recorded) at ${url}\n`);
  return true;
};

const main = async (): Promise<number> => {
  if (!key) {
    process.stderr.write('set POLICY_API_KEY (or POLICY_ADMIN_KEY) to an admin key of the running service\n');
    return 2;
  }
  return (await seedRules()) && (await seedCatalogue()) ? 0 : 1;
};

main().then(
  (code) => (process.exitCode = code),
  (error: unknown) => {
    process.stderr.write(`seed failed: ${error instanceof Error ? error.message : String(error)} (is the service running at ${url}?)\n`);
    process.exitCode = 1;
  },
);
