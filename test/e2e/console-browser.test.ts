// The web console in a real headless Chromium against the real standalone worker and broker: a
// connector is created from pasted JSON (a validation error shown next to its key first), reaches
// RUNNING, the lease map shows every partition owned before and after a concurrency change, it is
// paused, resumed and deleted. Along the way: the console makes no request the REST API refuses,
// sends the bearer token with every API call, never shows a secret or the token in the page, and
// shows names and values with markup in them as text.
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { type Browser, chromium, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromiumArgs, chromiumExecutable } from '../support/chromium.ts';
import { createTopic, produce } from '../support/kafka.ts';
import { uniqueName } from '../support/local.ts';
import { type InProcessWorker, startInProcessWorker } from '../support/standalone-worker.ts';

const PARTITIONS = 12;
const SECRET_ENV = 'SC_CONSOLE_TEST_SECRET';
const SECRET = 'console-secret-value-never-shown';
const OUTPUT = path.resolve('test-output', 'console');
const MARKUP_NAME = '<img src=x onerror=alert(1)>';

/** The little of the DOM the functions run in the page use (the project's types have no DOM). */
interface PageElement {
  getAttribute(name: string): string | null;
}
declare const document: {
  querySelectorAll(selector: string): Iterable<PageElement>;
  querySelector(selector: string): PageElement | null;
  documentElement: { scrollWidth: number };
};

