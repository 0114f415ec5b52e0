/** Date range: presets, or since (inclusive) and before (exclusive) days. */
import { useId } from 'react';
import type { DateRange } from '../../../../src-shared/domain.ts';
import { matchingPreset, presetRange, RANGE_PRESETS, rangeProblem } from './dates.ts';

export function DateRangePicker({
  range,
  onChange,
}: {
  range: DateRange;
  onChange: (range: DateRange) => void;
}) {
  const id = useId();
  const today = new Date();
  const active = matchingPreset(range, today);
  const problem = rangeProblem(range);
  return (
    <div className="date-range">
      <div className="segmented" role="group" aria-label="Date range presets">
        {RANGE_PRESETS.map((preset) => (
          <button
            key={preset.id}
            type="button"
            aria-pressed={active === preset.id}
            onClick={() => {
              onChange(presetRange(preset.id, today));
            }}
          >
            {preset.label}
          </button>
        ))}
      </div>
      <div className="row">
        <div>
          <label htmlFor={`${id}-since`}>Since (inclusive)</label>
          <input
            id={`${id}-since`}
            type="date"
            value={range.since ?? ''}
            onChange={(event) => {
              onChange({ ...range, since: event.target.value === '' ? null : event.target.value });
            }}
          />
        </div>
        <div>
          <label htmlFor={`${id}-before`}>Before (exclusive)</label>
          <input
            id={`${id}-before`}
            type="date"
            value={range.before ?? ''}
            onChange={(event) => {
              onChange({ ...range, before: event.target.value === '' ? null : event.target.value });
            }}
          />
        </div>
      </div>
      {problem !== null && (
        <p className="hint warn" role="alert">
          {problem}
        </p>
      )}
    </div>
  );
}
