import type { ApiKeyScope } from "@columnline/domain/scopes";
import { sessionMay } from "../features/session/scopes";

export interface NavItem {
  href: string;
  label: string;
  scope: ApiKeyScope;
}

export const navItems: readonly NavItem[] = [
  { href: "/", label: "Overview", scope: "runs:read" },
  { href: "/runs", label: "Runs", scope: "runs:read" },
  { href: "/clients", label: "Clients", scope: "runs:read" },
  { href: "/models", label: "Models and prices", scope: "runs:read" },
  { href: "/webhooks", label: "Webhooks", scope: "admin" },
  { href: "/keys", label: "Keys", scope: "admin" },
];

/** The pages a session's key may open: the others are not even linked. */
export const visibleNavItems = (scopes: readonly ApiKeyScope[]): NavItem[] =>
  navItems.filter((item) => sessionMay(scopes, item.scope));
