import { useMemo } from 'react';
import { openExternal } from '../common/open-external';
import { Marked } from './highlight-context';
import { linkify } from './linkify';

/** A plain-text body: React renders it as text, links made clickable (opening outside the app). */
export function PlainBody({ text }: { text: string }) {
  const segments = useMemo(() => linkify(text), [text]);
  return (
    <div className="plain-body">
      {segments.map((segment, i) =>
        segment.kind === 'text' ? (
          // biome-ignore lint/suspicious/noArrayIndexKey: segments never reorder
          <span key={i}>
            <Marked text={segment.text} place="body" />
          </span>
        ) : (
          <a
            // biome-ignore lint/suspicious/noArrayIndexKey: segments never reorder
            key={i}
            href={segment.href}
            rel="noopener noreferrer"
            onClick={(event) => {
              // Never navigate the app itself.
              event.preventDefault();
              openExternal(segment.href);
            }}
          >
            <Marked text={segment.text} place="body" />
          </a>
        ),
      )}
    </div>
  );
}
