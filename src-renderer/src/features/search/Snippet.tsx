import { visibleText } from '../../../../src-shared/visible-text.ts';
import { snippetSegments } from './snippet.ts';

/** Matches as <mark>; every piece is a React text node, so mail text is never parsed as HTML. */
export function Snippet({ text }: { text: string }) {
  return (
    <span className="snippet">
      {snippetSegments(visibleText(text)).map((segment, index) =>
        segment.highlight ? <mark key={index}>{segment.text}</mark> : <span key={index}>{segment.text}</span>,
      )}
    </span>
  );
}
