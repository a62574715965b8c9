// Builds the dashboard into dist/, which the server serves at `/`. In development the Vite server proxies the
// REST API and the socket.io transport to a server on :8080, so the app always uses relative URLs.
import { fileURLToPath } from 'node:url';
import vue from '@vitejs/plugin-vue';
import { defineConfig } from 'vite';

const protocolSource = (file: string): string =>
  fileURLToPath(new URL(`../../libs/protocol/src/${file}`, import.meta.url));

export default defineConfig({
  plugins: [vue()],
  resolve: {
    // Most specific first: the zod-free constants must never pull the schema index into the browser bundle.
    alias: [
      { find: /^@fleetmedic\/protocol\/constants$/, replacement: protocolSource('constants.ts') },
      { find: /^@fleetmedic\/protocol\/fleet-health$/, replacement: protocolSource('fleet-health.ts') },
      { find: /^@fleetmedic\/protocol$/, replacement: protocolSource('index.ts') },
    ],
  },
  define: {
    // Composition API only: drop the Options API and vue-i18n's legacy API from the bundle.
    __VUE_OPTIONS_API__: 'false',
    __VUE_PROD_DEVTOOLS__: 'false',
    __VUE_PROD_HYDRATION_MISMATCH_DETAILS__: 'false',
    __VUE_I18N_FULL_INSTALL__: 'true',
    __VUE_I18N_LEGACY_API__: 'false',
    __INTLIFY_PROD_DEVTOOLS__: 'false',
  },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
  },
  server: {
    proxy: {
      '/api': 'http://localhost:8080',
      '/socket.io': { target: 'http://localhost:8080', ws: true },
    },
  },
});
