// The Kafka jars, resolved once by Maven into a per-version cache.
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { log, run } from './kafka-support.mjs';
import { defaultLibsDir, KAFKA_VERSION, POM } from './state-layout.mjs';

const MARKER = '.complete';

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
      throw new Error(`Maven ('${mvn}') not found. Install Maven 3.8+ or set MVN to its path.`, { cause: error });
    }
    throw error;
  }
  const jars = fs.existsSync(tmp)
    ? fs
        .readdirSync(tmp)
        .filter((f) => f.endsWith('.jar'))
        .sort()
    : [];
  if (result.code !== 0 || jars.length === 0) {
    fs.rmSync(tmp, { recursive: true, force: true });
    // ANSI colour codes (ESC [ ... m) stripped: the text goes into an error message.
    // eslint-disable-next-line no-control-regex
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
