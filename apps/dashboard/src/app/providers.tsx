import type { AppRouter } from "@columnline/api";
import { QueryCache, QueryClient, QueryClientProvider } from "@tanstack/react-query";
import type { TRPCClient } from "@trpc/client";
import { type ReactNode, useState } from "react";
import { replaceSession } from "../features/session/api/session-api";
import { errorCodeOf } from "../lib/api-error";
import { createApiClient, TRPCProvider } from "../lib/trpc";

/** A query cache that sends the user back to sign-in when the session ends under it. */
export function createAppQueryClient(): QueryClient {
  const queryClient: QueryClient = new QueryClient({
    queryCache: new QueryCache({
      onError: (error, query) => {
        if (query.queryKey[0] === "session") return;
        if (errorCodeOf(error) === "UNAUTHORIZED") replaceSession(queryClient, null);
      },
    }),
    defaultOptions: {
      queries: {
        staleTime: 15_000,
        // A refused or missing thing stays refused: retry only what may be transient.
        retry: (count, error) =>
          count < 2 &&
          !["UNAUTHORIZED", "FORBIDDEN", "NOT_FOUND", "BAD_REQUEST"].includes(
            errorCodeOf(error) ?? "",
          ),
      },
    },
  });
  return queryClient;
}

export function Providers(props: {
  children: ReactNode;
  client?: TRPCClient<AppRouter>;
  queryClient?: QueryClient;
}) {
  const [queryClient] = useState(() => props.queryClient ?? createAppQueryClient());
  const [trpcClient] = useState(() => props.client ?? createApiClient());
  return (
    <QueryClientProvider client={queryClient}>
      <TRPCProvider trpcClient={trpcClient} queryClient={queryClient}>
        {props.children}
      </TRPCProvider>
    </QueryClientProvider>
  );
}
