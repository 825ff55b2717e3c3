// Small helpers every part of the launcher uses: progress on stderr (stdout is reserved
// for KAFKA_BROKERS=), positive-integer env settings, a captured child run, a JSON read.
import { spawn } from 'node:child_process';
import fs from 'node:fs';

export function log(message) {
  process.stderr.write(`[kafka] ${message}\n`);
}

export function envInt(name, fallback) {
  const value = Number.parseInt(process.env[name] ?? '', 10);
  return Number.isFinite(value) && value > 0 ? value : fallback;
}

export function run(command, args, options = {}) {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, options);
    let output = '';
    child.stdout?.on('data', (chunk) => (output += chunk));
    child.stderr?.on('data', (chunk) => (output += chunk));
    child.once('error', reject);
    child.once('close', (code, signal) => resolve({ code, signal, output }));
  });
}

export function readJson(file) {
  try {
    return JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch {
    return null;
  }
}
