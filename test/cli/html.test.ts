import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromium, type Browser, type Page } from 'playwright-core';
import { runCase } from '../../properties/index.js';
import { GenServer, type Pid } from '../../src/index.js';
import { Simulation } from '../../sim/index.js';
import { buildModel } from '../../cli/html-model.js';
import { escapeHtml, renderHtml, scriptJson } from '../../cli/html.js';
import { hostile } from './scenarios.js';

const CHROMIUM = '/usr/bin/chromium';
const hasChromium = existsSync(CHROMIUM);

function hostileRun() {
  return runCase(hostile, { seed: 2, strategy: 'random', faults: [{ kind: 'kill', target: { by: 'any' }, atMs: 3 }], perturb: [] }).result;
}

describe('HTML trace: the page model and escaping', () => {
  it('escapeHtml and scriptJson leave no markup', () => {
    expect(escapeHtml(`<a href="x">'&'</a>`)).toBe('&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;');
    const j = scriptJson({ m: '</script><script>alert(1)</script>' });
    expect(j).not.toMatch(/[<>]/);
    expect(JSON.parse(j)).toEqual({ m: '</script><script>alert(1)</script>' });
  });

  it('one lane per process, named where registered; messages become arrows to their receive', () => {
    const r = hostileRun();
    const m = buildModel(r.trace);
    expect(m.lanes.map((l) => l.label)).toEqual(['<0.1.0>', '<0.2.0> <img src=x onerror=alert(1)>']);
    const send = m.rows.find((row) => row.kind === 'send' && row.text.includes('<script>'))!;
    expect(send.edge).toBe('arrow');
    expect(m.rows[send.toRow!]!.kind).toBe('receive');
    expect(renderHtml(r.trace, { title: '<b>t</b>' })).not.toContain('<script>window');
  });

  it('a reply sent to an alias (a call) is an arrow to the caller\'s receive', () => {
    const r = Simulation.create({ seed: 1 }).run(function* main() {
      const [, s] = (yield* GenServer.start(GenServer.define<number, 'get', never, number, number>({ init: (n) => ['ok', n], handleCall: (_q, _f, n) => ['reply', n, n] }), 7)) as [string, Pid];
      return yield* GenServer.call(s, 'get');
    });
    expect(r.value).toBe(7);
    const m = buildModel(r.trace);
    const reply = m.rows.find((row) => row.kind === 'send' && row.lane === 1 && row.text.includes('7'))!;
    expect(reply.edge).toBe('arrow');
    expect(reply.to).toBe(0);
    expect(m.rows[reply.toRow!]!).toMatchObject({ kind: 'receive', lane: 0 });
  });
});

describe.skipIf(!hasChromium)(`HTML trace in a real browser${hasChromium ? '' : ` (skipped: ${CHROMIUM} is missing — apt-get install -y chromium)`}`, () => {
  let browser: Browser;
  let page: Page;
  const dialogs: string[] = [];

  beforeAll(async () => {
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      headless: true,
      args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run', '--disable-sync'],
    });
    const r = hostileRun();
    const file = join(mkdtempSync(join(tmpdir(), 'dfsweo-html-')), 'trace.html');
    writeFileSync(file, renderHtml(r.trace, { title: 'hostile <script>alert(2)</script>', summary: [`outcome ${r.outcome}`] }));
    page = await browser.newPage();
    page.on('dialog', (d) => {
      dialogs.push(d.message());
      void d.dismiss();
    });
    const requests: string[] = [];
    page.on('request', (req) => requests.push(req.url()));
    await page.goto(pathToFileURL(file).href);
    expect(requests.filter((u) => !u.startsWith('file:'))).toEqual([]); // self-contained
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
  });

  it('escapes every user term: hostile names and messages show as text, nothing runs', async () => {
    expect(dialogs).toEqual([]);
    expect(await page.evaluate(() => (globalThis as unknown as { __pwned?: number }).__pwned)).toBeUndefined();
    expect(await page.locator('img').count()).toBe(0);
    expect(await page.title()).toBe('hostile <script>alert(2)</script>');
    const titles = await page.locator('g.ev title').allTextContents();
    expect(titles.some((t) => t.includes("'<script>window.__pwned = 1</script>'"))).toBe(true);
    expect(await page.locator('#filters').textContent()).toContain('<img src=x onerror=alert(1)>');
  });

  it('draws one lane per process, arrows for messages, and highlights exits and faults', async () => {
    expect(await page.locator('text.lanehead').count()).toBe(2);
    expect(await page.locator('line.arrow').count()).toBeGreaterThan(0);
    expect(await page.locator('g.ev.fault').count()).toBe(1);
    expect(await page.locator('g.ev.exit').count()).toBeGreaterThan(0);
    const color = await page.locator('g.ev.exit circle').first().evaluate((c) => (globalThis as unknown as { getComputedStyle: (e: unknown) => { fill: string } }).getComputedStyle(c).fill);
    expect(color).toBe('rgb(198, 40, 40)');
  });

  it("shows an event's full detail on click", async () => {
    await page.locator('g.ev.fault').click();
    const detail = await page.locator('#detail').textContent();
    expect(detail).toMatch(/FAULT kill a live process at 3ms on <0\.2\.0>/);
    expect(detail).toContain('"kind": "fault"');
  });

  it('filters by process', async () => {
    const before = await page.locator('g.ev').count();
    const lane1 = await page.locator('g.ev[data-lane="1"]').count();
    expect(lane1).toBeGreaterThan(0);
    await page.locator('#filters input[data-lane="1"]').uncheck();
    expect(await page.locator('g.ev[data-lane="1"]').count()).toBe(0);
    expect(await page.locator('g.ev').count()).toBe(before - lane1);
    expect(await page.locator('text.lanehead').count()).toBe(1);
    await page.locator('#filters input[data-lane="1"]').check();
    expect(await page.locator('g.ev').count()).toBe(before);
  });
});
