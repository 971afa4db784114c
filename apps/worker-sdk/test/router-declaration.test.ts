import { describe, expect, it } from "vitest";
import { clientRouterDeclaration } from "../scripts/router-declaration.js";

const emitted = (type: string) =>
  `export declare const appRouter: ${type};\nexport type AppRouter = typeof appRouter;\n`;

describe("the published router declaration", () => {
  it("keeps the router's type and tRPC's, and puts stand-ins for the server's own types", () => {
    const output = clientRouterDeclaration(
      emitted(
        'import("@trpc/server").TRPCBuiltRouter<{ ctx: import("../trpc").ApiContext; meta: import("../rest/route-meta").RouteMeta; issues: import("@columnline/domain").ErrorIssue[] }, {}>',
      ),
    );

    expect(output).toContain(
      'declare const appRouter: import("@trpc/server").TRPCBuiltRouter<{ ctx: ServerContext; meta: RouteMeta; issues: ErrorIssue[] }, {}>;',
    );
    expect(output).toContain("export interface ErrorIssue {");
    expect(output).toMatch(/export type AppRouter = typeof appRouter;\n$/);
    expect(output).not.toMatch(/import\("(\.|@columnline)/);
  });

  it("copies the run-state hint a 409 carries", () => {
    const output = clientRouterDeclaration(
      emitted('{ runState: import("../errors/run-state-hint").RunStateHint | null }'),
    );

    expect(output).toContain("declare const appRouter: { runState: RunStateHint | null };");
    expect(output).toContain("export interface RunStateHint {");
  });

  it("refuses a server type it has no stand-in for", () => {
    expect(() =>
      clientRouterDeclaration(emitted('{ db: import("@columnline/db").Database }')),
    ).toThrow(/now names import\("@columnline\/db"\)\.Database: add it to REPLACEMENTS/);
  });

  it("refuses a declaration of another shape", () => {
    expect(() => clientRouterDeclaration("export type AppRouter = unknown;\n")).toThrow(
      /changed shape/,
    );
  });
});
