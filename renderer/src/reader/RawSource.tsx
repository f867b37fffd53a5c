import { useMessageSource } from '../queries/useMessageSource';

/** The raw source in a <pre>: text, never interpreted. Focusable so the keyboard can scroll it. */
export function RawSource({ id, label }: { id: number; label: string }) {
  const source = useMessageSource(id);
  if (source.state === 'loading') return <p className="muted">Loading the source…</p>;
  if (source.state === 'failed') return <p className="error-text">Could not read the source: {source.error.message}</p>;
  return (
    // biome-ignore lint/a11y/noNoninteractiveTabindex: a scrollable region must be reachable by keyboard
    <section className="raw-source" tabIndex={0} aria-label={label}>
      <pre>{source.source}</pre>
    </section>
  );
}
