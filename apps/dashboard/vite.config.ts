import react from "@vitejs/plugin-react";
import { defineConfig } from "vite";
import { devEnv, devServerSettings } from "./dev-server.ts";

const dev = devServerSettings(devEnv());

// biome-ignore lint/style/noDefaultExport: Vite reads the config's default export.
export default defineConfig({
  plugins: [react()],
  // strictPort: the API's dev start allows exactly this origin; another port would be refused.
  server: { port: dev.port, strictPort: true, proxy: dev.proxy },
  build: { outDir: "dist", assetsDir: "assets", sourcemap: false },
});
