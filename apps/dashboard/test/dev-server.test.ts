// @vitest-environment node
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createServer, type ViteDevServer } from "vite";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { API_PATHS, devEnv, devServerSettings } from "../dev-server";

describe("pnpm dev's Vite settings", () => {
  it("listens on 5173 and forwards every API path to the API's port, Host unchanged", () => {
    const settings = devServerSettings({});
    expect(settings.port).toBe(5173);
    expect(settings.apiTarget).toBe("http://127.0.0.1:3000");
    expect(Object.keys(settings.proxy)).toEqual([...API_PATHS]);
    for (const forward of Object.values(settings.proxy)) {
      expect(forward).toEqual({ target: "http://127.0.0.1:3000", changeOrigin: false });
    }
  });

  it("follows PORT, HOST and DASHBOARD_DEV_PORT as the API reads them", () => {
    const settings = devServerSettings({ PORT: "4100", HOST: "::1", DASHBOARD_DEV_PORT: "5200" });
    expect(settings).toMatchObject({ port: 5200, apiTarget: "http://[::1]:4100" });
    // An API listening on every interface is reached over loopback.
    expect(devServerSettings({ HOST: "0.0.0.0" }).apiTarget).toBe("http://127.0.0.1:3000");
    expect(() => devServerSettings({ PORT: "http" })).toThrow("PORT must be a port");
  });

  it("reads the repository's .env under the real environment, as the API does", async () => {
    const folder = await mkdtemp(join(tmpdir(), "columnline-dev-env-"));
    try {
      await writeFile(join(folder, ".env"), "PORT=4555\nDASHBOARD_DEV_PORT=5444\n");
      const env = devEnv({ DASHBOARD_DEV_PORT: "5333" }, join(folder, ".env"));
      expect(devServerSettings(env)).toMatchObject({
        port: 5333,
        apiTarget: "http://127.0.0.1:4555",
      });
      expect(devEnv({}, join(folder, "missing.env"))).toEqual({});
    } finally {
      await rm(folder, { recursive: true, force: true });
    }
  });
});

// The dev server's proxy in front of the real API (the component tests' one): the browser's
// origin is Vite's, and sign-in, the cookie and the Origin check must work through it.
describe("pnpm dev's proxy to the API", () => {
  let vite: ViteDevServer;
  let origin: string;

  beforeAll(async () => {
    const apiPort = new URL(inject("apiUrl")).port;
    const settings = devServerSettings({ PORT: apiPort });
    vite = await createServer({
      configFile: false,
      root: join(import.meta.dirname, ".."),
      logLevel: "silent",
      server: { host: "127.0.0.1", port: 0, proxy: settings.proxy, hmr: false },
    });
    await vite.listen();
    const address = vite.httpServer?.address();
    if (address === null || typeof address !== "object") throw new Error("Vite is not listening");
    origin = `http://127.0.0.1:${address.port}`;
  });
  afterAll(async () => {
    await vite?.close();
  });

  const mutation = (path: string, input: unknown, headers: Record<string, string>) =>
    fetch(`${origin}/trpc/${path}`, {
      method: "POST",
      headers: { "content-type": "application/json", ...headers },
      body: JSON.stringify(input),
    });

  it("signs in, reads with the cookie and signs out from Vite's origin", async () => {
    const signIn = await mutation("session.signIn", { key: inject("adminKey") }, { origin });
    expect(signIn.status).toBe(200);
    const setCookie = signIn.headers.get("set-cookie") ?? "";
    // Host-only (no Domain) and not Secure on http: the browser keeps it for Vite's origin.
    expect(setCookie).toMatch(/^columnline_session=[^;]+; HttpOnly; SameSite=Strict; Path=\//);
    expect(setCookie).not.toMatch(/Domain=|Secure/);
    const cookie = setCookie.split(";")[0] ?? "";

    const me = await fetch(`${origin}/trpc/session.me`, { headers: { cookie } });
    expect(me.status).toBe(200);
    expect(await me.json()).toMatchObject({ result: { data: { scopes: ["admin"] } } });

    const foreign = await mutation("session.signOut", {}, { cookie, origin: "http://evil.test" });
    expect(foreign.status).toBe(403);
    expect((await mutation("session.signOut", {}, { cookie, origin })).status).toBe(200);
    expect((await fetch(`${origin}/trpc/session.me`, { headers: { cookie } })).status).toBe(401);
  });

  it("forwards REST and the health check", async () => {
    expect((await fetch(`${origin}/healthz`)).status).toBe(200);
    const clients = await fetch(`${origin}/api/v1/clients`, {
      headers: { authorization: `Bearer ${inject("adminKey")}` },
    });
    expect(clients.status).toBe(200);
  });
});
