import type { ApiKeyScope } from "@columnline/domain/scopes";
import { QueryClient } from "@tanstack/react-query";
import { render } from "@testing-library/react";
import type { ReactNode } from "react";
import { inject } from "vitest";
import { Router } from "wouter";
import { memoryLocation } from "wouter/memory-location";
import { Providers } from "../../src/app/providers";
import { TimeSettingsProvider } from "../../src/app/time-settings";
import type { SessionInfo } from "../../src/features/session/api/session-api";
import { SessionProvider } from "../../src/features/session/session-context";
import { createApiClient } from "../../src/lib/trpc";

/** The app's tRPC client, pointed at the test API with the admin key (no cookie in tests). */
export const adminClient = () =>
  createApiClient({
    url: `${inject("apiUrl")}/trpc`,
    headers: { authorization: `Bearer ${inject("adminKey")}` },
  });

export const sessionWith = (scopes: ApiKeyScope[]): SessionInfo => ({
  key_id: null,
  key_name: `test ${scopes.join("+")}`,
  scopes,
  expires_at: new Date(Date.now() + 3_600_000).toISOString(),
});

/**
 * A page as the signed-in app shows it: providers, a session of `scopes`, the time settings
 * and a router at `path`. Data comes from the real API (with the admin key: the scopes
 * here decide what the page offers, the API's own checks are tested in apps/api).
 */
export function renderPage(ui: ReactNode, options: { path: string; scopes: ApiKeyScope[] }) {
  const [pathname = "/", search = ""] = options.path.split("?");
  const location = memoryLocation({ path: pathname, searchPath: search, record: true });
  const queryClient = new QueryClient({ defaultOptions: { queries: { retry: false } } });
  const view = render(
    <Providers client={adminClient()} queryClient={queryClient}>
      <SessionProvider session={sessionWith(options.scopes)}>
        <TimeSettingsProvider>
          <Router hook={location.hook} searchHook={location.searchHook}>
            {ui}
          </Router>
        </TimeSettingsProvider>
      </SessionProvider>
    </Providers>,
  );
  return { ...view, location };
}
