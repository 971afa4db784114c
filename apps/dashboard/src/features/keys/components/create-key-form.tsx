import { type ApiKeyScope, apiKeyScopes } from "@columnline/domain/scopes";
import { type FormEvent, useState } from "react";
import { errorMessageOf } from "../../../lib/api-error";
import { useCreateApiKey } from "../api/use-keys";

/** Names a key and its scopes; the new key is shown here once, then only its prefix. */
export function CreateKeyForm() {
  const [name, setName] = useState("");
  const [scopes, setScopes] = useState<ApiKeyScope[]>(["runs:read"]);
  const create = useCreateApiKey();
  function toggle(scope: ApiKeyScope, on: boolean) {
    setScopes(on ? [...scopes, scope] : scopes.filter((held) => held !== scope));
  }
  function submit(event: FormEvent) {
    event.preventDefault();
    create.mutate({ name: name.trim(), scopes }, { onSuccess: () => setName("") });
  }
  return (
    <section className="card" aria-labelledby="create-key-title">
      <h2 id="create-key-title">Create a key</h2>
      <form className="inline-form" onSubmit={submit}>
        <label>
          Name
          <input required value={name} onChange={(event) => setName(event.target.value)} />
        </label>
        <fieldset>
          <legend>Scopes</legend>
          {apiKeyScopes.map((scope) => (
            <label key={scope} className="check">
              <input
                type="checkbox"
                checked={scopes.includes(scope)}
                onChange={(event) => toggle(scope, event.target.checked)}
              />
              {scope}
            </label>
          ))}
        </fieldset>
        <button type="submit" disabled={create.isPending || scopes.length === 0}>
          Create key
        </button>
      </form>
      {create.isError && (
        <p role="alert" className="error-text">
          {errorMessageOf(create.error)}
        </p>
      )}
      {create.data && (
        <div className="new-key" role="status">
          <p>
            Key <strong>{create.data.name}</strong> created. Copy it now: it is not shown again.
          </p>
          <output aria-label="New API key" className="secret">
            {create.data.key}
          </output>
          <button type="button" className="secondary" onClick={() => create.reset()}>
            I have copied it
          </button>
        </div>
      )}
    </section>
  );
}
