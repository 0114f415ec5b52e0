/** A labelled bar; `value` is 0..1, or null for "still counting". */
export function ProgressBar({ value, label }: { value: number | null; label: string }) {
  const percent = value === null ? undefined : Math.round(value * 100);
  return (
    <div
      className={value === null ? 'bar bar-indeterminate' : 'bar'}
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
