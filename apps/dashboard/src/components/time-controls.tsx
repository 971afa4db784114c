import { isIanaTimeZone } from "@columnline/domain/time-zone";
import { useState } from "react";
import { useTimeSettings } from "../app/time-settings";
import { MAX_RANGE_DAYS, type RangePreset, rangeLabels, rangePresets } from "../lib/time-range";

const commonZones = [
  "UTC",
  "Europe/London",
  "Europe/Paris",
  "America/New_York",
  "America/Los_Angeles",
  "Asia/Tokyo",
];

/** The range picker and the time zone that sets day boundaries, for the page header. */
export function TimeControls() {
  const { preset, setPreset, timeZone, setTimeZone, range } = useTimeSettings();
  const [zoneText, setZoneText] = useState(timeZone);
  const zoneValid = isIanaTimeZone(zoneText);
  return (
    <div className="time-controls">
      <label>
        Time range
        <select value={preset} onChange={(event) => setPreset(event.target.value as RangePreset)}>
          {rangePresets.map((value) => (
            <option key={value} value={value}>
              {rangeLabels[value]}
            </option>
          ))}
        </select>
      </label>
      <label>
        Time zone
        <input
          list="time-zones"
          value={zoneText}
          aria-invalid={!zoneValid}
          onChange={(event) => {
            setZoneText(event.target.value);
            if (isIanaTimeZone(event.target.value)) setTimeZone(event.target.value);
          }}
        />
      </label>
      {range.clipped && (
        <p className="hint" role="status">
          All time reaches further back than {MAX_RANGE_DAYS} days: the last {MAX_RANGE_DAYS} days
          are shown, from {range.days[0]}.
        </p>
      )}
      <datalist id="time-zones">
        {commonZones.map((zone) => (
          <option key={zone} value={zone} />
        ))}
      </datalist>
    </div>
  );
}
