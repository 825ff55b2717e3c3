#!/usr/bin/env node
// A real single-node Apache Kafka broker (KRaft, combined broker+controller) for
// tests and local runs, installed by the project itself: no Docker, no system-wide
// Kafka. Needs Java 17+ on PATH (or JAVA_HOME) and, on first use only, Maven.
//
//   node infra/kafka/kafka.mjs start  [--state-dir DIR] [--port N] [--fresh]
//   node infra/kafka/kafka.mjs stop   [--state-dir DIR]
//   node infra/kafka/kafka.mjs status [--state-dir DIR]
//
// `start` prints progress on stderr and, as its last stdout line, exactly
// `KAFKA_BROKERS=127.0.0.1:<port>`, so `eval "$(node infra/kafka/kafka.mjs start)"`
// or `... | tail -n1` works. The broker keeps running after the script exits.
//
// Environment:
//   POLICY_KAFKA_CACHE             jar cache dir (default ${XDG_CACHE_HOME:-~/.cache}/policy-ledger/kafka-<version>/libs)
//   POLICY_KAFKA_STATE_DIR         state dir: config, data, log, pid (default <project>/.cache/kafka)
//   POLICY_KAFKA_START_TIMEOUT_MS  readiness deadline for `start` (default 90000)
//   POLICY_KAFKA_STOP_TIMEOUT_MS   graceful-shutdown deadline for `stop` before SIGKILL (default 30000)
//   JAVA_HOME, MVN                 which java / mvn to run (default: from PATH)
//
// The module also exports startKafka()/stopKafka()/kafkaStatus() for Jest global
// setup. (Jest test files cannot import this ESM file from ts-jest's CommonJS
// runtime; tests that need to stop and restart the broker should run this CLI
// with child_process instead.)

import { spawn } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import kafkajs from 'kafkajs';

const { Kafka, logLevel } = kafkajs;

const SCRIPT_DIR = path.dirname(fileURLToPath(import.meta.url));
const PROJECT_ROOT = path.resolve(SCRIPT_DIR, '..', '..');
const POM = path.join(SCRIPT_DIR, 'pom.xml');

// The pom is the single source of truth for the Kafka version.
const KAFKA_VERSION = /<kafka\.version>([^<]+)<\/kafka\.version>/.exec(fs.readFileSync(POM, 'utf8'))?.[1];
if (!KAFKA_VERSION) throw new Error(`No <kafka.version> property in ${POM}`);

const HOST = '127.0.0.1';
const NODE_ID = 1;
const MARKER = '.complete';
const PROBE_TOPIC = 'policy-ledger-readiness-probe';
const JVM_OPTS = [
  '-Xms256m',
  '-Xmx512m',
  '-XX:+UseG1GC',
  '-XX:MaxGCPauseMillis=20',
  '-XX:+ExitOnOutOfMemoryError',
  '-Djava.awt.headless=true',
];

// State dir layout.
const files = (stateDir) => ({
  serverProps: path.join(stateDir, 'server.properties'),
  log4jProps: path.join(stateDir, 'log4j.properties'),
  dataDir: path.join(stateDir, 'data'),
  meta: path.join(stateDir, 'data', 'meta.properties'),
  log: path.join(stateDir, 'kafka.log'),
  pid: path.join(stateDir, 'kafka.pid'),
  info: path.join(stateDir, 'broker.json'),
  lock: path.join(stateDir, 'start.lock'), // see withStartLock
});

function log(message) {
  process.stderr.write(`[kafka] ${message}\n`);
}

function envInt(name, fallback) {
  const value = Number.parseInt(process.env[name] ?? '', 10);
  return Number.isFinite(value) && value > 0 ? value : fallback;
}

