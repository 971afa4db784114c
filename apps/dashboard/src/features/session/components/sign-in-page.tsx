import { type FormEvent, useState } from "react";
import { errorCodeOf, errorMessageOf } from "../../../lib/api-error";
import { useSignIn } from "../api/session-api";

/** Paste an API key; the server answers with an HttpOnly cookie and the key leaves memory. */
export function SignInPage() {
  const [key, setKey] = useState("");
  const signIn = useSignIn();

  function submit(event: FormEvent) {
    event.preventDefault();
    const pasted = key.trim();
    if (pasted === "") return;
    signIn.mutate(pasted, { onSettled: () => setKey("") });
  }

  const refused = signIn.isError && errorCodeOf(signIn.error) === "UNAUTHORIZED";
  return (
    <main className="sign-in">
      <form className="card sign-in-card" onSubmit={submit} aria-labelledby="sign-in-title">
        <h1 id="sign-in-title">Columnline Runs</h1>
        <p>Sign in with an API key. The key is sent once; the browser keeps only a session.</p>
        <label htmlFor="api-key">API key</label>
        <input
          id="api-key"
          name="api-key"
          type="password"
          autoComplete="off"
          spellCheck={false}
          value={key}
          onChange={(event) => setKey(event.target.value)}
          required
        />
        <button type="submit" disabled={signIn.isPending}>
          {signIn.isPending ? "Signing in…" : "Sign in"}
        </button>
        {signIn.isError && (
          <p role="alert" className="error-text">
            {refused ? "That key is not valid, or it was revoked." : errorMessageOf(signIn.error)}
          </p>
        )}
        <p className="hint">
          The service prints an admin key when it first starts; admins create more on the Keys page.
        </p>
      </form>
    </main>
  );
}
