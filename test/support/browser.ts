// The callbacks given to page.evaluate run in the browser, so this file also knows the DOM.
/// <reference lib="dom" />
import axe from 'axe-core';
import { existsSync, mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { Browser, BrowserContext, chromium, Page } from 'playwright-core';

/** Debian's Chromium (`apt-get install chromium`; `.ci/run` installs it): never a browser download. */
export const CHROMIUM = process.env.POLICY_CHROMIUM ?? '/usr/bin/chromium';
/** Screenshots of every page go here (gitignored); three are copied by hand to docs/images. */
export const SCREENSHOTS = resolve(__dirname, '../../test-output/console');

export const launchBrowser = async (): Promise<Browser> => {
  if (!existsSync(CHROMIUM))
    throw new Error(`${CHROMIUM} is missing: install Chromium ("apt-get install -y chromium") or set POLICY_CHROMIUM`);
  return chromium.launch({
    executablePath: CHROMIUM,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'],
  });
};

export const signIn = async (page: Page, url: string, key: string): Promise<void> => {
  await page.goto(`${url}/ui/`);
  await page.getByLabel('API key').fill(key);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('button', { name: 'Sign out' }).waitFor();
};

/**
 * Makes a context's pages run their effects late, as a loaded machine does: Preact runs effects
 * after the next animation frame or, failing one, after a 100 ms timer; here no frame comes and
 * that timer waits `delayMs`. Code that reads state only in an effect then shows its races.
 */
export const holdBackEffects = async (context: BrowserContext, delayMs: number): Promise<void> => {
  await context.addInitScript((delay) => {
    const setTimer = window.setTimeout.bind(window);
    window.requestAnimationFrame = () => 0;
    window.setTimeout = ((handler: TimerHandler, ms?: number, ...args: unknown[]) =>
      setTimer(handler, ms === 100 ? delay : ms, ...args)) as typeof window.setTimeout;
  }, delayMs);
};

export const screenshot = async (page: Page, name: string): Promise<void> => {
  mkdirSync(SCREENSHOTS, { recursive: true });
  await page.screenshot({ path: join(SCREENSHOTS, `${name}.png`), fullPage: true });
};

export interface AxeFinding {
  readonly id: string;
  readonly impact: string | null | undefined;
  readonly help: string;
  readonly targets: string[];
}

/**
 * axe-core, injected into the page as it stands, and its serious or critical findings. Run
 * through `evaluate` (not a script tag), so the page's own Content-Security-Policy stays on.
 */
export const seriousAxeFindings = async (page: Page): Promise<AxeFinding[]> => {
  await page.evaluate(axe.source);
  const violations = await page.evaluate(async () => {
    const results = await (window as unknown as { axe: typeof axe }).axe.run(document, { resultTypes: ['violations'] });
    return results.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help, targets: v.nodes.map((n) => String(n.target)) }));
  });
  return violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
};
