import Database from 'better-sqlite3';
import { formatVerifierKey, ledgerEntry, parseSigningKey, ServedLeaf } from '@policy/ledger';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { LEDGER_FILE } from '../ledger-tree.store';
import { SIGNING_KEY_FILE } from '../signing-key';

/** What a verification reads: the verifier key (when the source has one), the latest checkpoint, the leaves. */
export interface LogSource {
  verifierKey(): Promise<string | undefined>;
  checkpoint(): Promise<string>;
  leaves(): AsyncIterable<ServedLeaf>;
  close(): void;
}

const PAGE = 1000;

/** A running service, through its /ledger routes. */
export const urlSource = (base: string, apiKey: string): LogSource => {
  const get = async (path: string): Promise<Response> => {
    const answer = await fetch(new URL(path, base), { headers: { authorization: `Bearer ${apiKey}` } });
    if (!answer.ok) throw new Error(`GET ${path} answered ${answer.status}: ${await answer.text()}`);
    return answer;
  };
  return {
    verifierKey: async () => (await (await get('/ledger/key')).text()).trim(),
    checkpoint: async () => (await get('/ledger/checkpoint')).text(),
    leaves: async function* () {
      for (let from: number | null = 0; from !== null;) {
        const page = (await (await get(`/ledger/entries?from=${from}&limit=${PAGE}`)).json()) as {
          entries: { index: number; position: number; leafHash: string; entry: string | null }[];
          next: number | null;
        };
        for (const e of page.entries)
          yield { index: e.index, position: e.position, leafHash: Buffer.from(e.leafHash, 'base64'), entry: e.entry };
        from = page.next;
      }
    },
    close: () => undefined,
  };
};

type JoinedRow = [
  number,
  number,
  Buffer,
  string | null,
  string | null,
  number | null,
  string | null,
  string | null,
  string | null,
  string | null,
];

/**
 * A stopped service's data dir, read only: the tree file's leaves joined by position to the
 * log file's events, each entry canonicalised here from the stored columns.
 */
export const dataDirSource = (dir: string): LogSource => {
  const ledgerFile = join(dir, LEDGER_FILE);
  const eventsFile = join(dir, 'events.sqlite');
  for (const file of [ledgerFile, eventsFile]) if (!existsSync(file)) throw new Error(`${file} does not exist`);
  const db = new Database(eventsFile, { readonly: true, fileMustExist: true });
  db.prepare('ATTACH DATABASE ? AS ledger').run(ledgerFile);
  return {
    verifierKey: async () => {
      const keyFile = join(dir, SIGNING_KEY_FILE);
      return existsSync(keyFile) ? formatVerifierKey(parseSigningKey(readFileSync(keyFile, 'utf8'))) : undefined;
    },
    checkpoint: async () => {
      const row = db.prepare<[], { note: string }>('SELECT note FROM ledger.ledger_checkpoints ORDER BY size DESC LIMIT 1').get();
      if (!row) throw new Error(`${ledgerFile} holds no signed checkpoint`);
      return row.note;
    },
    leaves: async function* () {
      const rows = db
        .prepare(
          `SELECT l.idx, l.position, l.hash, e.stream_id, e.event_id, e.revision, e.type, e.data, e.metadata, e.position
           FROM ledger.ledger_leaves l LEFT JOIN events e ON e.position = l.position ORDER BY l.idx`,
        )
        .raw(true)
        .iterate() as IterableIterator<JoinedRow>;
      for (const [index, position, hash, streamId, eventId, revision, type, data, metadata] of rows) {
        const entry =
          streamId === null
            ? null
            : ledgerEntry({
                position,
                streamId,
                revision: revision!,
                eventId: eventId!,
                type: type!,
                data: JSON.parse(data!),
                metadata: JSON.parse(metadata!),
              });
        yield { index, position, leafHash: hash, entry };
      }
    },
    close: () => db.close(),
  };
};
