import { type ApiKeyScope, DomainError } from "@columnline/domain";
import type { AnyTRPCRouter } from "@trpc/server";
import type { ZodType } from "zod";
import type { HttpMethod, RestRouteMeta, RouteMeta } from "./route-meta";

export interface RestRoute extends RestRouteMeta {
  procedurePath: string;
  procedureType: "query" | "mutation";
  input: ZodType | undefined;
  scope: ApiKeyScope | undefined;
  pathParams: string[];
  /** Set on an earlier path of a route (RestRouteMeta.deprecatedPath): the path to use now. */
  successorPath: string | undefined;
  /** Matches the path below /api/v1 and captures the parameters in order. */
  pattern: RegExp;
}

interface ProcedureLike {
  _def: { type: string; inputs: unknown[]; meta?: unknown };
}

/** Reads the REST routes off the router's procedures' meta, once at start-up. */
export function collectRestRoutes(router: AnyTRPCRouter): RestRoute[] {
  const routes: RestRoute[] = [];
  const procedures = router._def.procedures as Record<string, ProcedureLike>;
  for (const [procedurePath, procedure] of Object.entries(procedures)) {
    const meta = procedure._def.meta as RouteMeta | undefined;
    if (!meta?.rest) continue;
    const base = {
      ...meta.rest,
      procedurePath,
      procedureType: procedure._def.type === "query" ? "query" : "mutation",
      input: procedure._def.inputs[0] as ZodType | undefined,
      scope: meta.scope,
    } as const;
    routes.push({ ...base, ...pathMatcher(meta.rest.path), successorPath: undefined });
    if (meta.rest.deprecatedPath) {
      const path = meta.rest.deprecatedPath;
      routes.push({ ...base, path, ...pathMatcher(path), successorPath: meta.rest.path });
    }
  }
  return routes;
}

function pathMatcher(path: string): { pathParams: string[]; pattern: RegExp } {
  const pathParams = [...path.matchAll(/\{([a-z_]+)\+?\}/g)].map((match) => match[1] ?? "");
  const escaped = path.replace(/[.*?^$()|[\]\\]/g, "\\$&");
  // {name} is one segment; {name+} is greedy (the rest of the path, slashes included).
  const source = escaped.replace(/\{[a-z_]+\+\}/g, "(.+)").replace(/\{[a-z_]+\}/g, "([^/]+)");
  return { pathParams, pattern: new RegExp(`^${source}$`) };
}

export type AllowedMethod = HttpMethod | "HEAD";

export type RouteMatch =
  | { kind: "found"; route: RestRoute; params: Record<string, string> }
  | { kind: "method-not-allowed"; allowed: AllowedMethod[] }
  | { kind: "not-found" };

export function matchRestRoute(
  routes: readonly RestRoute[],
  method: string,
  path: string,
): RouteMatch {
  // One path, one meaning: a deprecated path answers only where no documented one matches,
  // so /prices/overrides/{id} never turns into a lookup of a model called "overrides/...".
  const current = matchAmong(
    routes.filter((route) => route.successorPath === undefined),
    method,
    path,
  );
  if (current.kind !== "not-found") return current;
  return matchAmong(
    routes.filter((route) => route.successorPath !== undefined),
    method,
    path,
  );
}

function matchAmong(routes: readonly RestRoute[], method: string, path: string): RouteMatch {
  const allowed: AllowedMethod[] = [];
  // HEAD is GET without the body (RFC 9110): it matches GET routes; node sends no body for it.
  const wanted = method === "HEAD" ? "GET" : method;
  for (const route of routes) {
    const match = route.pattern.exec(path);
    if (!match) continue;
    if (route.method !== wanted) {
      const methods: AllowedMethod[] = route.method === "GET" ? ["GET", "HEAD"] : [route.method];
      for (const each of methods) if (!allowed.includes(each)) allowed.push(each);
      continue;
    }
    const params: Record<string, string> = {};
    route.pathParams.forEach((name, index) => {
      params[name] = decodePathSegment(match[index + 1] ?? "", name);
    });
    return { kind: "found", route, params };
  }
  return allowed.length > 0 ? { kind: "method-not-allowed", allowed } : { kind: "not-found" };
}

function decodePathSegment(segment: string, name: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    throw new DomainError("VALIDATION", `${name} in the URL is not valid percent-encoding`, {
      issues: [{ path: name, message: "Invalid percent-encoding" }],
    });
  }
}
