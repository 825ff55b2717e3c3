// Start, stop and status of a state dir's broker: the public API (re-exported by kafka.mjs).
import fs from 'node:fs';
import path from 'node:path';
import { formatStorage, writeConfig } from './broker-config.mjs';
import { isPortFree, pickFreePort, previousPorts } from './broker-ports.mjs';
import { isOurBroker, readPid, removeRunFiles, signal, spawnBroker, waitForExit } from './broker-process.mjs';
import { probe, waitUntilReady, warmUp } from './broker-readiness.mjs';
import { ensureKafkaJars } from './kafka-jars.mjs';
import { envInt, log, readJson } from './kafka-support.mjs';
import { canonicalDir, defaultLibsDir, defaultStateDir, files, HOST, KAFKA_VERSION } from './state-layout.mjs';
import { withStartLock } from './start-lock.mjs';

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
  const info = await spawnBroker({ stateDir, libs, brokers, port, controllerPort });
  const { pid, startedAt } = info;

  try {
    await waitUntilReady({ stateDir, brokers, pid, timeoutMs });
  } catch (error) {
    // Leave nothing half-started behind.
    signal(pid, 'SIGKILL');
    await waitForExit(pid, 5_000);
    removeRunFiles(stateDir);
    throw error;
  }
  const servingAt = Date.now();
  await warmUp(brokers);
  const seconds = (from, to) => ((to - from) / 1000).toFixed(1);
  log(
    `Kafka ready at ${brokers} (pid ${pid}; serving after ${seconds(Date.parse(startedAt), servingAt)} s, ` +
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
