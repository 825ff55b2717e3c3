// Picking the broker's and controller's TCP ports.
import fs from 'node:fs';
import net from 'node:net';
import { files, HOST } from './state-layout.mjs';

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
export async function pickFreePort(exclude = []) {
  for (;;) {
    const server = net.createServer();
    const port = await listen(server, 0);
    await close(server);
    if (!exclude.includes(port)) return port;
  }
}

export async function isPortFree(port) {
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
export function previousPorts(stateDir) {
  try {
    const text = fs.readFileSync(files(stateDir).serverProps, 'utf8');
    const port = Number(/PLAINTEXT:\/\/[^:,\s]+:(\d+)/.exec(text)?.[1]);
    const controllerPort = Number(/CONTROLLER:\/\/[^:,\s]+:(\d+)/.exec(text)?.[1]);
    return port && controllerPort ? { port, controllerPort } : null;
  } catch {
    return null;
  }
}
