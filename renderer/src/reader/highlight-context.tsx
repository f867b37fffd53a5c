import { createContext, useContext, useMemo } from 'react';
import type { HighlightTerm } from '../../../shared/search-query';
import { type HighlightPlace, splitMarked, termsFor } from './highlight';

// The search a message was opened from, for every part of the reader that
// shows its words (MessageHeader, PlainBody, HtmlBody, ConversationView):
// given once by the page (MailView), not passed down through each reader.

const HighlightContext = createContext<readonly HighlightTerm[]>([]);

/** The terms to mark in what is inside: [] (nothing marked) when the message was not opened from a search. */
export const HighlightProvider = HighlightContext.Provider;

/** The terms that show in `place`. */
export function useHighlight(place: HighlightPlace): readonly HighlightTerm[] {
  const terms = useContext(HighlightContext);
  return useMemo(() => termsFor(terms, place), [terms, place]);
}

/** Text with the search's words in <mark> (React renders it as text: nothing in it is markup). */
export function Marked({ text, place }: { text: string; place: HighlightPlace }) {
  const terms = useHighlight(place);
  const pieces = useMemo(() => splitMarked(text, terms), [text, terms]);
  if (pieces.length === 1 && !pieces[0]?.marked) return <>{text}</>;
  return (
    <>
      {pieces.map((piece, i) =>
        // biome-ignore lint/suspicious/noArrayIndexKey: pieces of one text never reorder
        piece.marked ? <mark key={i}>{piece.text}</mark> : <span key={i}>{piece.text}</span>,
      )}
    </>
  );
}
