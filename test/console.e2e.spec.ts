// The callbacks given to page.evaluate run in the browser, so this file also knows the DOM.
/// <reference lib="dom" />
import { Browser, BrowserContext, Page } from 'playwright-core';
import { holdBackEffects, launchBrowser, screenshot, seriousAxeFindings, signIn } from './support/browser';
import { ADMIN_KEY, client, h200, RunningService, seedHistory, startService } from './support/service';

/** The seeded rules approved and in force for China on 9 December 2025, as everything recorded knows it. */
const IN_FORCE_FOR_CN_ON_2025_12_09 = [
  'cn-h20-import-halt-2025',
  'us-advanced-ai-chips-cn-2022',
  'us-blackwell-rubin-cn-ban-2025',
  'us-h200-cn-2025',
];

describe('The console in Chromium, on the seeded history', () => {
  let service: RunningService;
  let api: ReturnType<typeof client>;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  const ui = (path: string) => `${service.url}/ui${path}`;
  const head = async (): Promise<number> => (await api.get('/health')).body.components.store.headPosition;
  const ruleIdsOnScreen = () =>
    page.locator('table.rules tbody tr').evaluateAll((rows) => rows.map((row) => row.getAttribute('data-rule')));
  /** The rules page driven by its controls: the picker, then two filters and Apply; each lands in the URL. */
  const askForChinaOnDecember9 = async (on: Page) => {
    await on.goto(ui('/'));
    await on.getByLabel(/In force at/).fill('2025-12-09T00:00');
    await on.waitForURL(/asOf=2025-12-09/);
    await on.getByLabel('Destination (country or party)').fill('CN');
    await on.getByLabel('Status').selectOption('approved');
    await on.getByRole('button', { name: 'Apply filters' }).click();
    await on.waitForURL(/status=approved/);
  };
  const openAdmin = async (action: string, ruleId: string) => {
    await page.goto(ui('/admin'));
    await page.getByLabel('Action').selectOption(action);
    await page.getByLabel('Rule id').fill(ruleId);
    await page.getByRole('button', { name: 'Load rule' }).click();
    await page.getByTestId('on-screen-revision').waitFor();
  };

  beforeAll(async () => {
    service = await startService();
    api = client(service.url);
    expect(seedHistory(service.url).stdout).toContain('seeded 17 events on 10 rules');
    browser = await launchBrowser();
    context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    page = await context.newPage();
  });
  afterAll(async () => {
    await browser?.close();
    await service?.stop();
  });

  it('signs in with a key it keeps nowhere: an HttpOnly, SameSite=Strict session cookie, no key in the URL or storage', async () => {
    await page.goto(ui('/'));
    await screenshot(page, 'sign-in');
    expect(await seriousAxeFindings(page)).toEqual([]);

    await signIn(page, service.url, ADMIN_KEY);

    const cookies = await context.cookies();
    expect(cookies).toEqual([expect.objectContaining({ name: 'policy_session', httpOnly: true, sameSite: 'Strict', secure: false })]);
    expect(cookies[0].value).not.toContain(ADMIN_KEY);
    expect(page.url()).not.toContain(ADMIN_KEY);
    const stored = await page.evaluate(() => JSON.stringify({ ...localStorage }) + JSON.stringify({ ...sessionStorage }) + document.cookie);
    expect(stored).toBe('{}{}');
  });

  it("answers the README's audit questions on screen, both clocks shown and kept in the URL", async () => {
    await page.goto(ui('/?asOf=2025-04-15T00:00:00.000Z&product=H20'));
    await page.locator('tr[data-rule="us-h20-cn-restriction-2025"]').waitFor();
    expect(await ruleIdsOnScreen()).toEqual(['us-h20-cn-restriction-2025']);
    await expect(page.locator('tr[data-rule="us-h20-cn-restriction-2025"] .badge').textContent()).resolves.toBe('paused');

    // The same page driven by its controls: the pickers and filters land in the URL.
    await askForChinaOnDecember9(page);
    expect(new URL(page.url()).searchParams.get('asOf')).toBe('2025-12-09T00:00:00.000Z');
    await page.getByTestId('answer-clocks').filter({ hasText: '2025-12-09 00:00 UTC+00:00' }).waitFor();
    await page.locator('tr[data-rule="us-h200-cn-2025"]').waitFor();
    expect((await ruleIdsOnScreen()).sort()).toEqual(IN_FORCE_FOR_CN_ON_2025_12_09);
    await expect(page.getByTestId('answer-clocks').textContent()).resolves.toContain('everything recorded');
    await screenshot(page, 'rules');

    // Pages: a next page holds the rules after the last one shown, and the first page comes back.
    await page.goto(ui('/?limit=5'));
    await page.locator('table.rules tbody tr').nth(4).waitFor();
    const first = await ruleIdsOnScreen();
    await page.getByRole('link', { name: 'Next page' }).click();
    await page.waitForURL(/after=/);
    await page.locator(`tr[data-rule="${first[0]}"]`).waitFor({ state: 'detached' });
    // The table leaves while the next page loads and comes back holding it.
    await page.locator('table.rules tbody tr').first().waitFor();
    const second = await ruleIdsOnScreen();
    expect(first).toHaveLength(5);
    expect(second.length).toBeGreaterThan(0);
    expect(second.filter((id) => first.includes(id))).toEqual([]);
    await page.getByRole('link', { name: 'First page' }).click();
    await page.locator(`tr[data-rule="${first[0]}"]`).waitFor();

    await page.goto(ui('/?destination=humain'));
    await page.locator('tr[data-rule="us-blackwell-humain-g42-2025"]').waitFor();
    expect(await ruleIdsOnScreen()).toEqual(['us-blackwell-humain-g42-2025']);

    // The second clock: before the seed recorded anything, the ledger knew nothing of the H200 rule.
    await page.goto(ui('/rules/us-h200-cn-2025?asOf=2025-12-09T00:00:00.000Z&knownAt=2025-12-31T00:00:00.000Z'));
    await page.getByTestId('not-known').waitFor();
  });

  it('keeps both clocks and what was typed when the controls are used before the page has settled', async () => {
    // A loaded machine runs the page's effects late; here they run 1.5 s after each render, and
    // the pickers, the filters and the answer shown must still agree with the URL.
    const slow = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    try {
      await holdBackEffects(slow, 1500);
      const slowPage = await slow.newPage();
      await signIn(slowPage, service.url, ADMIN_KEY);
      await askForChinaOnDecember9(slowPage);
      const view = new URL(slowPage.url()).searchParams;
      expect([view.get('asOf'), view.get('destination'), view.get('status')]).toEqual(['2025-12-09T00:00:00.000Z', 'CN', 'approved']);
      await slowPage.getByTestId('answer-clocks').filter({ hasText: '2025-12-09 00:00 UTC+00:00' }).waitFor();
      const shown = await slowPage.locator('table.rules tbody tr').evaluateAll((rows) => rows.map((row) => row.getAttribute('data-rule')));
      expect(shown.sort()).toEqual(IN_FORCE_FOR_CN_ON_2025_12_09);
    } finally {
      await slow.close();
    }
  });

  it('draws a late recording visibly late on the chart, and the replay of the log agrees with the read model', async () => {
    await page.goto(ui('/rules/us-h200-cn-2025?asOf=2025-12-09T00:00:00.000Z'));
    await page.getByTestId('bitemporal-chart').waitFor();

    await expect(page.locator('[data-late-revision]').count()).resolves.toBe(3);
    await expect(page.getByTestId('late-recording').first().textContent()).resolves.toMatch(
      /revision 0 \(RuleProposed\) was recorded \d+ days after/,
    );
    await expect(page.getByTestId('rule-state').textContent()).resolves.toContain('25 % of sales');
    await expect(page.locator('table.events tbody tr').count()).resolves.toBe(3);
    await page.getByRole('link', { name: /Trump says Nvidia can sell H200/ }).waitFor();

    await page.getByRole('button', { name: 'Check against the log' }).click();
    await expect(page.getByTestId('check-result').textContent()).resolves.toContain('agrees with the read model');
    await screenshot(page, 'rule');
  });

  it('compares December 2025: each change before and after, the changed fields marked', async () => {
    await page.goto(ui('/compare'));
    await page.getByLabel('From (before)').fill('2025-12-01T00:00');
    await page.waitForURL(/from=/);
    await page.getByLabel('To (after)').fill('2025-12-31T00:00');
    const h200Change = page.locator('article.change[data-rule="us-h200-cn-2025"]');
    await h200Change.waitFor();

    await expect(page.locator('article.change').count()).resolves.toBe(6);
    const status = h200Change.locator('tr[data-field="status"]');
    await expect(status.getAttribute('data-changed')).resolves.toBe('true');
    await expect(status.locator('td').allTextContents()).resolves.toEqual(['proposed', 'approved']);
    await expect(h200Change.locator('tr[data-field="destinations"]').getAttribute('data-changed')).resolves.toBe('false');
    await expect(page.locator('article.change[data-rule="us-safe-chips-act"] .badge.new').count()).resolves.toBe(1);
    await screenshot(page, 'compare');
  });

  it('screens several lines: each verdict with the rules that decided it and the pending ones', async () => {
    await page.goto(ui('/screening'));
    await page.getByLabel(/In force at/).fill('2025-12-09T00:00');
    await page.locator('input[name="product-1"]').fill('B200');
    await page.locator('input[name="country-1"]').fill('CN');
    await page.getByRole('button', { name: 'Add a line' }).click();
    await page.locator('input[name="product-2"]').fill('H200');
    await page.locator('input[name="country-2"]').fill('CN');
    await page.getByRole('button', { name: 'Screen' }).click();

    const b200 = page.locator('article.verdict[data-line="1"]');
    const h200Line = page.locator('article.verdict[data-line="2"]');
    await b200.waitFor();
    await expect(b200.getAttribute('data-verdict')).resolves.toBe('denied');
    await expect(b200.textContent()).resolves.toContain('us-blackwell-rubin-cn-ban-2025');
    await expect(h200Line.getAttribute('data-verdict')).resolves.toBe('allowed-with-conditions');
    await expect(h200Line.textContent()).resolves.toContain('25 % of sales paid to the US government');
    await expect(h200Line.textContent()).resolves.toMatch(/Pending[\s\S]*cn-h200-purchase-approval-draft-2025[\s\S]*us-safe-chips-act/);
    await screenshot(page, 'screening');
  });

  it('records an approval from the admin form that arrives in the live log and on the chart', async () => {
    const ruleId = 'console-approval';
    expect((await api.post('/rules', h200(ruleId, '2026-01-05'))).status).toBe(201);
    const live = await context.newPage();
    await live.goto(ui('/live'));
    await live.getByTestId('feed-state').filter({ hasText: 'live' }).waitFor();
    await live.locator(`li[data-rule="${ruleId}"][data-type="RuleProposed"]`).waitFor();

    await openAdmin('approve', ruleId);
    await page.getByLabel('Effective at (UTC)').fill('2026-01-12T00:00');
    await page.getByLabel('Reason (optional)').fill('approved in the console');
    await page.getByRole('button', { name: 'Record approve' }).click();
    await page.getByTestId('outcome').filter({ hasText: 'revision 1' }).waitFor();
    await screenshot(page, 'admin');

    const newest = live.locator('ol.log li').first();
    await live.locator(`li[data-rule="${ruleId}"][data-type="RuleApproved"]`).waitFor();
    await expect(newest.getAttribute('data-type')).resolves.toBe('RuleApproved');
    await screenshot(live, 'live');
    // Paused, the feed keeps receiving but holds new events back until resumed.
    await live.getByRole('button', { name: 'Pause' }).click();
    expect((await api.post(`/rules/${ruleId}/pause`, { effectiveAt: '2026-01-13' })).status).toBe(200);
    await live.getByTestId('feed-state').filter({ hasText: '1 new held back' }).waitFor();
    await expect(newest.getAttribute('data-type')).resolves.toBe('RuleApproved');
    await live.getByRole('button', { name: 'Resume' }).click();
    await live.locator('ol.log li').first().and(live.locator('[data-type="RulePaused"]')).waitFor();
    await live.close();
    await page.goto(ui(`/rules/${ruleId}`));
    await page.locator('g.version[data-status="approved"][data-revision="1"]').waitFor();
    await page.locator('g.version[data-status="paused"][data-revision="2"]').waitFor();
    await expect(page.locator('table.events tbody tr[data-type="RuleApproved"]').textContent()).resolves.toContain(
      'approved in the console',
    );
  });

  it('shows a bad form its field errors beside the fields and appends nothing', async () => {
    const before = await head();
    await openAdmin('approve', 'us-amd-intel-cn-2025');
    await page.getByRole('button', { name: 'Record approve' }).click();
    await expect(page.locator('[data-field-error="effectiveAt"]').textContent()).resolves.toBe('Invalid input');
    await expect(page.getByLabel('Effective at (UTC)').getAttribute('aria-invalid')).resolves.toBe('true');

    await page.getByLabel('Action').selectOption('propose');
    await page.getByLabel('Jurisdiction (ISO code)').fill('China');
    await page.getByRole('button', { name: 'Record propose' }).click();
    await expect(page.locator('[data-field-error="jurisdiction"]').textContent()).resolves.toContain('ISO 3166-1 alpha-2');

    expect(await head()).toBe(before);
  });

  it('refuses a stale form with the 412, says who changed the rule, and reloads the revision', async () => {
    const ruleId = 'console-stale';
    expect((await api.post('/rules', h200(ruleId, '2026-02-01'))).status).toBe(201);
    await openAdmin('approve', ruleId);
    await expect(page.getByTestId('on-screen-revision').textContent()).resolves.toContain('revision 0');
    // Someone else pauses the rule while the form is open.
    expect((await api.post(`/rules/${ruleId}/pause`, { effectiveAt: '2026-02-02' })).status).toBe(200);
    const before = await head();

    await page.getByLabel('Effective at (UTC)').fill('2026-02-03T00:00');
    await page.getByRole('button', { name: 'Record approve' }).click();

    const outcome = page.getByTestId('outcome');
    await outcome.filter({ hasText: 'RulePaused by key:env-admin' }).waitFor();
    await expect(outcome.textContent()).resolves.toContain('Nothing was recorded');
    expect(await head()).toBe(before);
    await page.getByRole('button', { name: 'Reload the rule' }).click();
    await page.getByTestId('on-screen-revision').filter({ hasText: 'revision 1' }).waitFor();
    await page.getByRole('button', { name: 'Record approve' }).click();
    await page.getByTestId('outcome').filter({ hasText: 'revision 2' }).waitFor();
  });

  it('has no serious or critical axe-core findings on any page, is usable from the keyboard and fits a phone', async () => {
    const pages = [
      '/',
      '/rules/us-h200-cn-2025',
      '/compare?from=2025-12-01T00:00:00.000Z&to=2025-12-31T00:00:00.000Z',
      '/screening',
      '/live',
      '/proof',
      '/admin',
    ];
    for (const path of pages) {
      await page.goto(ui(path));
      await page.locator('main h1').waitFor();
      await page.locator('[aria-busy="true"]').first().waitFor({ state: 'detached' });
      expect({ path, findings: await seriousAxeFindings(page) }).toEqual({ path, findings: [] });
    }

    await page.goto(ui('/'));
    await page.locator('main h1').waitFor();
    await page.keyboard.press('Tab');
    await expect(page.evaluate(() => document.activeElement?.textContent)).resolves.toBe('Skip to content');
    await page.keyboard.press('Tab');
    await expect(page.evaluate(() => document.activeElement?.textContent)).resolves.toBe('Rules');
    const outline = await page.evaluate(() => getComputedStyle(document.activeElement!).outlineStyle);
    expect(outline).toBe('solid');

    const phone = await context.newPage();
    await phone.setViewportSize({ width: 390, height: 844 });
    for (const path of ['/', '/rules/us-h200-cn-2025']) {
      await phone.goto(ui(path));
      await phone.locator('main h1').waitFor();
      expect(await phone.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    }
    await screenshot(phone, 'rule-phone');
    await phone.close();
  });

  it('signs out: back to the sign-in page, and the cookie opens nothing any more', async () => {
    await page.goto(ui('/'));
    await page.getByRole('button', { name: 'Sign out' }).click();

    await page.getByLabel('API key').waitFor();
    await expect(page.getByRole('status').textContent()).resolves.toBe('Signed out.');
    expect((await page.request.get(`${service.url}/session`)).status()).toBe(401);
    await page.goto(ui('/live'));
    await page.getByLabel('API key').waitFor();
  });
});
