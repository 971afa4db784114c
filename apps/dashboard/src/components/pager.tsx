/** Previous / next over cursor pages; the page number is for people, the cursor for the API. */
export function Pager(props: {
  page: number;
  hasNext: boolean;
  onPrevious: () => void;
  onNext: () => void;
}) {
  return (
    <nav className="pager" aria-label="Pages">
      <button type="button" onClick={props.onPrevious} disabled={props.page <= 1}>
        Previous page
      </button>
      <span aria-live="polite">Page {props.page}</span>
      <button type="button" onClick={props.onNext} disabled={!props.hasNext}>
        Next page
      </button>
    </nav>
  );
}
