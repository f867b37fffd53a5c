import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

// DEV ONLY: builds renderer/dev/mock.html (the App on the in-memory MockApi)
// into test-output/ui/mock-app, away from out/renderer:
//   npm exec -- vite build --config scripts/ui-dev/mock-vite.config.ts
const here = resolve(dirname(fileURLToPath(import.meta.url)), '../../renderer/dev');

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
