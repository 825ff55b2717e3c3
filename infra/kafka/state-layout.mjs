// Where a broker's files live, and the defaults for the state and jar cache dirs. The pom
// is the single source of truth for the Kafka version.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const SCRIPT_DIR = path.dirname(fileURLToPath(import.meta.url));
const PROJECT_ROOT = path.resolve(SCRIPT_DIR, '..', '..');
export const POM = path.join(SCRIPT_DIR, 'pom.xml');

export const KAFKA_VERSION = /<kafka\.version>([^<]+)<\/kafka\.version>/.exec(fs.readFileSync(POM, 'utf8'))?.[1];
if (!KAFKA_VERSION) throw new Error(`No <kafka.version> property in ${POM}`);

export const HOST = '127.0.0.1';
export const NODE_ID = 1;

// State dir layout.
export const files = (stateDir) => ({
  serverProps: path.join(stateDir, 'server.properties'),
  log4jProps: path.join(stateDir, 'log4j.properties'),
  dataDir: path.join(stateDir, 'data'),
  meta: path.join(stateDir, 'data', 'meta.properties'),
  log: path.join(stateDir, 'kafka.log'),
  pid: path.join(stateDir, 'kafka.pid'),
  info: path.join(stateDir, 'broker.json'),
  lock: path.join(stateDir, 'start.lock'), // see withStartLock
});

// Absolute and symlink-free: the state dir's server.properties path is how we
// recognise our broker in /proc/<pid>/cmdline, so it must be spelled one way.
export function canonicalDir(dir) {
  const absolute = path.resolve(dir);
  try {
    return fs.realpathSync(absolute);
  } catch {
    return absolute; // does not exist (yet)
  }
}

export function defaultStateDir() {
  return path.resolve(process.env.POLICY_KAFKA_STATE_DIR || path.join(PROJECT_ROOT, '.cache', 'kafka'));
}

export function defaultLibsDir() {
  if (process.env.POLICY_KAFKA_CACHE) return path.resolve(process.env.POLICY_KAFKA_CACHE);
  const cacheHome = process.env.XDG_CACHE_HOME || path.join(os.homedir(), '.cache');
  return path.join(cacheHome, 'policy-ledger', `kafka-${KAFKA_VERSION}`, 'libs');
}
