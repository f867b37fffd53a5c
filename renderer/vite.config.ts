import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

// Builds only the renderer, with the same settings electron-vite uses for it
// (root renderer/, relative base so file:// works in Electron, out/renderer).
// Handy while the main/preload parts of electron.vite.config.ts are not buildable:
//   npm exec -- vite build --config renderer/vite.config.ts
const here = dirname(fileURLToPath(import.meta.url));

export default defineConfig({
  root: here,
  base: './',
  build: {
    outDir: resolve(here, '../out/renderer'),
    emptyOutDir: true,
    target: 'es2023',
    modulePreload: { polyfill: false },
    minify: false,
    reportCompressedSize: false,
    rollupOptions: { input: resolve(here, 'index.html') },
  },
});
