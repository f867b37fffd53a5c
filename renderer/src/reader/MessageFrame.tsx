import { useEffect, useRef, useState } from 'react';
import { openExternal } from '../common/open-external';

interface Props {
  /** A complete document from buildFrameDocument(): sanitized, with its own CSP first. */
  html: string;
  title: string;
}

/**
 * The message's HTML in a sandboxed frame. sandbox="allow-same-origin" and
 * nothing else: no scripts, no forms, no popups, no navigating the app. Same
 * origin only so that this page can measure the document (the frame is as
 * tall as the message; the reader pane scrolls) and catch link clicks.
 */
export function MessageFrame({ html, title }: Props) {
  const frame = useRef<HTMLIFrameElement>(null);
  const [height, setHeight] = useState(120);
  const cleanup = useRef<(() => void) | null>(null);

  useEffect(
    () => () => {
      cleanup.current?.();
      cleanup.current = null;
    },
    [],
  );

  function onLoad() {
    cleanup.current?.();
    const element = frame.current;
    const doc = element?.contentDocument;
    if (!element || !doc) return;

    const measure = () => {
      const root = doc.documentElement;
      // The height of <html> itself (not scrollHeight, which never shrinks below the frame's
      // own height), plus a horizontal scrollbar when a wide newsletter needs one.
      const scrollbar = (element.contentWindow?.innerHeight ?? 0) - root.clientHeight;
      setHeight(Math.ceil(root.getBoundingClientRect().height + Math.max(0, scrollbar)));
    };

    // Links never navigate the frame or the app: they open outside (see open-external.ts).
    const onClick = (event: MouseEvent) => {
      const target = event.target as Element | null;
      // closest() through duck typing: the element belongs to the frame's realm, `instanceof` would fail.
      const link = typeof target?.closest === 'function' ? target.closest('a[href], area[href]') : null;
      if (!link) return;
      event.preventDefault();
      const href = link.getAttribute('href') ?? '';
      if (href.startsWith('#')) {
        doc.getElementById(decodeURIComponent(href.slice(1)))?.scrollIntoView();
        return;
      }
      if (event.type === 'click' || event.button === 1) openExternal((link as HTMLAnchorElement).href);
    };

    const observer = new ResizeObserver(measure);
    observer.observe(doc.documentElement);
    // Images arriving late (remote ones once allowed) change the height; load does not bubble, so capture.
    doc.addEventListener('load', measure, true);
    doc.addEventListener('click', onClick);
    doc.addEventListener('auxclick', onClick);
    measure();
    cleanup.current = () => {
      observer.disconnect();
      doc.removeEventListener('load', measure, true);
      doc.removeEventListener('click', onClick);
      doc.removeEventListener('auxclick', onClick);
    };
  }

  return (
    <iframe
      ref={frame}
      className="message-frame"
      title={title}
      sandbox="allow-same-origin"
      srcDoc={html}
      // Never leaks the app's address to a server a message talks to.
      referrerPolicy="no-referrer"
      style={{ height: `${height}px` }}
      onLoad={onLoad}
    />
  );
}
