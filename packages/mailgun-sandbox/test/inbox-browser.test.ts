// The inbox in a real Chromium: delivery status appears on the row as the events happen,
// the message shows its events and their webhook deliveries, and the outcome form works.
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { startSandbox, type SandboxHandle } from '../src/index.js';
import { send, validFields } from './helpers.js';
import { useReceiver } from './receiver.js';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

let browser: Browser;
let page: Page;
let sandbox: SandboxHandle;

beforeAll(async () => {
  sandbox = await startSandbox();
  browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run'],
  });
  page = await (await browser.newContext({ viewport: { width: 1400, height: 900 } })).newPage();
  await page.goto(`${sandbox.url}/`);
  await vi.waitFor(async () => {
    if ((await page.getByTestId('connection').textContent()) !== 'live')
      throw new Error('not live');
  });
}, 60_000);

afterAll(async () => {
  await browser?.close();
  await sandbox?.close();
});

const row = (to: string) => page.locator(`[data-testid="message-row"][data-to="${to}"]`);

describe('inbox delivery status', () => {
  it('shows a bounce on the row and the events with their webhook deliveries', async () => {
    const receiver = await useReceiver();
    sandbox.configure({ webhooks: { permanent_fail: [receiver.url] } });

    await send(sandbox, validFields({ to: 'bounce+ui@example.com' }));

    await expect
      .poll(() => row('bounce+ui@example.com').getAttribute('data-status'))
      .toBe('permanent_fail');
    await row('bounce+ui@example.com').click();
    const events = page.getByTestId('event-row');
    await expect
      .poll(async () =>
        Promise.all((await events.all()).map((event) => event.getAttribute('data-webhook'))),
      )
      .toEqual(['accepted', 'permanent_fail']);
    await expect
      .poll(() => events.nth(1).textContent())
      .toMatch(
        /bounced · bounce\+ui@example\.com · 550 .*→ http:\/\/127\.0\.0\.1:\d+\/webhooks\/mailgun: delivered \(200\)/,
      );
  });

  it('adds an outcome rule from the fault panel and shows the complaint live', async () => {
    await page.locator('#outcome-kind').selectOption('complained');
    await page.locator('#outcome-to').fill('ann@example.com');
    await page.getByTestId('inject-outcome').click();
    await expect
      .poll(() => page.getByTestId('fault-row').first().textContent())
      .toContain('after acceptance: complaint');
    expect(sandbox.faults()[0]?.spec).toEqual({
      outcome: 'complained',
      to: 'ann@example.com',
      count: 1,
    });

    await send(sandbox, validFields({ to: 'ann@example.com' }));

    await expect.poll(() => row('ann@example.com').getAttribute('data-status')).toBe('complained');
    expect(await row('ann@example.com').getByTestId('delivery-status').textContent()).toBe(
      'complained',
    );
  });
});
