import tailwindcss from "@tailwindcss/vite";
import react from "@vitejs/plugin-react";
import { defineConfig } from "vitest/config";

const api = "http://127.0.0.1:3000";

export default defineConfig({
  plugins: [react(), tailwindcss()],
  resolve: { alias: { "~": new URL("./src", import.meta.url).pathname } },
  server: {
    proxy: {
      "/trpc": { target: api, changeOrigin: false },
      "/healthz": { target: api, changeOrigin: false },
      "/api": { target: api, changeOrigin: false },
    },
  },
  // One bundle for a self-hosted SPA served from the same machine; no CDN to split for.
  build: { outDir: "dist", emptyOutDir: true, sourcemap: false, chunkSizeWarningLimit: 1200 },
  test: { include: ["src/**/*.test.ts"], environment: "node" },
});
