import type { ApiKeyScope } from "@columnline/domain/scopes";
import { createContext, type ReactNode, useContext } from "react";
import type { SessionInfo } from "./api/session-api";
import { sessionMay } from "./scopes";

const SessionContext = createContext<SessionInfo | null>(null);

export function SessionProvider(props: { session: SessionInfo; children: ReactNode }) {
  return <SessionContext.Provider value={props.session}>{props.children}</SessionContext.Provider>;
}

/** The signed-in session; only used under the sign-in gate. */
export function useSession(): SessionInfo {
  const session = useContext(SessionContext);
  if (!session) throw new Error("useSession is used outside the sign-in gate");
  return session;
}

export function useMay(scope: ApiKeyScope): boolean {
  return sessionMay(useSession().scopes, scope);
}
