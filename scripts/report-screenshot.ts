// Looks at an HTML report as a person would: opens it in a real browser (Debian's
// chromium, driven by Playwright) and saves a screenshot of its first page. README's
// picture of the report is made with it.
import { existsSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { ROOT } from '../config/paths.js';
import { cli } from './lib/cli.js';

const args = cli({
  command: 'npm run report:screenshot --',
  summary: "Opens an HTML report in Debian's chromium (no browser download: --browser), as a person would, and saves a screenshot of its first page.",
  options: {
    report: { type: 'string', default: 'reports/html', value: 'dir', description: 'the HTML report to open' },
    out: { type: 'string', default: 'docs/img/report.png', value: 'file', description: 'where the PNG goes' },
    browser: { type: 'string', default: '/usr/bin/chromium', value: 'file', description: 'the chromium to drive (Debian: apt-get install chromium)' },
    width: { type: 'string', default: '1280', value: 'px', description: 'the window width' },
    height: { type: 'string', default: '900', value: 'px', description: 'the window height' },
  },
  examples: ['npm run report:screenshot', 'npm run report:screenshot -- --report reports/harness/html --out /tmp/harness.png'],
});
const { values } = args;
const index = path.resolve(ROOT, values.report, 'index.html');
if (!existsSync(index)) args.fail(`${index} does not exist: run the suite first (npx playwright test)`);
if (!existsSync(values.browser)) args.fail(`no browser at ${values.browser}: install Debian's chromium (apt-get install chromium) or give --browser`);
const size = { width: Number(values.width), height: Number(values.height) };
if (!(size.width > 0 && size.height > 0)) args.fail(`--width ${values.width} --height ${values.height}: expected whole numbers of pixels`);

const { chromium } = await import('@playwright/test');
// The flags a sandboxed root needs, and none of the background traffic a closed network refuses.
const browser = await chromium.launch({
  executablePath: values.browser,
  args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
});
try {
  const page = await browser.newPage({ viewport: size });
  await page.goto(pathToFileURL(index).href);
  // The report renders its list of tests from data it unpacks in the page.
  await page.locator('.test-file-test').first().waitFor({ timeout: 30_000 });
  const out = path.resolve(ROOT, values.out);
  await page.screenshot({ path: out });
  const titles = await page.locator('.test-file-test .test-file-title').allInnerTexts();
  process.stdout.write(`${path.relative(ROOT, out)}: ${titles.length} tests on the first page; the first: ${titles.slice(0, 3).join(' | ')}\n`);
} finally {
  await browser.close();
}
