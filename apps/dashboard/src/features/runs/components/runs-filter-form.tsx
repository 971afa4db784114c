import { runStatuses, triggeredByValues } from "@columnline/domain/status";
import { type FormEvent, useState } from "react";
import { defaultRunFilters, filtersFromSearch, filtersToSearch, type RunFilters } from "../filters";

/** The filters as a form; applied on submit (typing an ID does not fire a request per key). */
export function RunsFilterForm(props: {
  filters: RunFilters;
  onChange: (filters: RunFilters) => void;
  hideClient?: boolean;
}) {
  const [draft, setDraft] = useState(() => filtersToSearch(props.filters));
  const field = (name: string) => ({
    name,
    value: draft.get(name) ?? "",
    onChange: (event: { target: { value: string } }) => {
      const next = new URLSearchParams(draft);
      next.set(name, event.target.value);
      setDraft(next);
    },
  });
  function submit(event: FormEvent) {
    event.preventDefault();
    props.onChange(filtersFromSearch(draft));
  }
  function reset() {
    setDraft(new URLSearchParams());
    props.onChange(defaultRunFilters);
  }
  return (
    <form className="card filters" onSubmit={submit} aria-label="Filter runs">
      <label>
        Search run or dossier ID
        <input type="search" placeholder="RUN_2026… or a dossier ID" {...field("q")} />
      </label>
      <label>
        Status
        <select {...field("status")}>
          <option value="">Any</option>
          {runStatuses.map((status) => (
            <option key={status}>{status}</option>
          ))}
        </select>
      </label>
      {!props.hideClient && (
        <label>
          Client ID
          <input placeholder="CLT_…" {...field("client_id")} />
        </label>
      )}
      <label>
        Triggered by
        <select {...field("triggered_by")}>
          <option value="">Any</option>
          {triggeredByValues.map((value) => (
            <option key={value}>{value}</option>
          ))}
        </select>
      </label>
      <label>
        Min cost (USD)
        <input inputMode="decimal" {...field("min_cost")} />
      </label>
      <label>
        Max cost (USD)
        <input inputMode="decimal" {...field("max_cost")} />
      </label>
      <label>
        Sort by
        <select {...field("sort")}>
          <option value="started_at">Start time</option>
          <option value="total_cost">Cost</option>
        </select>
      </label>
      <label>
        Order
        <select {...field("order")}>
          <option value="desc">Highest / newest first</option>
          <option value="asc">Lowest / oldest first</option>
        </select>
      </label>
      <div className="filter-actions">
        <button type="submit">Apply filters</button>
        <button type="button" className="secondary" onClick={reset}>
          Clear
        </button>
      </div>
    </form>
  );
}
