import 'reflect-metadata';
import { ProposeRuleBody, RuleCommand } from '@policy/domain';
import { SqliteEventStore } from '@policy/event-store';
import { Projector, RuleReadModel } from '@policy/projections';
import { h200AllowanceProposal } from '@policy/testkit';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { RuleCommandService } from '../../apps/api/src/rules/rule-command.service';
import { RuleStateCache } from '../../apps/api/src/rules/rule-state-cache';
import { LEDGER_FILE, LedgerTreeStore } from '../../apps/api/src/ledger/ledger-tree.store';
import { LedgerService } from '../../apps/api/src/ledger/ledger.service';
import { loadSigningKey } from '../../apps/api/src/ledger/signing-key';

/**
 * A baseline for HTTP appends: the same write path without HTTP — the command service
 * deciding on the cached or stored state, the SQLite store committing on its writer thread with
 * `synchronous = FULL`, the projector making each write readable before it is answered — driven
 * by `clients` callers in a closed loop, in one process on a new store. Each caller takes new
 * rules through their lifecycle, so after a proposal every command finds its rule in the cache;
 * the HTTP phase also amends rules of the generated history, most of which it must read from
 * the log. So the gap to HTTP appends is the web stack plus those cold reads.
 *
 * With `ledger`, the ledger projection follows the same store and each command also waits for
 * its receipt, as an HTTP write does: the two runs side by side are the ledger's cost on appends.
 */
export interface PipelineResult {
  readonly commands: number;
  readonly perSecond: number;
  readonly p50Ms: number;
  readonly p99Ms: number;
  /** CPU of the whole process (every thread) per command. */
  readonly cpuMicrosPerCommand: number;
}

const lifecycle = [
  ['ApproveRule', {}],
  ['AmendRule', { changes: { effect: 'licence-required' } }],
  ['PauseRule', {}],
  ['ApproveRule', {}],
] as const;

export const measurePipeline = async (clients: number, seconds: number, withLedger = false): Promise<PipelineResult> => {
  const dir = mkdtempSync(join(tmpdir(), 'policy-bench-pipeline-'));
  const store = new SqliteEventStore(join(dir, 'events.sqlite'));
  const readModel = new RuleReadModel(join(dir, 'read-model.sqlite'));
  const logger = { log: () => undefined, error: (message: string) => process.stderr.write(`${message}\n`) };
  const projector = new Projector(store, readModel, logger);
  const origin = 'bench.local/log';
  const ledger = withLedger
    ? new LedgerService(store, new LedgerTreeStore(join(dir, LEDGER_FILE)), loadSigningKey(dir, origin), origin, logger)
    : undefined;
  try {
    projector.start();
    await projector.waitUntilCaughtUp();
    await ledger?.start();
    const commands = new RuleCommandService(store, projector, { now: () => new Date() }, new RuleStateCache());
    const { ruleId: _none, ...terms } = ProposeRuleBody.parse(h200AllowanceProposal('pipeline', '2027-01-01T00:00:00.000Z'));
    const context = { actor: 'key:bench', correlationId: 'bench-pipeline' };
    let effective = Date.parse('2027-01-01T00:00:00.000Z');
    const next = () => new Date(effective++).toISOString();
    const latencies: number[] = [];
    const timed = async (ruleId: string, command: RuleCommand['type'], data: Record<string, unknown>) => {
      const started = performance.now();
      const answer = await commands.execute(ruleId, context, (metadata) => ({ type: command, ruleId, data, metadata }) as RuleCommand);
      if (ledger && !(await ledger.receipt(answer.position))) throw new Error(`no receipt for position ${answer.position}`);
      latencies.push(performance.now() - started);
    };
    const started = performance.now();
    const end = started + seconds * 1000;
    const cpu = process.cpuUsage();
    // All callers finish before the store is torn down, even if one of them fails.
    let failed = false;
    const outcomes = await Promise.allSettled(
      Array.from({ length: clients }, async (_, client) => {
        for (let rule = 0; !failed && performance.now() < end; rule++) {
          const ruleId = `pipeline-${client}-${rule}`;
          await timed(ruleId, 'ProposeRule', { ...terms, effectiveAt: next() });
          for (const [command, extra] of lifecycle) await timed(ruleId, command, { effectiveAt: next(), sources: [], ...extra });
        }
      }).map((caller) => caller.catch((error: unknown) => ((failed = true), Promise.reject(error)))),
    );
    const rejected = outcomes.find((outcome): outcome is PromiseRejectedResult => outcome.status === 'rejected');
    if (rejected) throw rejected.reason;
    const elapsed = (performance.now() - started) / 1000;
    const used = process.cpuUsage(cpu);
    latencies.sort((a, b) => a - b);
    const at = (p: number) =>
      Math.round(latencies[Math.min(latencies.length - 1, Math.ceil((p / 100) * latencies.length) - 1)] * 100) / 100;
    return {
      commands: latencies.length,
      perSecond: Math.round(latencies.length / elapsed),
      p50Ms: at(50),
      p99Ms: at(99),
      cpuMicrosPerCommand: Math.round((used.user + used.system) / latencies.length),
    };
  } finally {
    await ledger?.onApplicationShutdown();
    await projector.stop();
    readModel.close();
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  }
};

if (require.main === module) {
  const [clients, seconds] = process.argv.slice(2, 4).map(Number);
  measurePipeline(clients || 32, seconds || 10, process.argv[4] === 'ledger').then(
    (result) => process.stdout.write(`${JSON.stringify(result)}\n`),
    (error: unknown) => {
      process.stderr.write(`pipeline bench failed: ${error instanceof Error ? error.stack : String(error)}\n`);
      process.exitCode = 1;
    },
  );
}
