import type { ApiKeyScope } from "@columnline/domain/scopes";
import { type QueryClient, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { errorCodeOf } from "../../../lib/api-error";
import { useTRPCClient } from "../../../lib/trpc";

/** What session.me and session.signIn answer: the key behind the cookie, never the key itself. */
export interface SessionInfo {
  key_id: string | null;
  key_name: string;
  scopes: ApiKeyScope[];
  expires_at: string;
}

export const sessionQueryKey = ["session", "me"] as const;

/** The signed-in session, or null when there is none (or it expired). */
export function useSessionQuery() {
  const client = useTRPCClient();
  return useQuery({
    queryKey: sessionQueryKey,
    queryFn: async (): Promise<SessionInfo | null> => {
      try {
        return await client.session.me.query();
      } catch (error) {
        if (errorCodeOf(error) === "UNAUTHORIZED") return null;
        throw error;
      }
    },
    staleTime: 60_000,
    retry: false,
  });
}

/** Forgets every cached answer of the previous session, then shows `session` (null: sign-in). */
export function replaceSession(queryClient: QueryClient, session: SessionInfo | null) {
  queryClient.removeQueries({ predicate: (query) => query.queryKey[0] !== "session" });
  queryClient.setQueryData(sessionQueryKey, session);
}

export function useSignIn() {
  const client = useTRPCClient();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (key: string) => client.session.signIn.mutate({ key }),
    onSuccess: (session) => replaceSession(queryClient, session),
  });
}

export function useSignOut() {
  const client = useTRPCClient();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: () => client.session.signOut.mutate(),
    onSettled: () => replaceSession(queryClient, null),
  });
}
