/**
 * The keyboard in the results: arrows or j/k move to the next or previous thread and open it, Enter on a
 * result hands the keyboard to the reader, Escape closes the reader and goes back to the search box.
 * Keys typed into a text field stay there (ArrowDown from the search box enters the results).
 */
import { useEffect, type RefObject } from 'react';
import type { SearchHitView } from '../../../../src-shared/ipc/views.ts';

interface Options {
  hits: readonly SearchHitView[];
  selected: number | null;
  input: RefObject<HTMLInputElement | null>;
  results: RefObject<HTMLElement | null>;
  reader: RefObject<HTMLElement | null>;
  onOpen: (hit: SearchHitView) => void;
  onClose: () => void;
}

function isTyping(target: EventTarget | null): boolean {
  return (
    target instanceof HTMLElement &&
    (target.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(target.tagName))
  );
}

export function useResultKeys({ hits, selected, input, results, reader, onOpen, onClose }: Options): void {
  useEffect(() => {
    const focusHit = (index: number): void => {
      const hit = hits[index];
      if (hit === undefined) return;
      onOpen(hit);
      results.current?.querySelector<HTMLElement>(`.hit[data-thread="${hit.threadId}"]`)?.focus();
    };
    const onKey = (event: KeyboardEvent): void => {
      if (event.defaultPrevented || event.altKey || event.ctrlKey || event.metaKey) return;
      const current = hits.findIndex((h) => h.threadId === selected);
      if (event.key === 'Escape') {
        if (selected === null) return;
        event.preventDefault();
        onClose();
        return;
      }
      if (event.target === input.current && event.key === 'ArrowDown' && hits.length > 0) {
        event.preventDefault();
        focusHit(Math.max(0, current));
        return;
      }
      if (isTyping(event.target)) return;
      const inResults = results.current?.contains(event.target as Node) ?? false;
      if (event.key === 'j' || (inResults && event.key === 'ArrowDown')) {
        event.preventDefault();
        focusHit(Math.min(hits.length - 1, current + 1));
      } else if (event.key === 'k' || (inResults && event.key === 'ArrowUp')) {
        event.preventDefault();
        focusHit(Math.max(0, current - 1));
      } else if (event.key === 'Enter' && inResults && event.target instanceof HTMLElement) {
        // The button opens the thread itself; the keyboard then goes to the reader to scroll it.
        const target = event.target;
        if (!target.classList.contains('hit')) return;
        event.preventDefault();
        target.click();
        requestAnimationFrame(() => reader.current?.focus());
      }
    };
    window.addEventListener('keydown', onKey);
    return () => {
      window.removeEventListener('keydown', onKey);
    };
  }, [hits, selected, input, results, reader, onOpen, onClose]);
}
