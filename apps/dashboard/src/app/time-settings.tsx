import { isIanaTimeZone } from "@columnline/domain/time-zone";
import { useQuery } from "@tanstack/react-query";
import { createContext, type ReactNode, useContext, useMemo, useState } from "react";
import { ErrorState, LoadingState } from "../components/states";
import { isRangePreset, type RangePreset, resolveRange, type TimeRange } from "../lib/time-range";
import { zonedDay } from "../lib/time-zone";
import { useTRPC } from "../lib/trpc";

interface TimeSettings {
  preset: RangePreset;
  timeZone: string;
  range: TimeRange;
  setPreset: (preset: RangePreset) => void;
  setTimeZone: (timeZone: string) => void;
}

const TimeSettingsContext = createContext<TimeSettings | null>(null);

/** When the ledger's first run started: what "All time" starts from (asked only for it). */
function useLedgerStart(enabled: boolean) {
  const trpc = useTRPC();
  return useQuery({
    ...trpc.runs.list.queryOptions({ sort: "started_at", order: "asc", limit: 1 }),
    enabled,
    select: (page) => page.items[0]?.started_at ?? null,
  });
}

/** The picked range and day-boundary zone, shared by every page (a link may preset them). */
export function TimeSettingsProvider(props: { children: ReactNode; now?: () => Date }) {
  const [preset, setPreset] = useState<RangePreset>(() => {
    const asked = new URLSearchParams(window.location.search).get("range");
    return isRangePreset(asked) ? asked : "30d";
  });
  const [timeZone, setTimeZone] = useState(() => {
    const asked = new URLSearchParams(window.location.search).get("tz");
    return asked && isIanaTimeZone(asked) ? asked : "UTC";
  });
  const ledgerStart = useLedgerStart(preset === "all");
  const startedAt = preset === "all" ? ledgerStart.data : null;
  const now = props.now;
  // Resolved once per change of preset or zone: every query of a page shares one range.
  const value = useMemo(() => {
    const firstDay = startedAt ? zonedDay(new Date(startedAt), timeZone) : null;
    return {
      preset,
      timeZone,
      range: resolveRange(preset, timeZone, now ? now() : new Date(), firstDay),
      setPreset,
      setTimeZone,
    };
  }, [preset, timeZone, now, startedAt]);
  // "All time" needs the first run's day before any page asks for its range.
  if (preset === "all" && ledgerStart.isPending)
    return <LoadingState label="Finding the first run…" />;
  if (preset === "all" && ledgerStart.isError) {
    return <ErrorState error={ledgerStart.error} onRetry={() => void ledgerStart.refetch()} />;
  }
  return (
    <TimeSettingsContext.Provider value={value}>{props.children}</TimeSettingsContext.Provider>
  );
}

export function useTimeSettings(): TimeSettings {
  const settings = useContext(TimeSettingsContext);
  if (!settings) throw new Error("useTimeSettings is used outside TimeSettingsProvider");
  return settings;
}
