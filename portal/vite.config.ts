import { fileURLToPath } from 'node:url'
import { vitePlugin as remix } from '@remix-run/dev'
import { defineConfig } from 'vite'

// Our workspace packages stay external in the server build: the host process loads them once (under tsx) and
// shares one database client with every app it serves. The browser build still bundles the pure ones it uses.
const isWorkspacePackage = (id: string) => id.startsWith('@quittance/')

export default defineConfig(({ isSsrBuild }) => ({
  plugins: [
    remix({
      future: {
        v3_fetcherPersist: true,
        v3_relativeSplatPath: true,
        v3_throwAbortReason: true,
        // Off on purpose: with single fetch, every document request also encodes all loader data with turbo-stream
        // for <Scripts> to hydrate from, even on pages that ship no JavaScript (most of ours). Without it the data
        // is one JSON string, ~0.9 ms less CPU per invoice-list request (docs/decisions/005-portal-performance.md).
        // Loaders return plain objects or json(); data() belongs to single fetch.
        v3_singleFetch: false,
        v3_lazyRouteDiscovery: true,
      },
    }),
  ],
  resolve: { alias: { '~': fileURLToPath(new URL('./app', import.meta.url)) } },
  build: {
    target: 'es2022',
    assetsInlineLimit: 0,
    rollupOptions: isSsrBuild ? { external: isWorkspacePackage } : {},
  },
}))
