import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium } from 'playwright-core';

/** Debian's chromium package, which .ci/run installs; playwright-core drives it without downloading a browser. */
export const CHROMIUM = '/usr/bin/chromium';

const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

export interface ChartState {
  id: string;
  rendered: string | null;
  /** Drawn data marks in the chart's SVG (items of Vega's role-mark groups; axes and legends not counted). */
  marks: number;
}

export interface PageVisit {
  charts: ChartState[];
  /** Console messages of type error, and uncaught page errors. */
  errors: string[];
  /** Every request whose URL is not file:// (none should be made). */
  offline: string[];
  title: string;
  /** What the optional probe expression evaluated to in the page. */
  probe?: unknown;
}

/**
 * Opens a report the way a reader does (file://, no server) in headless Chromium with a fresh
 * profile, waits for render.js to settle every chart, and reports what it saw.
 */
export async function visitReport(indexPath: string, options: { screenshot?: string; probe?: string } = {}): Promise<PageVisit> {
  const profile = mkdtempSync(path.join(os.tmpdir(), 'sprint-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    args: CHROMIUM_ARGS,
    headless: true,
    viewport: { width: 1280, height: 900 },
  });
  const errors: string[] = [];
  const offline: string[] = [];
  try {
    const page = context.pages()[0] ?? (await context.newPage());
    page.on('console', (message) => {
      if (message.type() === 'error') errors.push(`console: ${message.text()}`);
    });
    page.on('pageerror', (error) => errors.push(`page: ${error.message}`));
    page.on('request', (request) => {
      if (!request.url().startsWith('file://')) offline.push(request.url());
    });
    await page.goto(pathToFileURL(indexPath).href, { waitUntil: 'load' });
    await page.waitForSelector('body[data-charts-done]', { timeout: 30_000 });
    const charts = await page.$$eval('[data-chart]', (containers) =>
      containers.map((container) => ({
        id: container.getAttribute('data-chart') ?? '',
        rendered: container.getAttribute('data-rendered'),
        marks: container.querySelectorAll('svg g.role-mark > path, svg g.role-mark > line, svg g.role-mark > text').length,
      })),
    );
    if (options.screenshot) await page.screenshot({ path: options.screenshot, fullPage: true });
    const probe = options.probe === undefined ? undefined : await page.evaluate(options.probe);
    return { charts, errors, offline, title: await page.title(), ...(options.probe === undefined ? {} : { probe }) };
  } finally {
    await context.close();
    rmSync(profile, { recursive: true, force: true });
  }
}
