import { type FormEvent, useState } from "react";
import { DataTable } from "../../../components/data-table";
import { ErrorState, LoadingState } from "../../../components/states";
import { formatUsdExact } from "../../../lib/format";
import type { RouterInputs } from "../../../lib/router-types";
import { usePriceLookup } from "../api/use-prices";

/** "What would a step of this model cost per million tokens at that date?" */
export function PriceLookup() {
  const [model, setModel] = useState("");
  const [at, setAt] = useState("");
  const [asked, setAsked] = useState<RouterInputs["prices"]["lookup"] | null>(null);
  const lookup = usePriceLookup(asked);
  function submit(event: FormEvent) {
    event.preventDefault();
    if (model.trim() === "") return;
    setAsked({ model: model.trim(), ...(at ? { at } : {}) });
  }
  return (
    <section className="card" aria-labelledby="price-lookup-title">
      <h2 id="price-lookup-title">Look up a price</h2>
      <form className="inline-form" onSubmit={submit}>
        <label>
          Model
          <input
            value={model}
            onChange={(event) => setModel(event.target.value)}
            placeholder="gpt-4o"
          />
        </label>
        <label>
          At date (UTC, empty for now)
          <input type="date" value={at} onChange={(event) => setAt(event.target.value)} />
        </label>
        <button type="submit">Look up</button>
      </form>
      {asked && lookup.isPending && <LoadingState />}
      {lookup.isError && <ErrorState error={lookup.error} />}
      {lookup.data && (
        <>
          <p>
            <strong>{lookup.data.model_id}</strong> from the {lookup.data.source} (
            {lookup.data.catalog}
            {lookup.data.provider_id ? `, ${lookup.data.provider_id}` : ""}), at {lookup.data.at}
          </p>
          <DataTable
            caption="Unit prices, USD"
            rows={lookup.data.prices}
            rowKey={(price) => price.key}
            columns={[
              { header: "Price", cell: (price) => price.key },
              { header: "Charges", cell: (price) => price.usage },
              {
                header: "USD",
                numeric: true,
                cell: (price) =>
                  `${formatUsdExact(price.unit_price)} per ${price.per === 1_000_000 ? "million" : "thousand"}`,
              },
            ]}
          />
        </>
      )}
    </section>
  );
}
