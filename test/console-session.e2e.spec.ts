import { waitFor } from '@policy/common/testing';
import { Browser } from 'playwright-core';
import { launchBrowser, signIn } from './support/browser';
import { ADMIN_KEY, RunningService, startService } from './support/service';

describe('The console: an expired session', () => {
  let service: RunningService;
  let browser: Browser;

  beforeAll(async () => {
    // Short enough to outlive within one case, long enough to sign in and load a page first.
    service = await startService({ env: { POLICY_SESSION_TTL: '3s' } });
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await service?.stop();
  });

  it('is refused once its time is up, and the page asks to sign in again', async () => {
    const page = await browser.newPage();
    await signIn(page, service.url, ADMIN_KEY);
    await page.locator('main h1').filter({ hasText: 'Rules at a point in time' }).waitFor();
    const session = () => page.request.get(`${service.url}/session`).then((answer) => answer.status());
    expect(await session()).toBe(200);

    await waitFor('the session to expire', async () => (await session()) === 401, { timeoutMs: 10_000, intervalMs: 250 });

    await page.getByRole('link', { name: 'Compare dates' }).click();
    await page.getByRole('link', { name: 'Rules', exact: true }).click();
    await page.getByText('Your session has ended').waitFor();
    await page.getByLabel('API key').waitFor();
  });
});
