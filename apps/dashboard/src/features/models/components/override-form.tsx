import { type FormEvent, useState } from "react";
import { errorMessageOf } from "../../../lib/api-error";
import { usePutOverride } from "../api/use-prices";

const priceFields = [
  ["input_mtok", "Input, USD per million tokens", true],
  ["output_mtok", "Output, USD per million tokens", true],
  ["cache_read_mtok", "Cache read, USD per million (optional)", false],
  ["cache_write_mtok", "Cache write, USD per million (optional)", false],
] as const;

/** Creates a price override: global, or for one client, from a date on. */
export function OverrideForm() {
  const [values, setValues] = useState<Record<string, string>>({});
  const put = usePutOverride();
  const set = (name: string) => (event: { target: { value: string } }) =>
    setValues({ ...values, [name]: event.target.value });
  const optional = (name: string) => (values[name]?.trim() ? { [name]: values[name].trim() } : {});
  function submit(event: FormEvent) {
    event.preventDefault();
    put.mutate(
      {
        model: values.model?.trim() ?? "",
        input_mtok: values.input_mtok?.trim() ?? "",
        output_mtok: values.output_mtok?.trim() ?? "",
        ...optional("client_id"),
        ...optional("effective_from"),
        ...optional("cache_read_mtok"),
        ...optional("cache_write_mtok"),
      },
      { onSuccess: () => setValues({}) },
    );
  }
  return (
    <form className="inline-form" onSubmit={submit} aria-label="New price override">
      <label>
        Model
        <input required value={values.model ?? ""} onChange={set("model")} />
      </label>
      <label>
        Client ID (empty: every client)
        <input value={values.client_id ?? ""} onChange={set("client_id")} />
      </label>
      <label>
        Effective from (UTC day, empty: now)
        <input type="date" value={values.effective_from ?? ""} onChange={set("effective_from")} />
      </label>
      {priceFields.map(([name, label, required]) => (
        <label key={name}>
          {label}
          <input
            inputMode="decimal"
            required={required}
            value={values[name] ?? ""}
            onChange={set(name)}
          />
        </label>
      ))}
      <button type="submit" disabled={put.isPending}>
        Create override
      </button>
      {put.isError && (
        <p role="alert" className="error-text">
          {errorMessageOf(put.error)}
        </p>
      )}
    </form>
  );
}
