import { fireEvent, render, screen } from "@testing-library/react";
import { beforeEach, describe, expect, inject, it } from "vitest";
import { App } from "../src/app/app";

interface HappyDom {
  setURL(url: string): void;
  settings: {
    fetch: {
      interceptor: {
        beforeAsyncRequest(context: { request: Request }): Promise<undefined>;
      } | null;
    };
  };
}

// The page is served by the API itself, as in production: same origin, cookie and all.
// Browsers send Origin on every POST; happy-dom only on cross-origin ones, so it is added.
beforeEach(() => {
  const happyDom = (window as unknown as { happyDOM: HappyDom }).happyDOM;
  happyDom.setURL(`${inject("apiUrl")}/`);
  happyDom.settings.fetch.interceptor = {
    async beforeAsyncRequest({ request }) {
      if (request.method === "POST") request.headers.set("origin", window.location.origin);
      return undefined;
    },
  };
});

async function signIn(key: string) {
  fireEvent.change(await screen.findByLabelText("API key"), { target: { value: key } });
  fireEvent.click(screen.getByRole("button", { name: "Sign in" }));
}

describe("the sign-in gate, on the real API", () => {
  it("shows only the sign-in form without a session, then the app after signing in", async () => {
    render(<App />);
    expect(await screen.findByRole("heading", { name: "Columnline Runs" })).toBeTruthy();
    expect(screen.queryByRole("navigation", { name: "Main" })).toBeNull();

    await signIn(inject("adminKey"));
    expect(await screen.findByRole("heading", { name: "Overview" })).toBeTruthy();
    expect(screen.getByRole("link", { name: "Keys" })).toBeTruthy();

    // The key is nowhere the page can read it back.
    const key = inject("adminKey");
    expect(document.body.innerHTML.includes(key)).toBe(false);
    expect(JSON.stringify({ ...localStorage }).includes(key)).toBe(false);
    expect(JSON.stringify({ ...sessionStorage }).includes(key)).toBe(false);
    expect(window.location.href.includes(key)).toBe(false);
    expect(document.cookie.includes(key)).toBe(false);

    fireEvent.click(screen.getByRole("button", { name: "Sign out" }));
    expect(await screen.findByLabelText("API key")).toBeTruthy();
    expect(screen.queryByRole("heading", { name: "Overview" })).toBeNull();
  });

  it("says so when the key is refused", async () => {
    render(<App />);
    await signIn("not-a-real-key-0000000000");
    expect((await screen.findByRole("alert")).textContent).toContain("not valid");
  });
});
