import { Link } from "wouter";
import { formatCount } from "../../../lib/format";

/** Shown only when some steps have no price: their cost is missing from every total. */
export function UnpricedWarning(props: { total: number }) {
  if (props.total === 0) return null;
  return (
    <div className="warning" role="alert">
      {formatCount(props.total)} step{props.total === 1 ? " has" : "s have"} no price in this range,
      so the totals leave them out.{" "}
      <Link href="/models#unpriced">See the unpriced steps and set a price</Link>.
    </div>
  );
}