// Absolute and symlink-free: the state dir's server.properties path is how we
// recognise our broker in /proc/<pid>/cmdline, so it must be spelled one way.
function canonicalDir(dir) {
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

// ---------------------------------------------------------------------------
// Jars
// ---------------------------------------------------------------------------

function sha256(file) {
  return crypto.createHash('sha256').update(fs.readFileSync(file)).digest('hex');
}

// The marker is written only after Maven finished and the jars were moved into
// place, so a half-finished download (Ctrl-C, network error) is never mistaken
// for a usable cache. It records the pom's hash (editing the pom invalidates
// the cache) and the jar list (a deleted jar invalidates it too).
function cacheIsComplete(libs) {
  try {
    const marker = JSON.parse(fs.readFileSync(path.join(libs, MARKER), 'utf8'));
    return (
      marker.pomSha256 === sha256(POM) &&
      Array.isArray(marker.jars) &&
      marker.jars.length > 0 &&
      marker.jars.every((jar) => fs.existsSync(path.join(libs, jar)))
    );
  } catch {
    return false;
  }
}

function run(command, args, options = {}) {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, options);
    let output = '';
    child.stdout?.on('data', (chunk) => (output += chunk));
    child.stderr?.on('data', (chunk) => (output += chunk));
    child.once('error', reject);
    child.once('close', (code, signal) => resolve({ code, signal, output }));
  });
}

/** Makes sure the Kafka jars are in the cache, running Maven only if they are not. Returns the libs dir. */
export async function ensureKafkaJars({ libs = defaultLibsDir() } = {}) {
  if (cacheIsComplete(libs)) return libs;

  log(`Resolving Kafka ${KAFKA_VERSION} jars with Maven into ${libs} (first run only)...`);
  const started = Date.now();
  // Download into a private temp dir and rename it into place at the end, so a
  // concurrent start never puts a half-filled directory on its classpath.
  const tmp = `${libs}.tmp-${process.pid}`;
  fs.rmSync(tmp, { recursive: true, force: true });
  fs.mkdirSync(path.dirname(libs), { recursive: true });

  const mvn = process.env.MVN || 'mvn';
  const args = ['-q', '-B', '-f', POM, 'dependency:copy-dependencies', `-Dkafka.libs.dir=${tmp}`];
  let result;
  try {
    // Captured, shown only on failure: stdout is reserved for KAFKA_BROKERS=, and
    // Debian's Maven 3.8 prints stray ANSI resets even with -q -B.
    result = await run(mvn, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  } catch (error) {
    if (error.code === 'ENOENT') {
      throw new Error(`Maven ('${mvn}') not found. Install Maven 3.8+ or set MVN to its path.`);
    }
    throw error;
  }
  const jars = fs.existsSync(tmp) ? fs.readdirSync(tmp).filter((f) => f.endsWith('.jar')).sort() : [];
  if (result.code !== 0 || jars.length === 0) {
    fs.rmSync(tmp, { recursive: true, force: true });
    const output = result.output.replace(/\x1b\[[0-9;]*m/g, '').trim();
    throw new Error(`Maven failed (exit ${result.code ?? result.signal}): ${mvn} ${args.join(' ')}\n${output}`);
  }
  fs.writeFileSync(
    path.join(tmp, MARKER),
    JSON.stringify({ kafkaVersion: KAFKA_VERSION, pomSha256: sha256(POM), jars, createdAt: new Date().toISOString() }, null, 2),
  );

  if (cacheIsComplete(libs)) {
    // Another start completed the cache while Maven ran here: keep theirs (a
    // broker may already be running from it).
    fs.rmSync(tmp, { recursive: true, force: true });
    return libs;
  }
  fs.rmSync(libs, { recursive: true, force: true }); // an incomplete or outdated cache
  try {
    fs.renameSync(tmp, libs);
  } catch (error) {
    // Another process won the race and completed the cache first: use theirs.
    fs.rmSync(tmp, { recursive: true, force: true });
    if (!cacheIsComplete(libs)) throw error;
  }
  log(`Kafka jars ready (${jars.length} jars, ${((Date.now() - started) / 1000).toFixed(1)} s).`);
  return libs;
}

// ---------------------------------------------------------------------------
// Ports
// ---------------------------------------------------------------------------

function listen(server, port) {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen({ port, host: HOST, exclusive: true }, () => resolve(server.address().port));
  });
}

const close = (server) => new Promise((resolve) => server.close(() => resolve()));