describe('web console in Chromium', () => {
  const topic = uniqueName('console');
  const name = uniqueName('console-sink');
  let worker: InProcessWorker;
  let browser: Browser;
  let page: Page;
  const dialogs: string[] = [];
  const apiCalls: { method: string; path: string; authorized: boolean; status?: number }[] = [];

  const config = (tasksMax: number) => ({
    'connector.class': 'test.serverless.connect.RecordingSinkConnector',
    topics: topic,
    'tasks.max': String(tasksMax),
    'tasks.autoscale.enable': 'false',
    'value.converter': 'org.apache.kafka.connect.storage.StringConverter',
    'secret.reference': `\${env:${SECRET_ENV}}`,
  });
  const paste = async (json: unknown) => page.fill('#connector-json', JSON.stringify(json, null, 2));
  const badge = () => page.locator('article.connector h1 .state');
  /** Waits until the lease map shows every partition owned, by exactly `tasks` tasks. */
  const everyPartitionOwnedBy = async (tasks: number) =>
    page.waitForFunction(
      ([partitions, count]) => {
        const cells = [...document.querySelectorAll('.lease-map .cell')];
        const owners = new Set(cells.map((cell) => cell.getAttribute('data-owner')));
        return (
          cells.length === partitions &&
          !owners.has('') &&
          owners.size === count &&
          !document.querySelector('.lease-map .cell.handover')
        );
      },
      [PARTITIONS, tasks] as const,
      { timeout: 60_000 },
    );

  beforeAll(async () => {
    const executablePath = chromiumExecutable();
    process.env[SECRET_ENV] = SECRET;
    await createTopic(topic, PARTITIONS);
    await produce(
      Array.from({ length: PARTITIONS * 20 }, (_, i) => ({
        topic,
        partition: i % PARTITIONS,
        key: null,
        value: `record ${i}`,
      })),
    );
    worker = await startInProcessWorker({
      worker: {
        'config.providers': 'env',
        'config.providers.env.class': 'org.apache.kafka.common.config.provider.EnvVarConfigProvider',
      },
    });
    browser = await chromium.launch({ executablePath, args: chromiumArgs() });
    page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    page.on('dialog', (dialog) => {
      dialogs.push(dialog.message());
      void dialog.dismiss();
    });
    page.on('request', (request) => {
      const url = new URL(request.url());
      if (!request.url().startsWith(worker.url) || url.pathname.startsWith('/ui')) return;
      apiCalls.push({
        method: request.method(),
        path: url.pathname + url.search,
        authorized: request.headers().authorization === `Bearer ${worker.token}`,
      });
    });
    page.on('response', (response) => {
      const url = new URL(response.url());
      const call = apiCalls.findLast(
        (c) => c.path === url.pathname + url.search && c.method === response.request().method() && !c.status,
      );
      if (call) call.status = response.status();
    });
    await mkdir(OUTPUT, { recursive: true });
  });

  afterAll(async () => {
    await browser?.close();
    await worker?.stop();
    delete process.env[SECRET_ENV];
  });

  it('logs in with the bearer token, and keeps it out of the page', async () => {
    await page.goto(`${worker.url}/ui/`);
    await page.locator('#token-form').waitFor({ state: 'visible' });
    await page.fill('#token-input', worker.token);
    await page.press('#token-input', 'Enter');
    await page.getByText('No connectors yet.').waitFor();
    expect(await page.content()).not.toContain(worker.token);
    // Only the first call, before the token was given, was refused.
    expect(apiCalls[0]).toMatchObject({ path: '/connectors?expand=status&expand=info', status: 401 });
    apiCalls.splice(0, 1);
  });

  it('creates a connector from pasted JSON, showing the validation error next to its key first', async () => {
    await page.getByRole('link', { name: 'New connector' }).click();
    await paste({ name, config: { ...config(2), 'tasks.max': 'zero' } });
    await page.getByRole('button', { name: 'Create connector' }).click();
    const invalid = page.locator('tr.invalid[data-key="tasks.max"]');
    await invalid.waitFor();
    expect(await invalid.textContent()).toContain('Invalid value zero for configuration tasks.max');

    await paste({ name, config: config(2) });
    await page.getByRole('button', { name: 'Create connector' }).click();
    await page.locator(`article.connector[data-connector="${name}"]`).waitFor();
    await expect.poll(async () => badge().textContent(), { timeout: 30_000 }).toBe('RUNNING');
    await everyPartitionOwnedBy(2);
    // Secrets stay references: the page shows what is stored, never the resolved value.
    const html = await page.content();
    expect(html).toContain(`\${env:${SECRET_ENV}}`);
    expect(html).not.toContain(SECRET);
  });

  it('shows every partition owned after a concurrency change, and screenshots the lease map', async () => {
    await page.getByRole('link', { name: 'Edit config' }).click();
    await expect.poll(async () => page.inputValue('#connector-json')).toContain('"tasks.max": "2"');
    await paste({ name, config: config(4) });
    await page.getByRole('button', { name: 'Save config' }).click();
    await page.locator(`article.connector[data-connector="${name}"]`).waitFor();
    await everyPartitionOwnedBy(4);
    await expect
      .poll(async () => page.locator('.lease-map .cell .lag').allTextContents())
      .toEqual(Array(PARTITIONS).fill('lag 0'));
    expect(await page.locator('.history li').count()).toBe(2);
    await page
      .locator('section', { has: page.locator('#lease-map-title') })
      .screenshot({ path: path.join(OUTPUT, 'lease-map.png') });
  });

  it('pauses, resumes and deletes the connector', async () => {
    await page.getByRole('button', { name: 'Pause' }).click();
    await expect.poll(async () => badge().textContent(), { timeout: 30_000 }).toBe('PAUSED');
    await page.getByRole('button', { name: 'Resume' }).click();
    await expect.poll(async () => badge().textContent(), { timeout: 30_000 }).toBe('RUNNING');
    await page.getByRole('button', { name: 'Delete' }).click();
    await page.getByRole('button', { name: 'Confirm delete' }).click();
    await page.getByText('No connectors yet.').waitFor();
    expect((await worker.call('GET', '/connectors')).body).toEqual([]);
  });

  it('shows a connector name and config values with markup in them as text', async () => {
    await worker.call('POST', '/connectors', {
      name: MARKUP_NAME,
      config: { ...config(1), note: '<script>alert(2)</script>' },
    });
    const link = page.getByRole('link', { name: MARKUP_NAME });
    await link.waitFor();
    await link.click();
    await page.locator('.connector-name').waitFor();
    expect(await page.locator('.connector-name').textContent()).toBe(MARKUP_NAME);
    await page.getByText('<script>alert(2)</script>').waitFor();
    expect(await page.locator('main img, main script').count()).toBe(0);
    // Readable on a phone: nothing wider than the screen.
    await page.setViewportSize({ width: 390, height: 844 });
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    await worker.call('DELETE', `/connectors/${encodeURIComponent(MARKUP_NAME)}`);
  });

  it('made no request the REST API refused, each with the bearer token, and raised no dialog', () => {
    expect(apiCalls.length).toBeGreaterThan(10);
    expect(apiCalls.filter((c) => !c.authorized)).toEqual([]);
    // A request still in flight when the connector was deleted may have found it gone.
    expect(apiCalls.filter((c) => c.status !== undefined && c.status >= 400 && c.status !== 404)).toEqual([]);
    expect(dialogs).toEqual([]);
  });
});
