/** Best match or newest first: two pressed-or-not buttons beside the search box. */
export type SearchSort = 'relevance' | 'date';

const CHOICES: { sort: SearchSort; label: string }[] = [
  { sort: 'relevance', label: 'Best match' },
  { sort: 'date', label: 'Newest' },
];

export function SortChoice({ sort, onChange }: { sort: SearchSort; onChange: (sort: SearchSort) => void }) {
  return (
    <div className="segmented sort-choice" role="group" aria-label="Sort results">
      {CHOICES.map((choice) => (
        <button
          key={choice.sort}
          type="button"
          aria-pressed={sort === choice.sort}
          onClick={() => {
            if (choice.sort !== sort) onChange(choice.sort);
          }}
        >
          {choice.label}
        </button>
      ))}
    </div>
  );
}
