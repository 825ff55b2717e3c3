import Database from 'better-sqlite3';
import { parentPort, workerData } from 'node:worker_threads';
import { committer } from './sqlite-committer';
import type { WriterReply, WriterRequest, WriterThreadData } from './sqlite-writer.protocol';

/**
 * Entry point of the writer thread (started by SqliteWriter): a connection of its own to the
 * store's file, serving the committer over messages until told to close.
 */
const port = parentPort!;
const settings = workerData as WriterThreadData;
const db = new Database(settings.file, { fileMustExist: true });
db.pragma(`synchronous = ${settings.synchronous}`);
db.pragma('busy_timeout = 5000');
db.pragma(`wal_autocheckpoint = ${settings.autoCheckpointPages}`);
const commit = committer(db);

const answer = (id: number, run: () => unknown): void => {
  let reply: WriterReply;
  try {
    reply = { id, result: run() };
  } catch (error) {
    const { code, message } = (error ?? {}) as { code?: string; message?: string };
    reply = { id, error: { code, message: String(message || error) } };
  }
  port.postMessage(reply);
};

port.on('message', (message: WriterRequest) => {
  switch (message.kind) {
    case 'close':
      db.close();
      port.close();
      return;
    case 'autocheckpoint':
      db.pragma(`wal_autocheckpoint = ${message.pages}`);
      return;
    case 'appends':
      return answer(message.id, () => commit.appends(message.appends, new Date().toISOString()));
    case 'checkpoint':
      return answer(message.id, () => commit.checkpoint(message.name, message.position, message.at));
    default: {
      // assertNever lives behind an alias, which a thread run from the sources cannot resolve.
      const unknown: never = message;
      throw new Error(`unknown writer request ${JSON.stringify(unknown)}`);
    }
  }
});
