import { resolve } from 'node:path';
import { defineConfig } from 'electron-vite';

// One build for everything: the Electron main process, the core that runs the
// mail work (in an Electron utilityProcess, or in plain Node for `npm run web`),
// the sandboxed preload, and the React renderer.
export default defineConfig({
  main: {
    build: {
      outDir: 'out/main',
      rollupOptions: {
        input: {
          // Electron's main process: windows, menus, IPC (the only code that imports electron).
          index: resolve(__dirname, 'main/app/index.ts'),
          // The core inside Electron's utilityProcess.
          'core-process': resolve(__dirname, 'main/app/core-process.ts'),
          // `npm run web`: the core plus the loopback HTTP/WebSocket server.
          web: resolve(__dirname, 'main/web/cli.ts'),
          // The worker thread that parses and stores downloaded mail beside the sync.
          'body-store-worker': resolve(__dirname, 'main/sync/body-store-worker.ts'),
        },
      },
    },
  },
  preload: {
    build: {
      outDir: 'out/preload',
      // A sandboxed preload must be a single CommonJS file with nothing external.
      externalizeDeps: false,
      rollupOptions: {
        input: { index: resolve(__dirname, 'main/app/preload.ts') },
        output: { format: 'cjs', entryFileNames: '[name].cjs' },
      },
    },
  },
  renderer: {
    root: resolve(__dirname, 'renderer'),
    build: {
      outDir: resolve(__dirname, 'out/renderer'),
      // electron-vite leaves the renderer unminified by default; it is loaded on every start.
      minify: true,
      rollupOptions: {
        input: resolve(__dirname, 'renderer/index.html'),
        onwarn(warning, warn) {
          // TanStack Query and TipTap mark their modules "use client" for React
          // Server Components; a client-only bundle has nothing to keep of it.
          if (warning.code === 'MODULE_LEVEL_DIRECTIVE' && /"use client"/.test(warning.message)) return;
          warn(warning);
        },
      },
    },
  },
});
