import { useState } from "react";
import { useTimeSettings } from "../../../app/time-settings";
import { Pager } from "../../../components/pager";
import { EmptyState, QueryView } from "../../../components/states";
import { LIVE_POLL_MS, useRunsPage } from "../api/use-runs-page";
import type { RunFilters } from "../filters";
import { RunsTable } from "./runs-table";

const PAGE_SIZE = 25;

/** A page of runs for filters, with previous / next; a change of filters starts at page 1. */
export function RunsList(props: { filters: RunFilters }) {
  const { range, timeZone } = useTimeSettings();
  // The cursors of the pages before this one: "previous" pops, "next" pushes.
  const [cursors, setCursors] = useState<string[]>([]);
  const cursor = cursors[cursors.length - 1];
  const query = useRunsPage(props.filters, range, {
    limit: PAGE_SIZE,
    ...(cursor ? { cursor } : {}),
  });
  return (
    <QueryView query={query} label="Loading runs…">
      {(page) =>
        page.items.length === 0 ? (
          <EmptyState title="No runs match these filters in this time range." />
        ) : (
          <>
            {query.isFetching && !query.isPending && (
              <p className="hint" aria-live="polite">
                Updating… (running runs refresh every {LIVE_POLL_MS / 1000} s)
              </p>
            )}
            <RunsTable runs={page.items} timeZone={timeZone} />
            <Pager
              page={cursors.length + 1}
              hasNext={page.next_cursor !== null}
              onPrevious={() => setCursors(cursors.slice(0, -1))}
              onNext={() => page.next_cursor && setCursors([...cursors, page.next_cursor])}
            />
          </>
        )
      }
    </QueryView>
  );
}
