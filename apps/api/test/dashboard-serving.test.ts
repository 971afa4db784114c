import { cp, mkdtemp, readFile, rm, symlink, utimes, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { brotliDecompressSync, gunzipSync } from "node:zlib";
import { testEngines } from "@columnline/db/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestServer, type TestServer } from "../src/testing/start-test-server";
import { type RawAnswer, rawRequest } from "./support/raw-http";

const FIXTURE = resolve(import.meta.dirname, "dashboard-fixture");
const SCRIPT = "/assets/index-C4fx9Qa1.js";
const CSP =
  "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'self'";
const SECRET = "top secret: outside the dashboard folder";

// The API serves the built dashboard at / on its own port: a copy of a small Vite-like build.
describe.each(testEngines())("serving the dashboard (%s)", (engine) => {
  let workDir: string;
  let dashboardDir: string;
  let server: TestServer;
  let index: string;
  const get = (path: string, headers: Record<string, string> = {}) =>
    rawRequest(server.url, path, { headers });

  beforeAll(async () => {
    workDir = await mkdtemp(join(tmpdir(), "columnline-dashboard-"));
    dashboardDir = join(workDir, "dist");
    await cp(FIXTURE, dashboardDir, { recursive: true });
    await writeFile(join(workDir, "secret.txt"), SECRET);
    // A link out of the folder must not be followed.
    await symlink(join(workDir, "secret.txt"), join(dashboardDir, "linked-secret.txt"));
    index = await readFile(join(dashboardDir, "index.html"), "utf8");
    server = await startTestServer(engine, { dashboardDir });
  });
  afterAll(async () => {
    await server?.close();
    if (workDir) await rm(workDir, { recursive: true, force: true });
  });

  const expectIndexPage = (answer: RawAnswer) => {
    expect(answer.status).toBe(200);
    expect(answer.headers["content-type"]).toBe("text/html; charset=utf-8");
    expect(answer.headers["cache-control"]).toBe("no-cache");
    expect(answer.headers["content-security-policy"]).toBe(CSP);
    expect(answer.headers["x-content-type-options"]).toBe("nosniff");
    expect(answer.headers["referrer-policy"]).toBe("no-referrer");
    expect(answer.body.toString("utf8")).toBe(index);
  };

  it("answers / with index.html: no-cache, a strict CSP, an ETag and Last-Modified", async () => {
    const answer = await get("/");
    expectIndexPage(answer);
    expect(answer.headers.etag).toMatch(/^"[A-Za-z0-9_-]{27}"$/);
    expect(Date.parse(String(answer.headers["last-modified"]))).not.toBeNaN();
  });

  it("answers client-side routes with index.html", async () => {
    for (const path of [
      "/runs",
      "/runs/RUN_20260115_181206",
      "/clients/acme.example/",
      "/keys?x=1",
    ]) {
      expectIndexPage(await get(path));
    }
  });

  it("serves hashed assets for a year, immutable, with their content types", async () => {
    const script = await get(SCRIPT);
    expect(script.status).toBe(200);
    expect(script.headers["content-type"]).toBe("text/javascript; charset=utf-8");
    expect(script.headers["cache-control"]).toBe("public, max-age=31536000, immutable");
    expect(script.headers["x-content-type-options"]).toBe("nosniff");
    expect(script.body.equals(await readFile(join(dashboardDir, SCRIPT)))).toBe(true);
    const style = await get("/assets/index-B2kLm7Zp.css");
    expect(style.headers["content-type"]).toBe("text/css; charset=utf-8");
    const icon = await get("/favicon.svg");
    expect(icon.headers["content-type"]).toBe("image/svg+xml");
    expect(icon.headers["cache-control"]).toBe("no-cache");
  });

  it("compresses with brotli or gzip when accepted, and says it varies", async () => {
    const plain = await readFile(join(dashboardDir, SCRIPT));
    const br = await get(SCRIPT, { "accept-encoding": "gzip, deflate, br" });
    expect(br.headers["content-encoding"]).toBe("br");
    expect(br.headers.vary).toBe("Accept-Encoding");
    expect(br.body.length).toBeLessThan(plain.length);
    expect(brotliDecompressSync(br.body).equals(plain)).toBe(true);
    const gzip = await get(SCRIPT, { "accept-encoding": "gzip" });
    expect(gzip.headers["content-encoding"]).toBe("gzip");
    expect(gunzipSync(gzip.body).equals(plain)).toBe(true);
    expect(gzip.headers.etag).not.toBe(br.headers.etag);
    const identity = await get(SCRIPT, { "accept-encoding": "br;q=0, gzip;q=0" });
    expect(identity.headers["content-encoding"]).toBeUndefined();
    expect(identity.body.equals(plain)).toBe(true);
    const page = await get("/runs", { "accept-encoding": "gzip" });
    expect(gunzipSync(page.body).toString("utf8")).toBe(index);
    expect(page.headers["content-security-policy"]).toBe(CSP);
  });

  it("answers 304 to a matching If-None-Match or If-Modified-Since", async () => {
    const first = await get(SCRIPT, { "accept-encoding": "gzip" });
    const etag = String(first.headers.etag);
    const again = await get(SCRIPT, { "accept-encoding": "gzip", "if-none-match": etag });
    expect(again.status).toBe(304);
    expect(again.body.length).toBe(0);
    expect(again.headers.etag).toBe(etag);
    expect(again.headers["cache-control"]).toBe("public, max-age=31536000, immutable");
    const since = await get("/", { "if-modified-since": String(first.headers["last-modified"]) });
    expect(since.status).toBe(304);
    const changed = await get("/", { "if-none-match": '"something-else"' });
    expect(changed.status).toBe(200);
  });

  it("answers HEAD with the headers and no body", async () => {
    const head = await rawRequest(server.url, SCRIPT, { method: "HEAD" });
    expect(head.status).toBe(200);
    expect(Number(head.headers["content-length"])).toBe(
      (await readFile(join(dashboardDir, SCRIPT))).length,
    );
    expect(head.body.length).toBe(0);
  });

  it("never serves a file from outside its folder", async () => {
    for (const path of [
      "/../secret.txt",
      "/assets/../../secret.txt",
      "/%2e%2e/secret.txt",
      "/%2E%2E%2Fsecret.txt",
      "/assets/%2e%2e/%2e%2e/secret.txt",
      "/..%5csecret.txt",
      "//etc/passwd",
      "/%2Fetc%2Fpasswd",
      "/index.html%00.js",
      "/%E0%A4%A",
    ]) {
      const answer = await get(path);
      expect(answer.status, path).toBe(400);
      expect(answer.headers["content-type"], path).toBe("text/plain; charset=utf-8");
      expect(answer.body.toString("utf8"), path).not.toContain(SECRET);
    }
    // Absolute-looking paths are names inside the folder, and a link out of it is not followed.
    for (const path of ["/etc/passwd", "/linked-secret.txt", `/${workDir}/secret.txt`]) {
      const answer = await get(path);
      expect(answer.body.toString("utf8"), path).not.toContain(SECRET);
      expect(answer.body.toString("utf8"), path).not.toContain("root:");
    }
  });

  it("answers a missing hashed asset with 404, not the page", async () => {
    const answer = await get("/assets/index-00000000.js");
    expect(answer.status).toBe(404);
    expect(answer.headers["content-type"]).toBe("text/plain; charset=utf-8");
  });

  it("leaves the API's own paths alone: JSON 404s, health, tRPC", async () => {
    for (const path of ["/api", "/api/v2/runs", "/trpc", "/trpc/nope.nothing"]) {
      const answer = await get(path);
      expect(answer.status, path).toBe(404);
      expect(answer.headers["content-type"], path).toMatch(/^application\/json/);
    }
    expect(JSON.parse((await get("/healthz")).body.toString("utf8"))).toEqual({ status: "ok" });
    const post = await rawRequest(server.url, "/", { method: "POST" });
    expect(post.status).toBe(404);
    expect(post.headers["content-type"]).toMatch(/^application\/json/);
  });

  it("serves a rebuilt index.html without a restart", async () => {
    const before = await get("/");
    const rebuilt = index.replace("test fixture", "test fixture, rebuilt");
    await writeFile(join(dashboardDir, "index.html"), rebuilt);
    const later = new Date(Date.now() + 5_000);
    await utimes(join(dashboardDir, "index.html"), later, later);
    const after = await get("/runs");
    expect(after.body.toString("utf8")).toBe(rebuilt);
    expect(after.headers.etag).not.toBe(before.headers.etag);
    await writeFile(join(dashboardDir, "index.html"), index);
  });
});

describe.each(testEngines())("the dashboard not built yet (%s)", (engine) => {
  let emptyDir: string;
  let server: TestServer;
  beforeAll(async () => {
    emptyDir = await mkdtemp(join(tmpdir(), "columnline-no-dashboard-"));
    server = await startTestServer(engine, { dashboardDir: join(emptyDir, "dist") });
  });
  afterAll(async () => {
    await server?.close();
    if (emptyDir) await rm(emptyDir, { recursive: true, force: true });
  });

  it("answers / with a short page saying how to build it, then serves the build", async () => {
    const answer = await rawRequest(server.url, "/");
    expect(answer.status).toBe(404);
    expect(answer.headers["content-type"]).toBe("text/html; charset=utf-8");
    expect(answer.headers["content-security-policy"]).toBe(CSP);
    const page = answer.body.toString("utf8");
    expect(page).toContain("The dashboard is not built");
    expect(page).toContain("pnpm --dir apps/dashboard build");
    expect(page).not.toMatch(/<script|style=/);

    await cp(FIXTURE, join(emptyDir, "dist"), { recursive: true });
    const built = await rawRequest(server.url, "/runs");
    expect(built.status).toBe(200);
    expect(built.body.toString("utf8")).toContain('<div id="root"></div>');
  });
});
