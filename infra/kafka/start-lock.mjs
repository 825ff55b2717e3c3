import fs from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import { isAlive } from './broker-process.mjs';
import { log } from './kafka-support.mjs';
import { files } from './state-layout.mjs';

// Serialises `start` per state dir. Two concurrent starts (two terminals, a test
// restarting the broker while a script starts it) would otherwise both launch a
// broker on the same data dir; with the lock the second one waits and then
// reuses the first one's broker. A lock left by a killed `start` is taken over.
export async function withStartLock(stateDir, timeoutMs, fn) {
  const lock = files(stateDir).lock;
  const deadline = Date.now() + timeoutMs;
  let announced = false;
  for (;;) {
    try {
      fs.writeFileSync(lock, `${process.pid}\n`, { flag: 'wx' });
      break;
    } catch (error) {
      if (error.code !== 'EEXIST') throw error;
    }
    let holder;
    let ageMs;
    try {
      holder = Number.parseInt(fs.readFileSync(lock, 'utf8'), 10);
      ageMs = Date.now() - fs.statSync(lock).mtimeMs;
    } catch {
      continue; // released in the meantime
    }
    // An empty lock file is one being written right now, unless it is old.
    const stale = Number.isInteger(holder) ? !isAlive(holder) : ageMs > 5_000;
    if (stale) {
      fs.rmSync(lock, { force: true });
      continue;
    }
    if (Date.now() > deadline) throw new Error(`Another start (pid ${holder}) still holds ${lock}.`);
    if (!announced) log(`Waiting for another start of this broker (pid ${holder}) to finish...`);
    announced = true;
    await sleep(200);
  }
  try {
    return await fn();
  } finally {
    fs.rmSync(lock, { force: true });
  }
}
