// biome-ignore-all lint/correctness/noNodejsModules: a dev-only Node script, never part of the renderer bundle
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

// DEV ONLY: builds dev/mock.html (the App on the in-memory MockApi) into
// test-output/ui/mock-app, away from out/renderer:
//   npm exec -- vite build --config renderer/dev/vite.config.ts
const here = dirname(fileURLToPath(import.meta.url));

export default defineConfig({
  root: resolve(here, '..'),
  base: './',
  build: {
    outDir: resolve(here, '../../test-output/ui/mock-app'),
    emptyOutDir: true,
    target: 'es2023',
    minify: false,
    reportCompressedSize: false,
    rollupOptions: { input: resolve(here, 'mock.html') },
  },
});