// Fixed ports collide between parallel runs (two checkouts, CI jobs, a dev broker
// next to the test broker), so we let the OS pick: bind to port 0, read the port,
// release it. Kafka binds it a moment later; the race window is tiny.
async function pickFreePort(exclude = []) {
  for (;;) {
    const server = net.createServer();
    const port = await listen(server, 0);
    await close(server);
    if (!exclude.includes(port)) return port;
  }
}

async function isPortFree(port) {
  const server = net.createServer();
  try {
    await listen(server, port);
    return true;
  } catch {
    return false;
  } finally {
    if (server.listening) await close(server);
  }
}

// Ports used the last time this state dir ran, taken from its server.properties.
function previousPorts(stateDir) {
  try {
    const text = fs.readFileSync(files(stateDir).serverProps, 'utf8');
    const port = Number(/PLAINTEXT:\/\/[^:,\s]+:(\d+)/.exec(text)?.[1]);
    const controllerPort = Number(/CONTROLLER:\/\/[^:,\s]+:(\d+)/.exec(text)?.[1]);
    return port && controllerPort ? { port, controllerPort } : null;
  } catch {
    return null;
  }
}

// ---------------------------------------------------------------------------
// Config files
// ---------------------------------------------------------------------------

function writeConfig(stateDir, { port, controllerPort }) {
  const f = files(stateDir);
  fs.mkdirSync(f.dataDir, { recursive: true });
  const props = {
    // Single-node KRaft: this process is both the broker and the (only) controller.
    'process.roles': 'broker,controller',
    'node.id': NODE_ID,
    // Static quorum. Kafka 3.9's `storage format` rejects --standalone when this is set.
    'controller.quorum.voters': `${NODE_ID}@${HOST}:${controllerPort}`,
    listeners: `PLAINTEXT://${HOST}:${port},CONTROLLER://${HOST}:${controllerPort}`,
    'advertised.listeners': `PLAINTEXT://${HOST}:${port}`,
    'controller.listener.names': 'CONTROLLER',
    'inter.broker.listener.name': 'PLAINTEXT',
    'listener.security.protocol.map': 'PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT',
    'log.dirs': f.dataDir,
    // One broker: every replication factor / ISR must be 1.
    'offsets.topic.replication.factor': 1,
    'transaction.state.log.replication.factor': 1,
    'transaction.state.log.min.isr': 1,
    'min.insync.replicas': 1,
    // Fewer internal partitions: faster first consumer-group join and faster start/stop.
    'offsets.topic.num.partitions': 1,
    'transaction.state.log.num.partitions': 1,
    'num.partitions': 1,
    // Topics must be created explicitly, as in production.
    'auto.create.topics.enable': false,
    // Consumer groups start consuming immediately instead of after 3 s.
    'group.initial.rebalance.delay.ms': 0,
    'num.network.threads': 2,
    'num.io.threads': 4,
  };
  const lines = Object.entries(props).map(([key, value]) => `${key}=${value}`);
  fs.writeFileSync(f.serverProps, `# Generated by infra/kafka/kafka.mjs; rewritten on every start.\n${lines.join('\n')}\n`);

  // WARN and above only (plus the one "Kafka Server started" line), to stdout,
  // which the spawn below redirects into kafka.log.
  fs.writeFileSync(
    f.log4jProps,
    [
      'log4j.rootLogger=WARN, stdout',
      'log4j.appender.stdout=org.apache.log4j.ConsoleAppender',
      'log4j.appender.stdout.layout=org.apache.log4j.PatternLayout',
      'log4j.appender.stdout.layout.ConversionPattern=[%d] %p %m (%c)%n',
      'log4j.logger.kafka.server.KafkaRaftServer=INFO',
      '',
    ].join('\n'),
  );
}

// A KRaft cluster id is a 16-byte UUID in unpadded base64url (22 chars), the same
// as `kafka-storage random-uuid`, but without paying for a JVM start. Like Kafka's
// Uuid.randomUuid() we avoid a leading '-' (it looks like a CLI flag).
function randomClusterId() {
  for (;;) {
    const id = crypto.randomBytes(16).toString('base64url');
    if (!id.startsWith('-')) return id;
  }
}

