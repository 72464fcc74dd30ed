import { afterAll, beforeAll, describe, expect, it, jest } from '@jest/globals';
import { existsSync } from 'node:fs';
import { type Browser, chromium, type Page } from 'playwright-core';
import { listenOnFreePort } from '../support/listening';
import { startTestApp, TestApp } from '../support/test-app';
import { activationLink } from '../support/users-client';

const CHROMIUM = '/usr/bin/chromium';
const hasChromium = existsSync(CHROMIUM);
if (!hasChromium) {
  console.warn(`skipped: Swagger UI browser check: no Chromium at ${CHROMIUM}`);
}
const describeInChromium = hasChromium ? describe : describe.skip;
// A step drives a real browser, and a login hashes a password: more than Jest's default 5 s can pass.
jest.setTimeout(15_000);

/** What Swagger UI pre-fills in "POST /api/v1/users" (the register example). */
const EXAMPLE_USER = { email: 'ada@example.com', password: 'correct horse battery', username: 'ada_l' };

/**
 * Swagger UI in headless Chromium, driven as a new user would: register with the pre-filled
 * example, follow the e-mailed link, Authorize with the password flow, then "Try it out" on GET /me.
 * The app is served as `npm start` serves it (configureHttpApp sets Swagger up), on a free port.
 */
describeInChromium('Swagger UI in a browser', () => {
  let app: TestApp;
  let baseUrl: string;
  let browser: Browser;
  let page: Page;
  const consoleMessages: string[] = [];

  beforeAll(async () => {
    app = await startTestApp();
    baseUrl = await listenOnFreePort(app);
    browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: ['--no-sandbox'] });
    page = await browser.newPage();
    page.setDefaultTimeout(5000);
    page.on('console', (message) => consoleMessages.push(`${message.type()}: ${message.text()}`));
    page.on('pageerror', (error) => consoleMessages.push(`pageerror: ${error.message}`));
    await page.goto(`${baseUrl}/docs`);
    await page.locator('#operations-users-usersRegister').waitFor();
  }, 20_000);
  afterAll(async () => {
    await browser?.close();
    await app?.close();
  });

  /** Opens an operation, presses "Try it out" and "Execute", and answers the status shown. */
  async function tryItOut(operation: string, beforeExecute?: (block: ReturnType<Page['locator']>) => Promise<void>) {
    const block = page.locator(`#${operation}`);
    if (!(await block.locator('.try-out__btn').isVisible())) {
      await block.locator('.opblock-summary-control').click();
    }
    await block.locator('.try-out__btn').click();
    await beforeExecute?.(block);
    await block.locator('button.execute').click();
    const status = block.locator('.live-responses-table .response .response-col_status');
    await status.waitFor();
    return {
      status: (await status.innerText()).trim(),
      body: await block.locator('.live-responses-table .microlight').first().innerText(),
    };
  }

  const openAuthorizeDialog = () => page.locator('.auth-wrapper > button.authorize').click();
  const closeAuthorizeDialog = () => page.locator('.modal-ux button.close-modal').click();
  /** The dialog's part for the password flow (it also holds the refresh-token bearer scheme). */
  const passwordFlow = () => page.locator('.modal-ux .auth-container', { hasText: 'access-token (OAuth2, password)' });

  /** Fills the Authorize dialog's password flow; answers what the dialog shows after "Authorize". */
  async function authorize(scopes: string[]): Promise<string> {
    await openAuthorizeDialog();
    const flow = passwordFlow();
    await flow.locator('#oauth_username').fill(EXAMPLE_USER.email);
    await flow.locator('#oauth_password').fill(EXAMPLE_USER.password);
    for (const scope of scopes) {
      await flow.locator(`label[for="${scope}-password-checkbox-access-token"]`).click();
    }
    await flow.getByRole('button', { name: 'Apply given OAuth2 credentials' }).click();
    await flow
      .locator('.errors')
      .or(flow.getByRole('button', { name: 'Remove authorization' }))
      .first()
      .waitFor();
    const shown = await flow.innerText();
    await closeAuthorizeDialog();
    return shown;
  }

  it('is titled "Keepem API" and describes the scopes in the Authorize dialog', async () => {
    expect(await page.title()).toBe('Keepem API');
    await openAuthorizeDialog();
    const dialog = await passwordFlow().innerText();
    expect(dialog).toContain('For administrators only');
    expect(dialog).toContain('invalid_scope');
    await closeAuthorizeDialog();
  });

  it('registers a new user with the pre-filled example (201)', async () => {
    const registered = await tryItOut('operations-users-usersRegister', async (block) => {
      const body = await block.locator('textarea.body-param__text').inputValue();
      expect(JSON.parse(body)).toEqual({ ...EXAMPLE_USER, public_name: 'Ada' });
    });
    expect(registered.status).toBe('201');
  });

  it('says why Authorize fails before the account is activated', async () => {
    const shown = await authorize(['user']);
    expect(shown).toContain('invalid_grant');
    expect(shown).toContain('not activated yet');
  });

  it('activates the account from the e-mailed link, and says why a second click does nothing', async () => {
    const link = await activationLink(app, EXAMPLE_USER.email);
    const tab = await browser.newPage();
    await tab.goto(`${baseUrl}${link.pathname}${link.search}`);
    expect(await tab.locator('h1').innerText()).toBe('Your account is active');

    const again = await tab.goto(`${baseUrl}${link.pathname}${link.search}`);
    expect(again?.status()).toBe(400);
    const page400 = await tab.locator('body').innerText();
    expect(page400).toContain('This activation link is invalid, expired or already used');
    expect(await tab.content()).not.toContain(link.searchParams.get('token'));
    await tab.close();
  });

  it('refuses the admin scope to a normal user with invalid_scope, then authorizes with user', async () => {
    const admin = await authorize(['user', 'admin']);
    expect(admin).toContain('invalid_scope');

    const user = await authorize(['user']);
    expect(user).not.toContain('Error');
    expect(user).toContain('Authorized');
  });

  it('keeps the access token in localStorage, never the password', async () => {
    const stored = await page.evaluate(() => JSON.stringify({ ...localStorage }));
    expect(stored).not.toContain(EXAMPLE_USER.password);
    const authorized = JSON.parse((await page.evaluate(() => localStorage.getItem('authorized'))) ?? '{}');
    expect(authorized['access-token'].token.access_token).toEqual(expect.any(String));
    expect(authorized['access-token'].token).not.toHaveProperty('refresh_token');
    expect(authorized['access-token']).not.toHaveProperty('password');
  });

  it('answers GET /me with the profile through "Try it out"', async () => {
    const me = await tryItOut('operations-users-meProfile');
    expect(me.status).toBe('200');
    expect(JSON.parse(me.body)).toMatchObject({ username: EXAMPLE_USER.username, email: EXAMPLE_USER.email, state: 'active' });
  });

  it('follows a deep link after a reload without a deprecation error, still authorized', async () => {
    expect(new URL(page.url()).hash).toBe('#/users/meProfile');
    await page.reload();
    await page.locator('#operations-users-meProfile .try-out__btn').waitFor();
    const me = await tryItOut('operations-users-meProfile');
    expect(me.status).toBe('200');
    expect(consoleMessages.filter((message) => /deprecat|deep link/i.test(message))).toEqual([]);
    expect(consoleMessages.filter((message) => message.startsWith('pageerror'))).toEqual([]);
  });
});
