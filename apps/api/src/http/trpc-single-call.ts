import type { IncomingMessage, ServerResponse } from "node:http";
import { DomainError } from "@columnline/domain";
import {
  type AnyTRPCRouter,
  callTRPCProcedure,
  getTRPCErrorFromUnknown,
  getTRPCErrorShape,
} from "@trpc/server";
import { getHTTPStatusCodeFromError } from "@trpc/server/http";
import { toDomainError, toTrpcError } from "../errors/api-error";
import type { ApiContext } from "../trpc";
import { readJsonBody } from "./read-json-body";
import { sendJson } from "./send-json";

interface ProcedureLike {
  _def: { type: string };
}

/**
 * Serves a single (non-batched) tRPC call — what the SDK's httpLink sends — straight
 * through callTRPCProcedure, as the REST surface does. tRPC's fetch-based adapter
 * cost a third of the throughput and 40 MB of memory on the step hot path
 * (bench/results). Same envelope, error shape and status codes; batches, wrong
 * methods and unknown procedures are left to the adapter (answers false).
 */
export function createTrpcSingleCall(options: {
  router: AnyTRPCRouter;
  createContext: (req: IncomingMessage, res: ServerResponse, requestId: string) => ApiContext;
}) {
  const { router, createContext } = options;
  const procedures = router._def.procedures as Record<string, ProcedureLike>;
  return async (
    req: IncomingMessage,
    res: ServerResponse,
    url: URL,
    requestId: string,
  ): Promise<boolean> => {
    if (url.searchParams.has("batch")) return false;
    const path = url.pathname.slice("/trpc/".length);
    const procedure = Object.hasOwn(procedures, path) ? procedures[path] : undefined;
    const type = procedure?._def.type;
    if (
      !(type === "query" && (req.method === "GET" || req.method === "HEAD")) &&
      !(type === "mutation" && req.method === "POST")
    ) {
      return false;
    }
    const ctx = createContext(req, res, requestId);
    let input: unknown;
    try {
      input = type === "query" ? queryInput(url) : await readJsonBody(req);
      const data = await callTRPCProcedure({
        router,
        path,
        getRawInput: async () => input,
        ctx,
        type,
        signal: undefined,
        batchIndex: 0,
      });
      sendJson(res, 200, { result: { data } });
    } catch (cause) {
      const domain = toDomainError(cause);
      const error = domain ? toTrpcError(domain) : getTRPCErrorFromUnknown(cause);
      if (domain?.code === "PAYLOAD_TOO_LARGE") res.setHeader("connection", "close");
      const shape = getTRPCErrorShape({
        config: router._def._config,
        error,
        type,
        path,
        input,
        ctx,
      });
      sendJson(res, getHTTPStatusCodeFromError(error), { error: shape });
    }
    return true;
  };
}

function queryInput(url: URL): unknown {
  const text = url.searchParams.get("input");
  if (text === null) return undefined;
  try {
    return JSON.parse(text);
  } catch {
    throw new DomainError("VALIDATION", "The input query parameter is not valid JSON");
  }
}
