import path from 'node:path';
import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

const webRoot = path.dirname(fileURLToPath(import.meta.url));

/** The web UI: built into web/dist, which the API server serves with an index.html fallback. */
export default defineConfig({
  root: webRoot,
  plugins: [react()],
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    chunkSizeWarningLimit: 2000,
  },
  server: {
    // `npx vite --config web/vite.config.ts` during development: the API runs on its own port.
    proxy: { '/api': { target: process.env.ZHIBAO_API_URL ?? 'http://localhost:3000', changeOrigin: false } },
    fs: { allow: [path.resolve(webRoot, '..')] },
  },
});
