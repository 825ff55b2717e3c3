import { fold, RuleEventEnvelope } from '@policy/domain';
import { RuleStateFolder } from './rule-state-folder';
import { envelopeAt } from './testing/rule-events';

/** A rule's history as the store would return it, counting how often it is read. */
const historyOf = (events: RuleEventEnvelope[]) => {
  const reads: number[] = [];
  const load = async (_ruleId: string, toRevision: number) => {
    reads.push(toRevision);
    return events.slice(0, toRevision + 1);
  };
  return { load, reads };
};

describe('RuleStateFolder', () => {
  const events = Array.from({ length: 12 }, (_, revision) => envelopeAt('r', revision, revision + 1));

  it('folds a batch from the cached state, one evolve per event, without reading the store', async () => {
    const history = historyOf(events);
    const folder = new RuleStateFolder(history.load);
    const first = await folder.fold(events.slice(0, 6));
    folder.commit(first);
    const second = await folder.fold(events.slice(6));
    expect(second.get('r')).toEqual({ state: fold(events), position: 12 });
    expect(history.reads).toEqual([]);
  });

  it('after a restart (empty cache) folds the rule’s whole history, not just the events it sees', async () => {
    const history = historyOf(events);
    const folded = await new RuleStateFolder(history.load).fold(events.slice(8));
    expect(folded.get('r')?.state).toEqual(fold(events));
    expect(history.reads).toEqual([8]);
  });

  it('re-reads when a batch is folded again after a failed publish (the cache was not committed)', async () => {
    const history = historyOf(events);
    const folder = new RuleStateFolder(history.load);
    folder.commit(await folder.fold(events.slice(0, 4)));
    await folder.fold(events.slice(4, 8));
    const retried = await folder.fold(events.slice(4, 8));
    expect(retried.get('r')?.state).toEqual(fold(events.slice(0, 8)));
    expect(history.reads).toEqual([]);
  });

  it('reads the history again when the cache is ahead of the batch (a replay from an older checkpoint)', async () => {
    const history = historyOf(events);
    const folder = new RuleStateFolder(history.load);
    folder.commit(await folder.fold(events));
    const replayed = await folder.fold(events.slice(3, 5));
    expect(replayed.get('r')?.state).toEqual(fold(events.slice(0, 5)));
    expect(history.reads).toEqual([3]);
  });

  it('evicts the least recently used rules beyond its capacity', async () => {
    const folder = new RuleStateFolder(historyOf([]).load, 2);
    for (const ruleId of ['a', 'b', 'c']) folder.commit(await folder.fold([envelopeAt(ruleId, 0)]));
    expect(folder.size).toBe(2);
  });

  it('counts only acknowledged batches as use: folding a rule without committing keeps it oldest', async () => {
    const history = historyOf([envelopeAt('a', 0), envelopeAt('a', 1)]);
    const folder = new RuleStateFolder(history.load, 2);
    for (const ruleId of ['a', 'b']) folder.commit(await folder.fold([envelopeAt(ruleId, 0)]));
    await folder.fold([envelopeAt('a', 1)]);
    folder.commit(await folder.fold([envelopeAt('c', 0)]));
    await folder.fold([envelopeAt('a', 1)]);
    expect(history.reads).toEqual([1]);
  });

  it('refuses a history that does not reach the revision, rather than publish a partial state', async () => {
    const folder = new RuleStateFolder(async () => events.slice(0, 3));
    await expect(folder.fold([events[7]])).rejects.toThrow('folding rule r to revision 7 gave revision 2');
  });
});
