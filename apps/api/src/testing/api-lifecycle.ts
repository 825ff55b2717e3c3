import { RuleCommand } from '@policy/domain';
import { ApiHarness, HarnessOptions, startApi } from './api-harness';

/**
 * Starts the api for a describe block and closes it after: a fresh app (and store) for each case
 * with `'each'`, where cases write; one for the whole block with `'all'`, where they only read.
 * `history` is recorded into the store first, behind the app's back. Returns the running harness.
 */
export const useApi = (scope: 'each' | 'all', history: readonly RuleCommand[] = [], options: HarnessOptions = {}): (() => ApiHarness) => {
  let api: ApiHarness | undefined;
  const [before, after] = scope === 'each' ? [beforeEach, afterEach] : [beforeAll, afterAll];
  before(async () => {
    api = await startApi(options);
    for (const command of history) await api.record(command);
  });
  after(() => api?.close());
  return () => {
    if (api === undefined) throw new Error('the api is used outside a case of the describe block that started it');
    return api;
  };
};
