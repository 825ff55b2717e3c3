// The callbacks given to page.evaluate run in the browser, so this file also knows the DOM.
/// <reference lib="dom" />
import { formatSigningKey, formatVerifierKey, parseCheckpoint, signCheckpoint, signingKeyFromSeed } from '@policy/ledger';
import { randomBytes } from 'node:crypto';
import { Browser, Page } from 'playwright-core';
import { launchBrowser, screenshot, seriousAxeFindings, signIn } from './support/browser';
import { ADMIN_KEY, client, eventually, h200, RunningService, seedHistory, startService } from './support/service';

/** The service signs with a key the spec holds, so the spec can forge a well-signed fork; a key is named for its log. */
const ORIGIN = 'console-proof.test/log';
const SIGNING_KEY = signingKeyFromSeed(ORIGIN, randomBytes(32));
const H200_AT_DECEMBER_9 = '/rules/us-h200-cn-2025?asOf=2025-12-09T00:00:00.000Z';

describe('The console proves in Chromium what is on screen', () => {
  let service: RunningService;
  let api: ReturnType<typeof client>;
  let browser: Browser;
  let page: Page;
  const ui = (path: string) => `${service.url}/ui${path}`;
  const checkpoint = async (): Promise<string> => (await api.get('/ledger/checkpoint')).body as string;
  /** Waits for a signed checkpoint over the whole log as it stands: a receipt given now is then covered. */
  const checkpointOverHead = async () => {
    const size: number = (await api.get('/health')).body.components.store.headPosition;
    return eventually(async () => {
      const note = await checkpoint();
      return parseCheckpoint(note.slice(0, note.indexOf('\n\n') + 1)).size >= size ? note : undefined;
    }, `a checkpoint over ${size} events`);
  };
  const step = (id: string) => page.getByTestId(`proof-${id}`);
  const verifyOnScreen = async () => {
    await page.getByRole('button', { name: 'Verify in this browser' }).click();
    await page.getByTestId('proof-result').waitFor();
  };

  beforeAll(async () => {
    service = await startService({ env: { POLICY_LEDGER_ORIGIN: ORIGIN, POLICY_LEDGER_SIGNING_KEY: formatSigningKey(SIGNING_KEY) } });
    api = client(service.url);
    expect(seedHistory(service.url).stdout).toContain('seeded 17 events on 10 rules');
    browser = await launchBrowser();
    page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    await signIn(page, service.url, ADMIN_KEY);
  });
  afterAll(async () => {
    await browser?.close();
    await service?.stop();
  });
  afterEach(async () => page?.unrouteAll({ behavior: 'wait' }));

  it("verifies the receipt of a rule's state: signature, the entry's leaf hash, and its audit path to the signed root", async () => {
    await checkpointOverHead();
    await page.goto(ui(H200_AT_DECEMBER_9));
    await page
      .getByTestId('proof-panel')
      .getByText(/rests on the event at log position/)
      .waitFor();
    await verifyOnScreen();

    await expect(page.getByTestId('proof-result').textContent()).resolves.toContain('Verified in this browser');
    for (const id of ['checkpoint', 'entry', 'inclusion', 'consistency'])
      await expect(step(id).getAttribute('data-ok')).resolves.toBe('true');
    await expect(page.getByTestId('proof-result').textContent()).resolves.toContain("checked with the service's own key");
    await expect(step('checkpoint').textContent()).resolves.toContain(formatVerifierKey(SIGNING_KEY).split('+').slice(0, 2).join('+'));
    await expect(step('entry').textContent()).resolves.toMatch(/hashes to the receipt's leaf hash/);
    expect(await seriousAxeFindings(page)).toEqual([]);
    await screenshot(page, 'rule-proof');
  });

  it('shows that the log only grew between the receipt and a newer checkpoint', async () => {
    await checkpointOverHead();
    await page.goto(ui(H200_AT_DECEMBER_9));
    await page
      .getByTestId('proof-panel')
      .getByText(/rests on the event/)
      .waitFor();
    expect((await api.post('/rules', h200('console-proof-later', '2026-02-01'))).status).toBe(201);
    await checkpointOverHead();
    await verifyOnScreen();

    await expect(step('consistency').getAttribute('data-ok')).resolves.toBe('true');
    await expect(step('consistency').textContent()).resolves.toMatch(/extends the receipt's \d+: nothing before was rewritten/);
    await expect(page.getByTestId('proof-result').textContent()).resolves.toContain('Verified in this browser');
  });

  it('refuses an entry edited on the way: its leaf hash is not the receipt’s', async () => {
    await checkpointOverHead();
    await page.route('**/ledger/entries?*', async (route) => {
      const answer = await (await route.fetch()).json();
      answer.entries[0].entry = answer.entries[0].entry.replace('"revision":', '"revision": ');
      await route.fulfill({ json: answer });
    });
    await page.goto(ui(H200_AT_DECEMBER_9));
    await verifyOnScreen();

    await expect(step('entry').getAttribute('data-ok')).resolves.toBe('false');
    await expect(step('inclusion').getAttribute('data-ok')).resolves.toBe('false');
    await expect(page.getByTestId('proof-result').textContent()).resolves.toMatch(/^Not verified: Leaf \d+: its entry hashes to/);
  });

  it('refuses a checkpoint whose root was changed after signing, and one checked with another key', async () => {
    await checkpointOverHead();
    await page.route('**/ledger/checkpoint', async (route) => {
      const lines = (await (await route.fetch()).text()).split('\n');
      const root = Buffer.from(lines[2]!, 'base64');
      root[0]! ^= 1;
      lines[2] = root.toString('base64');
      await route.fulfill({ body: lines.join('\n'), contentType: 'text/plain' });
    });
    await page.goto(ui(H200_AT_DECEMBER_9));
    await verifyOnScreen();
    await expect(step('checkpoint').getAttribute('data-ok')).resolves.toBe('false');
    await expect(page.getByTestId('proof-result').textContent()).resolves.toMatch(/does not verify/);

    await page.unrouteAll({ behavior: 'wait' });
    const stranger = signingKeyFromSeed(ORIGIN, randomBytes(32));
    await page.getByLabel(/Verifier key you hold/).fill(formatVerifierKey(stranger));
    await verifyOnScreen();
    await expect(page.getByTestId('proof-result').textContent()).resolves.toContain(`has no signature by ${ORIGIN}`);
  });

  it('fails a receipt the service will not prove though its checkpoint covers the event', async () => {
    await checkpointOverHead();
    await page.route('**/ledger/proofs/inclusion?*', (route) =>
      route.fulfill({ status: 404, json: { error: { code: 'not_found', message: 'no leaf at that position' } } }),
    );
    await page.goto(ui(H200_AT_DECEMBER_9));
    await verifyOnScreen();

    await expect(step('inclusion').getAttribute('data-ok')).resolves.toBe('false');
    await expect(page.getByTestId('proof-result').textContent()).resolves.toMatch(
      /^Not verified: The latest checkpoint covers the log up to position \d+, yet the service gives no inclusion proof/,
    );
  });

  it('names a split view: a well-signed checkpoint of the same size over another root', async () => {
    const note = await checkpointOverHead();
    const real = parseCheckpoint(note.slice(0, note.indexOf('\n\n') + 1));
    await page.route('**/ledger/checkpoint', (route) =>
      route.fulfill({ body: signCheckpoint({ ...real, root: randomBytes(32) }, SIGNING_KEY), contentType: 'text/plain' }),
    );
    await page.goto(ui(H200_AT_DECEMBER_9));
    await verifyOnScreen();

    await expect(step('checkpoint').getAttribute('data-ok')).resolves.toBe('true');
    await expect(step('consistency').getAttribute('data-ok')).resolves.toBe('false');
    await expect(page.getByTestId('proof-result').textContent()).resolves.toMatch(
      /^Not verified: The latest checkpoint \(\d+ leaves\) is not an extension/,
    );
  });

  it('verifies with the key the auditor pastes, and says so', async () => {
    await checkpointOverHead();
    await page.goto(ui(H200_AT_DECEMBER_9));
    await page.getByLabel(/Verifier key you hold/).fill(formatVerifierKey(SIGNING_KEY));
    await verifyOnScreen();
    const result = await page.getByTestId('proof-result').textContent();
    expect(result).toContain('Verified in this browser');
    expect(result).not.toContain("the service's own key");
  });

  it('refuses a screening answer whose receipt is of another event', async () => {
    await checkpointOverHead();
    await page.route('**/evaluations', async (route) => {
      const answer = await (await route.fetch()).json();
      // A true receipt, of the log's first event: well signed and included, but not this answer's.
      const [first] = (await api.get('/ledger/entries?from=0&limit=1')).body.entries;
      answer.receipt = { ...answer.receipt, position: first.position, leafHash: first.leafHash };
      await route.fulfill({ json: answer });
    });
    await page.goto(ui('/screening'));
    await page.locator('input[name="product-1"]').fill('H200');
    await page.locator('input[name="country-1"]').fill('CN');
    await page.getByRole('button', { name: 'Screen' }).click();
    await page.locator('article.verdict[data-line="1"]').waitFor();
    await verifyOnScreen();

    await expect(step('entry').getAttribute('data-ok')).resolves.toBe('false');
    await expect(page.getByTestId('proof-result').textContent()).resolves.toMatch(/but the answer rests on position \d+/);
  });

  it('verifies the receipt of a screening answer', async () => {
    await checkpointOverHead();
    await page.goto(ui('/screening'));
    await page.getByLabel(/In force at/).fill('2025-12-09T00:00');
    await page.locator('input[name="product-1"]').fill('H200');
    await page.locator('input[name="country-1"]').fill('CN');
    await page.getByRole('button', { name: 'Screen' }).click();
    await page.locator('article.verdict[data-line="1"]').waitFor();
    await verifyOnScreen();

    await expect(page.getByTestId('proof-result').textContent()).resolves.toContain('Verified in this browser: this answer rests on');
  });

  it('verifies the latest checkpoint, shows a saved one extended, and names a well-signed fork as no extension', async () => {
    const saved = await checkpointOverHead();
    expect((await api.post('/rules', h200('console-proof-after-save', '2026-03-01'))).status).toBe(201);
    await checkpointOverHead();
    await page.goto(ui('/proof'));
    await page.getByLabel(/A checkpoint you saved earlier/).fill(saved);
    await page.getByRole('button', { name: 'Verify the latest checkpoint' }).click();
    await page.getByTestId('saved-result').waitFor();
    await expect(page.getByTestId('latest-result').textContent()).resolves.toMatch(/The latest checkpoint verifies: \d+ leaves/);
    await expect(page.getByTestId('saved-result').getAttribute('data-ok')).resolves.toBe('true');
    await expect(page.getByTestId('verifier-key').textContent()).resolves.toBe(formatVerifierKey(SIGNING_KEY));
    await expect(page.getByTestId('latest-note').textContent()).resolves.toBe(await checkpoint());
    expect(await seriousAxeFindings(page)).toEqual([]);
    await screenshot(page, 'proof');

    // The same size and origin, signed by the service's own key, over another history.
    const real = parseCheckpoint(saved.slice(0, saved.indexOf('\n\n') + 1));
    const fork = signCheckpoint({ ...real, root: randomBytes(32) }, SIGNING_KEY);
    await page.getByLabel(/A checkpoint you saved earlier/).fill(fork);
    await page.getByRole('button', { name: 'Verify the latest checkpoint' }).click();
    await page.locator('[data-testid="saved-result"][data-ok="false"]').waitFor();
    await expect(page.getByTestId('saved-result').textContent()).resolves.toMatch(/is not an extension of the saved one/);
  });
});
