import type { AppRouter } from "@columnline/api";
import { createTRPCClient, httpBatchLink, type TRPCClient } from "@trpc/client";
import { createTRPCContext } from "@trpc/tanstack-react-query";

export const { TRPCProvider, useTRPC, useTRPCClient } = createTRPCContext<AppRouter>();

export interface ApiClientOptions {
  /** Where tRPC answers; the API serves the dashboard, so same-origin "/trpc" by default. */
  url?: string;
  /** Only for tests against a server without sessions; the browser sends its session cookie. */
  headers?: Record<string, string>;
}

/** The one tRPC client of the app: batched, same-origin, with the session cookie. */
export function createApiClient(options: ApiClientOptions = {}): TRPCClient<AppRouter> {
  return createTRPCClient<AppRouter>({
    links: [
      httpBatchLink({
        url: options.url ?? "/trpc",
        headers: () => options.headers ?? {},
        fetch: (input, init) => fetch(input, { ...init, credentials: "same-origin" }),
      }),
    ],
  });
}