function javaBin() {
  return process.env.JAVA_HOME ? path.join(process.env.JAVA_HOME, 'bin', 'java') : 'java';
}

function log4jArg(stateDir) {
  return `-Dlog4j.configuration=${pathToFileURL(files(stateDir).log4jProps).href}`;
}

async function formatStorage(stateDir, libs) {
  const f = files(stateDir);
  const clusterId = randomClusterId();
  const args = [log4jArg(stateDir), '-cp', path.join(libs, '*'), 'kafka.tools.StorageTool', 'format', '-t', clusterId, '-c', f.serverProps];
  const result = await run(javaBin(), args, { stdio: ['ignore', 'pipe', 'pipe'] }).catch((error) => {
    throw new Error(`Cannot run ${javaBin()} (Java 17+ on PATH or JAVA_HOME needed): ${error.message}`);
  });
  if (result.code !== 0) throw new Error(`Formatting KRaft storage failed (exit ${result.code ?? result.signal}):\n${result.output}`);
  log(`Formatted ${f.dataDir} (cluster id ${clusterId}).`);
}

// ---------------------------------------------------------------------------
// Processes
// ---------------------------------------------------------------------------

function readJson(file) {
  try {
    return JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch {
    return null;
  }
}

function readPid(stateDir) {
  const f = files(stateDir);
  let pid = NaN;
  try {
    pid = Number.parseInt(fs.readFileSync(f.pid, 'utf8').trim(), 10);
  } catch {
    // no pid file: fall back to broker.json
  }
  return Number.isInteger(pid) && pid > 0 ? pid : (readJson(f.info)?.pid ?? null);
}

function removeRunFiles(stateDir) {
  const f = files(stateDir);
  fs.rmSync(f.pid, { force: true });
  fs.rmSync(f.info, { force: true });
}

function isAlive(pid) {
  try {
    process.kill(pid, 0);
  } catch (error) {
    return error.code === 'EPERM';
  }
  // A zombie (exited, not yet reaped by its parent) still answers kill(0).
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3) !== 'Z';
  } catch {
    return true; // no /proc (macOS): trust kill(0)
  }
}

// Is `pid` the broker of this state dir? Guards against a stale pid file whose
// pid has since been reused by an unrelated process.
function isOurBroker(pid, stateDir) {
  if (!pid || !isAlive(pid)) return false;
  try {
    const cmdline = fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0');
    return cmdline.includes('kafka.Kafka') && cmdline.includes(files(stateDir).serverProps);
  } catch {
    return true; // no /proc: trust the pid file
  }
}

// process.kill, but a process that is already gone is fine.
function signal(pid, name) {
  try {
    process.kill(pid, name);
  } catch (error) {
    if (error.code !== 'ESRCH') throw error;
  }
}

async function waitForExit(pid, timeoutMs) {
  const deadline = Date.now() + timeoutMs;
  while (isAlive(pid)) {
    if (Date.now() > deadline) return false;
    await sleep(100);
  }
  return true;
}

// The part of kafka.log written since the last start, last `lines` lines.
function logTail(stateDir, lines = 60) {
  try {
    const text = fs.readFileSync(files(stateDir).log, 'utf8');
    const sinceStart = text.slice(Math.max(0, text.lastIndexOf('\n===== ')));
    return sinceStart.trimEnd().split('\n').slice(-lines).join('\n');
  } catch {
    return '(no log file)';
  }
}

// ---------------------------------------------------------------------------
// Readiness
// ---------------------------------------------------------------------------

/**
 * One readiness check: the broker answers metadata requests, is registered and
 * unfenced, and the controller accepts a (validate-only) topic creation, i.e.
 * it can place a replica on this broker. Nothing is created.
 */
