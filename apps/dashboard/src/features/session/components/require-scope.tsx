import type { ApiKeyScope } from "@columnline/domain/scopes";
import type { ReactNode } from "react";
import { useMay } from "../session-context";

/** Refuses a page the key may not use (the nav hides it too; this covers typed URLs). */
export function RequireScope(props: { scope: ApiKeyScope; children: ReactNode }) {
  if (useMay(props.scope)) return <>{props.children}</>;
  return (
    <section className="page">
      <h1>Not allowed</h1>
      <p role="alert">
        This page needs a key with the <code>{props.scope}</code> scope. Sign in with such a key to
        use it.
      </p>
    </section>
  );
}
