// The broker's JVM process: spawning it detached, recognising it by pid, signalling it,
// and its log.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { javaBin, log4jArg } from './broker-config.mjs';
import { readJson } from './kafka-support.mjs';
import { files, KAFKA_VERSION } from './state-layout.mjs';

const JVM_OPTS = [
  '-Xms256m',
  '-Xmx512m',
  '-XX:+UseG1GC',
  '-XX:MaxGCPauseMillis=20',
  '-XX:+ExitOnOutOfMemoryError',
  '-Djava.awt.headless=true',
];

export function readPid(stateDir) {
  const f = files(stateDir);
  let pid = NaN;
  try {
    pid = Number.parseInt(fs.readFileSync(f.pid, 'utf8').trim(), 10);
  } catch {
    // no pid file: fall back to broker.json
  }
  return Number.isInteger(pid) && pid > 0 ? pid : (readJson(f.info)?.pid ?? null);
}

export function removeRunFiles(stateDir) {
  const f = files(stateDir);
  fs.rmSync(f.pid, { force: true });
  fs.rmSync(f.info, { force: true });
}

export function isAlive(pid) {
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
export function isOurBroker(pid, stateDir) {
  if (!pid || !isAlive(pid)) return false;
  try {
    const cmdline = fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0');
    return cmdline.includes('kafka.Kafka') && cmdline.includes(files(stateDir).serverProps);
  } catch {
    return true; // no /proc: trust the pid file
  }
}

// process.kill, but a process that is already gone is fine.
export function signal(pid, name) {
  try {
    process.kill(pid, name);
  } catch (error) {
    if (error.code !== 'ESRCH') throw error;
  }
}

export async function waitForExit(pid, timeoutMs) {
  const deadline = Date.now() + timeoutMs;
  while (isAlive(pid)) {
    if (Date.now() > deadline) return false;
    await sleep(100);
  }
  return true;
}

// The part of kafka.log written since the last start, last `lines` lines.
export function logTail(stateDir, lines = 60) {
  try {
    const text = fs.readFileSync(files(stateDir).log, 'utf8');
    const sinceStart = text.slice(Math.max(0, text.lastIndexOf('\n===== ')));
    return sinceStart.trimEnd().split('\n').slice(-lines).join('\n');
  } catch {
    return '(no log file)';
  }
}

// Launches the broker of `stateDir` in the background and records its pid; does not wait
// for it to serve (see broker-readiness.mjs).
export async function spawnBroker({ stateDir, libs, brokers, port, controllerPort }) {
  const f = files(stateDir);
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
  return info;
}