async function probe(brokers, { timeoutMs = 3000 } = {}) {
  const kafka = new Kafka({
    clientId: 'policy-ledger-kafka-probe',
    brokers: [brokers],
    logLevel: logLevel.NOTHING, // a refused connection while starting is expected, not news
    connectionTimeout: 1000,
    requestTimeout: timeoutMs,
    retry: { retries: 0 },
  });
  const admin = kafka.admin({ retry: { retries: 0 } });
  try {
    await admin.connect();
    const cluster = await admin.describeCluster();
    if (!cluster.brokers.some((b) => b.nodeId === NODE_ID)) throw new Error('broker not registered yet');
    await admin.createTopics({
      validateOnly: true,
      waitForLeaders: false,
      timeout: timeoutMs,
      topics: [{ topic: PROBE_TOPIC, numPartitions: 1, replicationFactor: 1 }],
    });
    return { ok: true, clusterId: cluster.clusterId };
  } catch (error) {
    return { ok: false, error: error?.message ?? String(error) };
  } finally {
    await admin.disconnect().catch(() => {});
  }
}

// A fresh (or restarted) broker sets up internal state lazily: the first consumer
// group makes it create (or load) __consumer_offsets, the first idempotent producer
// makes it fetch a producer-id block from the controller. Until then clients get
// retriable COORDINATOR_NOT_AVAILABLE / COORDINATOR_LOAD_IN_PROGRESS errors, which
// kafkajs retries but logs at ERROR level. Doing both once here keeps test logs
// clean and the first test fast. Best effort: the broker is already serving.
async function warmUp(brokers) {
  const kafka = new Kafka({
    clientId: 'policy-ledger-kafka-warmup',
    brokers: [brokers],
    logLevel: logLevel.NOTHING,
    retry: { retries: 20, initialRetryTime: 100, maxRetryTime: 1000 },
  });
  const admin = kafka.admin();
  const producer = kafka.producer({ idempotent: true, maxInFlightRequests: 1 });
  try {
    await admin.connect();
    await admin.describeGroups(['policy-ledger-warmup']);
    await producer.connect();
  } catch (error) {
    log(`Warm-up incomplete (clients will retry): ${error?.message ?? error}`);
  } finally {
    await producer.disconnect().catch(() => {});
    await admin.disconnect().catch(() => {});
  }
}

// Polls `probe` until it succeeds, the process dies, or the deadline passes.
async function waitUntilReady({ stateDir, brokers, pid, timeoutMs }) {
  const started = Date.now();
  const deadline = started + timeoutMs;
  let lastError = '';
  let lastReport = started;
  for (;;) {
    if (!isAlive(pid)) {
      throw new Error(`Kafka (pid ${pid}) exited during startup. Tail of ${files(stateDir).log}:\n${logTail(stateDir)}`);
    }
    const result = await probe(brokers);
    if (result.ok) return result;
    lastError = result.error;
    if (Date.now() > deadline) {
      throw new Error(
        `Kafka at ${brokers} not ready after ${timeoutMs} ms (last error: ${lastError}). ` +
          `Tail of ${files(stateDir).log}:\n${logTail(stateDir)}`,
      );
    }
    if (Date.now() - lastReport > 10_000) {
      lastReport = Date.now();
      log(`Still waiting for ${brokers} (${Math.round((lastReport - started) / 1000)} s): ${lastError}`);
    }
    await sleep(200);
  }
}

