#!/usr/bin/env node
// Every app icon from one drawing: build/icon.svg, rendered by Debian's
// Chromium (playwright-core, no download) at each size, then written as
//   build/icons/NxN.png   Linux (electron-builder's icon set for AppImage and deb)
//   build/icon.png        1024 px, the fallback electron-builder converts from
//   build/icon.ico        Windows: 16–256 px
//   build/icon.icns       macOS: 16–1024 px, Retina variants included
// Run after changing the SVG: `node scripts/make-icons.mjs`; commit the results
// (packaging machines then need no browser).
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { icnsFile, icoFile } from './icon-files.mjs';

const build = join(dirname(fileURLToPath(import.meta.url)), '..', 'build');
const SIZES = [16, 24, 32, 48, 64, 128, 256, 512, 1024];
const LINUX_SIZES = [16, 24, 32, 48, 64, 128, 256, 512];
const ICO_SIZES = [16, 24, 32, 48, 64, 128, 256];

const svg = await readFile(join(build, 'icon.svg'), 'utf8');
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
});
const pngs = new Map();
try {
  const page = await browser.newPage({ viewport: { width: 1024, height: 1024 }, deviceScaleFactor: 1 });
  const source = `data:image/svg+xml;base64,${Buffer.from(svg).toString('base64')}`;
  for (const size of SIZES) {
    await page.setContent(
      `<html><body style="margin:0;background:transparent"><img id="icon" src="${source}" width="${size}" height="${size}" style="display:block"></body></html>`,
    );
    await page.locator('#icon').evaluate((img) => img.decode());
    pngs.set(size, await page.screenshot({ clip: { x: 0, y: 0, width: size, height: size }, omitBackground: true }));
  }
} finally {
  await browser.close();
}

await mkdir(join(build, 'icons'), { recursive: true });
for (const size of LINUX_SIZES) await writeFile(join(build, 'icons', `${size}x${size}.png`), pngs.get(size));
await writeFile(join(build, 'icon.png'), pngs.get(1024));
await writeFile(join(build, 'icon.ico'), icoFile(ICO_SIZES.map((size) => ({ size, png: pngs.get(size) }))));
await writeFile(join(build, 'icon.icns'), icnsFile(pngs));
console.log(`icons written to ${build}`);
