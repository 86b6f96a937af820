import { defineConfig } from 'vite';
import { resolve } from 'node:path';

// Two pages: the login page is the only thing a logged-out browser may load, so it gets its own small entry
// (`assets/login-*.js`), which the server allows anonymously; everything else needs a session.
export default defineConfig({
  base: '/',
  build: {
    target: 'es2022',
    outDir: 'dist',
    emptyOutDir: true,
    // The preload polyfill is unneeded on current browsers; leaving it out keeps every script an external file.
    modulePreload: { polyfill: false },
    assetsInlineLimit: 0,
    rollupOptions: {
      input: { index: resolve(import.meta.dirname, 'index.html'), login: resolve(import.meta.dirname, 'login.html') },
      output: {
        entryFileNames: 'assets/[name]-[hash].js',
        chunkFileNames: 'assets/[name]-[hash].js',
        assetFileNames: 'assets/[name]-[hash][extname]',
      },
    },
  },
});