// Serialises `start` per state dir. Two concurrent starts (two terminals, a test
// restarting the broker while a script starts it) would otherwise both launch a
// broker on the same data dir; with the lock the second one waits and then
// reuses the first one's broker. A lock left by a killed `start` is taken over.
async function withStartLock(stateDir, timeoutMs, fn) {
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
    let holder = NaN;
    let ageMs = 0;
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

// ---------------------------------------------------------------------------
// Public API
// ---------------------------------------------------------------------------

function handle(info, stateDir, reused) {
  return { ...info, stateDir, reused, stop: () => stopKafka({ stateDir }) };
}

/**
 * Starts (or reuses) the broker of `stateDir` and resolves once it serves requests.
 *
 * - A broker already running for this state dir is reused (not started twice).
 * - An already formatted state dir keeps its data; it is never reformatted.
 * - `port`: broker port to use, e.g. to restart on the same port after stopKafka().
 *   Default: the port this state dir used last time if still free, else a free one.
 * - `fresh`: stop any broker of this state dir and wipe it first.
 *
 * @returns {Promise<{brokers: string, port: number, controllerPort: number, pid: number,
 *   startedAt: string, stateDir: string, reused: boolean, stop: () => Promise<{stopped: boolean}>}>}
 */
export async function startKafka({
  stateDir = defaultStateDir(),
  port,
  fresh = false,
  timeoutMs = envInt('POLICY_KAFKA_START_TIMEOUT_MS', 90_000),
  libs = defaultLibsDir(),
} = {}) {
  fs.mkdirSync(stateDir, { recursive: true });
  stateDir = canonicalDir(stateDir);
  return withStartLock(stateDir, timeoutMs, () => startLocked({ stateDir, port, fresh, timeoutMs, libs }));
}

async function startLocked({ stateDir, port, fresh, timeoutMs, libs }) {
  const f = files(stateDir);

  if (fresh) {
    await stopKafka({ stateDir });
    for (const entry of fs.readdirSync(stateDir)) {
      const file = path.join(stateDir, entry);
      if (file !== f.lock) fs.rmSync(file, { recursive: true, force: true });
    }
  }

  // Reuse a broker this state dir is already running. If it was just started
  // by someone else and is still booting, this waits for it as well.
  const running = readJson(f.info);
  if (running && isOurBroker(running.pid, stateDir)) {
    if (port && port !== running.port) {
      throw new Error(`A broker for ${stateDir} already runs on port ${running.port}, not ${port}; stop it first.`);
    }
    log(`Reusing running broker pid ${running.pid} at ${running.brokers}.`);
    await waitUntilReady({ stateDir, brokers: running.brokers, pid: running.pid, timeoutMs });
    return handle(running, stateDir, true);
  }
  removeRunFiles(stateDir); // stale files from a broker that is gone

  libs = await ensureKafkaJars({ libs });

  const previous = previousPorts(stateDir);
  if (port) {
    if (!(await isPortFree(port))) throw new Error(`Port ${HOST}:${port} is already in use.`);
  } else if (previous && (await isPortFree(previous.port))) {
    port = previous.port;
  } else {
    port = await pickFreePort();
  }
  // The controller port only matters inside this process; keep it if we can.
  const controllerPort =
    previous && previous.controllerPort !== port && (await isPortFree(previous.controllerPort))
      ? previous.controllerPort
      : await pickFreePort([port]);

  writeConfig(stateDir, { port, controllerPort });
  if (!fs.existsSync(f.meta)) await formatStorage(stateDir, libs);

  const brokers = `${HOST}:${port}`;
  log(`Starting Kafka ${KAFKA_VERSION} at ${brokers} (state ${stateDir}, log ${f.log})...`);
  const startedAt = new Date().toISOString();
  const logFd = fs.openSync(f.log, 'a');
  fs.writeSync(logFd, `\n===== ${startedAt} starting Kafka ${KAFKA_VERSION} at ${brokers} =====\n`);
  const child = spawn(
    javaBin(),
    [...JVM_OPTS, log4jArg(stateDir), `-Dkafka.logs.dir=${stateDir}`, '-cp', path.join(libs, '*'), 'kafka.Kafka', f.serverProps],
    // Detached, in its own process group, output to a file: the broker outlives
    // this script (`npm run kafka:start` returns) and owns no pipe to us.
    { cwd: stateDir, detached: true, stdio: ['ignore', logFd, logFd] },
  );
  fs.closeSync(logFd);
  await new Promise((resolve, reject) => {
    child.once('spawn', resolve);
    child.once('error', (error) => reject(new Error(`Cannot run ${javaBin()} (Java 17+ on PATH or JAVA_HOME needed): ${error.message}`)));
  });
  child.unref();

  const info = { pid: child.pid, brokers, port, controllerPort, startedAt, kafkaVersion: KAFKA_VERSION };
  fs.writeFileSync(f.pid, `${child.pid}\n`);
  fs.writeFileSync(f.info, `${JSON.stringify(info, null, 2)}\n`);

  try {
    await waitUntilReady({ stateDir, brokers, pid: child.pid, timeoutMs });
  } catch (error) {
    // Leave nothing half-started behind.
    signal(child.pid, 'SIGKILL');
    await waitForExit(child.pid, 5_000);
    removeRunFiles(stateDir);
    throw error;
  }
  const servingAt = Date.now();
  await warmUp(brokers);
  const seconds = (from, to) => ((to - from) / 1000).toFixed(1);
  log(
    `Kafka ready at ${brokers} (pid ${child.pid}; serving after ${seconds(Date.parse(startedAt), servingAt)} s, ` +
      `warm-up ${seconds(servingAt, Date.now())} s).`,
  );
  return handle(info, stateDir, false);
}

/**
 * Stops the broker of `stateDir`: SIGTERM (controlled shutdown, data flushed),
 * SIGKILL if it has not exited by the deadline. Resolves {stopped: false} if
 * nothing was running.
 */
export async function stopKafka({ stateDir = defaultStateDir(), timeoutMs = envInt('POLICY_KAFKA_STOP_TIMEOUT_MS', 30_000) } = {}) {
  stateDir = canonicalDir(stateDir);
  if (!fs.existsSync(stateDir)) return { stopped: false };
  const pid = readPid(stateDir);
  if (!isOurBroker(pid, stateDir)) {
    removeRunFiles(stateDir);
    return { stopped: false };
  }
  log(`Stopping Kafka pid ${pid}...`);
  const started = Date.now();
  signal(pid, 'SIGTERM');
  if (!(await waitForExit(pid, timeoutMs))) {
    log(`Kafka pid ${pid} still running after ${timeoutMs} ms; sending SIGKILL.`);
    signal(pid, 'SIGKILL');
    if (!(await waitForExit(pid, 10_000))) throw new Error(`Kafka pid ${pid} survived SIGKILL`);
  }
  removeRunFiles(stateDir);
  log(`Kafka stopped (${((Date.now() - started) / 1000).toFixed(1)} s).`);
  return { stopped: true };
}

/** broker.json of `stateDir` if its broker is running and answers, else null. */
export async function kafkaStatus({ stateDir = defaultStateDir() } = {}) {
  stateDir = canonicalDir(stateDir);
  const info = readJson(files(stateDir).info);
  if (!info || !isOurBroker(info.pid, stateDir)) return null;
  const result = await probe(info.brokers);
  return result.ok ? info : null;
}

// ---------------------------------------------------------------------------
// CLI
// ---------------------------------------------------------------------------

async function main(argv) {
  const { positionals, values } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      'state-dir': { type: 'string' },
      port: { type: 'string' },
      fresh: { type: 'boolean', default: false },
    },
  });
  const command = positionals[0];
  const stateDir = values['state-dir'] ?? defaultStateDir();

  switch (command) {
    case 'start': {
      const port = values.port === undefined ? undefined : Number(values.port);
      if (port !== undefined && !(Number.isInteger(port) && port > 0 && port < 65536)) {
        throw new Error(`--port must be a TCP port number, not '${values.port}'`);
      }
      const kafka = await startKafka({ stateDir, port, fresh: values.fresh });
      process.stdout.write(`KAFKA_BROKERS=${kafka.brokers}\n`);
      return 0;
    }
    case 'stop': {
      const { stopped } = await stopKafka({ stateDir });
      if (!stopped) log(`No broker running for ${stateDir}.`);
      return 0;
    }
    case 'status': {
      const info = await kafkaStatus({ stateDir });
      if (!info) {
        log(`No broker answering for ${stateDir}.`);
        return 1;
      }
      process.stdout.write(`${JSON.stringify(info, null, 2)}\n`);
      return 0;
    }
    default:
      process.stderr.write('Usage: node infra/kafka/kafka.mjs <start|stop|status> [--state-dir DIR] [--port N] [--fresh]\n');
      return 2;
  }
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  main(process.argv.slice(2)).then(
    (code) => {
      process.exitCode = code;
    },
    (error) => {
      log(error?.message ?? String(error));
      process.exitCode = 1;
    },
  );
}
