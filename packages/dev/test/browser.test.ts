// The whole system as `pnpm dev` runs it, driven through a real Chromium the
// way a person uses it: sign up, open the email in the inbox, click the link.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { freePort, randomName } from '@fluentmeet/testkit';
import { afterAll, beforeAll, describe, expect, inject, it, vi } from 'vitest';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const screenshots = fileURLToPath(new URL('../test-results/screenshots/', import.meta.url));
const runner = fileURLToPath(new URL('../dist/main.js', import.meta.url));
const scratch = mkdtempSync(join(tmpdir(), 'fluentmeet-dev-'));

let dev: ChildProcess;
let output = '';
let browser: Browser;
let context: BrowserContext;
let page: Page;
let apiUrl = '';
let inboxUrl = '';

beforeAll(async () => {
  const [apiPort, sandboxPort, healthPort] = [await freePort(), await freePort(), await freePort()];
  apiUrl = `http://localhost:${apiPort}`;
  inboxUrl = `http://localhost:${sandboxPort}/`;
  dev = spawn(process.execPath, [runner], {
    env: {
      ...process.env,
      KAFKA_BROKERS: inject('kafkaBrokers').join(','),
      API_PORT: String(apiPort),
      SANDBOX_PORT: String(sandboxPort),
      HEALTH_PORT: String(healthPort),
      EMAIL_TOPIC: randomName('email'),
      RETRY_TOPIC: randomName('retry'),
      DLQ_TOPIC: randomName('dlq'),
      SUPPRESSIONS_TOPIC: randomName('suppressions'),
      CONSUMER_GROUP: randomName('group'),
      DATABASE_PATH: join(scratch, 'dev.db'),
      MAILGUN_API_KEY: '',
      LOG_LEVEL: 'warn',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  dev.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  dev.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  await vi.waitFor(
    () => {
      if (dev.exitCode !== null) throw new Error(`pnpm dev exited early:\n${output}`);
      if (!output.includes('ready:')) throw new Error('pnpm dev is not ready yet');
    },
    { timeout: 90_000, interval: 200 },
  );

  browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
  context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  page = await context.newPage();
  mkdirSync(screenshots, { recursive: true });
}, 120_000);

afterAll(async () => {
  await browser?.close();
  if (dev !== undefined && dev.exitCode === null) {
    const exited = new Promise((resolve) => dev.once('exit', resolve));
    dev.kill('SIGTERM');
    await exited;
  }
  rmSync(scratch, { recursive: true, force: true });
});

async function post(path: string, body: unknown): Promise<Response> {
  return fetch(`${apiUrl}/api/v1/auth${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
}

/** Opens the newest email with this subject for this recipient in the inbox page. */
async function openEmail(to: string, subject: string) {
  const row = page.locator(
    `[data-testid="message-row"][data-to="${to}"][data-subject="${subject}"]`,
  );
  await row.first().waitFor({ timeout: 30_000 });
  await row.first().click();
  await expect.poll(() => page.getByTestId('detail-subject').textContent()).toBe(subject);
  return page.frameLocator('[data-testid="message-html"]');
}

/** Clicks a link inside the email; the inbox opens links in a new tab. */
async function clickLink(frame: ReturnType<Page['frameLocator']>, name: RegExp): Promise<Page> {
  const [tab] = await Promise.all([
    context.waitForEvent('page'),
    frame.getByRole('link', { name }).first().click(),
  ]);
  await tab.waitForLoadState();
  return tab;
}

describe('pnpm dev in a browser', () => {
  const email = `${randomName('ada')}@example.com`;

  it('delivers the verification email to the inbox and its link verifies the account', async () => {
    const signup = await post('/signup', {
      email,
      password: 'correct horse battery',
      full_name: 'Ada',
    });
    expect(signup.status).toBe(202);

    await page.goto(inboxUrl);
    const frame = await openEmail(email, 'Verify your FluentMeet account');
    await expect.poll(() => frame.locator('body').textContent()).toContain('Ada');
    await page.screenshot({ path: join(screenshots, 'inbox.png') });

    // The link only opens a page with one button (mail scanners fetch links too); the click confirms.
    const confirmation = await clickLink(frame, /verify/i);
    expect(confirmation.url()).toContain(`${apiUrl}/verify-email?token=`);
    await expect.poll(() => confirmation.getByRole('status').count()).toBe(0);
    await confirmation.getByRole('button', { name: 'Verify email address' }).click();
    await expect
      .poll(() => confirmation.getByRole('status').textContent())
      .toContain('is verified');
    await confirmation.screenshot({ path: join(screenshots, 'verified.png') });
    await confirmation.close();
  });

  it('a second signup with the address answers the same and mails its owner account_exists', async () => {
    const again = await post('/signup', { email, password: 'someone else entirely' });
    const fresh = await post('/signup', {
      email: `${randomName('bob')}@example.com`,
      password: 'someone else entirely',
    });
    expect(again.status).toBe(202);
    expect(await again.text()).toBe(await fresh.text());

    const frame = await openEmail(email, 'You already have a FluentMeet account');
    await expect
      .poll(() => frame.locator('body').textContent())
      .toContain('no new account was created');
    await page.screenshot({ path: join(screenshots, 'account-exists.png') });
    const form = await clickLink(frame, /reset/i);
    expect(form.url()).toContain(`${apiUrl}/reset-password?token=`);
    await expect.poll(() => form.getByLabel(/^New password/).count()).toBe(1);
    await form.close();
  });

  it('walks through a password reset and the password-changed email arrives', async () => {
    expect((await post('/forgot-password', { email })).status).toBe(202);

    const frame = await openEmail(email, 'Reset your FluentMeet password');
    await page.screenshot({ path: join(screenshots, 'email.png'), fullPage: true });

    const form = await clickLink(frame, /reset/i);
    expect(form.url()).toContain(`${apiUrl}/reset-password?token=`);
    await form.getByLabel(/^New password/).fill('a brand new passphrase');
    await form.getByLabel('Repeat the new password').fill('a brand new passphrase');
    await form.getByRole('button', { name: 'Set new password' }).click();
    await expect
      .poll(() => form.getByRole('status').textContent())
      .toContain('password has been changed');
    await form.close();

    await openEmail(email, 'Your FluentMeet password was changed');
  });

  it('wires the sandbox’s signed webhooks to the API: the email’s status is delivered', async () => {
    const listed = (await (
      await fetch(`${inboxUrl}api/messages?to=${encodeURIComponent(email)}&limit=1`)
    ).json()) as { items: { envelopeId: string }[] };
    const envelopeId = listed.items[0]!.envelopeId;
    const status = async () => {
      const res = await fetch(`${apiUrl}/api/v1/operator/emails/${envelopeId}`, {
        headers: { authorization: 'Bearer dev-operator-token-not-for-production' },
      });
      return ((await res.json()) as { status?: string }).status;
    };
    await expect.poll(status, { timeout: 15_000 }).toBe('delivered');
    await expect
      .poll(() => page.locator('[data-testid="message-row"]').first().getAttribute('data-status'))
      .toBe('delivered');
  });
});
