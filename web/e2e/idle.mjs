// idle.mjs measures the page's CPU while it shows a paused moment and while it plays: the main
// thread's task time per wall second (Chrome's Performance.getMetrics TaskDuration), after the
// app has settled. Run by hand after `make web`: node web/e2e/idle.mjs
import { chromium } from 'playwright-core';
import { execFileSync, spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const bin = join(mkdtempSync(join(tmpdir(), 'synq-idle-')), 'serve');
execFileSync('go', ['build', '-o', bin, './web/serve'], { cwd: root });
const proc = spawn(bin, ['-addr', '127.0.0.1:0', '-dir', join(root, 'web/dist')], { stdio: ['ignore', 'pipe', 'inherit'] });
const addr = await new Promise((res) => proc.stdout.on('data', (d) => {
  const m = /http:\/\/[0-9.:]+\//.exec(String(d));
  if (m) res(m[0]);
}));
const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', headless: true,
  args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking'] });
try {
  const page = await browser.newPage({ viewport: { width: 1366, height: 768 } });
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Performance.enable');
  const task = async () => (await cdp.send('Performance.getMetrics')).metrics.find((m) => m.name === 'TaskDuration').value;
  const measure = async (what, url) => {
    await page.goto(addr + url);
    await page.waitForFunction(() => window.synqFirstFrame, null, { timeout: 120000 });
    await page.waitForTimeout(3000);
    const t0 = await task();
    const w0 = Date.now();
    await page.waitForTimeout(5000);
    const busy = (await task() - t0) / ((Date.now() - w0) / 1000);
    console.log(`idle: ${what}: main thread busy ${(busy * 100).toFixed(1)}% of a core`);
  };
  await measure('paused at 3 s of the flood', '?scenario=flood&t=3s&paused=1');
  await measure('the lesson menu', '');
  await measure('the flood playing', '?scenario=flood&paused=0');
} finally {
  await browser.close();
  proc.kill();
}
