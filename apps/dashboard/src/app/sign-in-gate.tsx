import type { ReactNode } from "react";
import { ErrorState, LoadingState } from "../components/states";
import { useSessionQuery } from "../features/session/api/session-api";
import { SignInPage } from "../features/session/components/sign-in-page";
import { SessionProvider } from "../features/session/session-context";

/** Nothing but the sign-in form reaches the screen until the server confirms a session. */
export function SignInGate(props: { children: ReactNode }) {
  const session = useSessionQuery();
  if (session.isPending) return <LoadingState label="Checking your session…" />;
  if (session.isError) {
    return <ErrorState error={session.error} onRetry={() => void session.refetch()} />;
  }
  if (session.data === null) return <SignInPage />;
  return <SessionProvider session={session.data}>{props.children}</SessionProvider>;
}
