#!/usr/bin/env node
// @ts-check
// Renders media/icon-marketplace.svg to media/icon.png (128×128, the Marketplace's size) with the
// same Chromium the browser tests use, so the PNG is made from its source, never drawn by hand:
//   node scripts/icon.js        (CHROMIUM_PATH overrides /usr/bin/chromium)
'use strict';
const fs = require('fs');
const path = require('path');
const { chromium } = require('playwright-core');

const ROOT = path.resolve(__dirname, '..');
const SVG = path.join(ROOT, 'media', 'icon-marketplace.svg');
const PNG = path.join(ROOT, 'media', 'icon.png');
const SIZE = 128;

async function main() {
  const svg = fs.readFileSync(SVG, 'utf8');
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH || '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu'],
  });
  try {
    const page = await browser.newPage({ viewport: { width: SIZE, height: SIZE }, deviceScaleFactor: 1 });
    await page.setContent(`<!doctype html><html><body style="margin:0;background:transparent">${svg}</body></html>`);
    await page.locator('svg').screenshot({ path: PNG, omitBackground: true });
  } finally {
    await browser.close();
  }
  console.log(`wrote ${path.relative(ROOT, PNG)}`);
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
