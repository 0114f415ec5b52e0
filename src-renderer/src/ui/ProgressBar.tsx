/** A labelled bar; `value` is 0..1, or null for "still counting" (animated only while `busy`). */
export function ProgressBar({
  value,
  label,
  busy = true,
}: {
  value: number | null;
  label: string;
  busy?: boolean;
}) {
  const percent = value === null ? undefined : Math.round(value * 100);
  const className = value === null ? (busy ? 'bar bar-indeterminate' : 'bar bar-unknown') : 'bar';
  return (
    <div
      className={className}
      role="progressbar"
      aria-label={label}
      aria-valuemin={0}
      aria-valuemax={100}
      aria-valuenow={percent}
    >
      <div className="bar-fill" style={{ width: `${percent ?? 30}%` }} />
    </div>
  );
}
