import { startTestServer, type TestServer } from "@columnline/api/testing";
import type { TestProject } from "vitest/node";

declare module "vitest" {
  export interface ProvidedContext {
    apiUrl: string;
    adminKey: string;
  }
}

let server: TestServer | undefined;

/** One real API over an in-memory PGlite ledger for every component test of the run. */
export async function setup(project: TestProject) {
  server = await startTestServer("pglite");
  project.provide("apiUrl", server.url);
  project.provide("adminKey", server.adminKey);
}

export async function teardown() {
  await server?.close();
}
