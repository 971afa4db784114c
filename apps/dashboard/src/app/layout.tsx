import type { ReactNode } from "react";
import { Link, useLocation } from "wouter";
import { useSignOut } from "../features/session/api/session-api";
import { useSession } from "../features/session/session-context";
import { visibleNavItems } from "./nav-items";

const isCurrent = (href: string, location: string) =>
  href === "/" ? location === "/" : location === href || location.startsWith(`${href}/`);

export function Layout(props: { children: ReactNode }) {
  const session = useSession();
  const signOut = useSignOut();
  const [location] = useLocation();
  return (
    <div className="shell">
      <header className="topbar">
        <Link href="/" className="brand">
          Columnline Runs
        </Link>
        <nav aria-label="Main">
          <ul>
            {visibleNavItems(session.scopes).map((item) => (
              <li key={item.href}>
                <Link
                  href={item.href}
                  aria-current={isCurrent(item.href, location) ? "page" : undefined}
                >
                  {item.label}
                </Link>
              </li>
            ))}
          </ul>
        </nav>
        <div className="who">
          <span title={`Scopes: ${session.scopes.join(", ")}`}>{session.key_name}</span>
          <button type="button" onClick={() => signOut.mutate()} disabled={signOut.isPending}>
            Sign out
          </button>
        </div>
      </header>
      <main className="content">{props.children}</main>
    </div>
  );
}
