import { useEffect, useRef, useState } from 'react';
import { onMailtoLink, takeMailtoLinks } from '../api/mailto-links';

/**
 * Starts a new message from each mailto: link the window was opened with or
 * is handed later (api/mailto-links.ts), one at a time: a link that arrives
 * while a message is being written waits until that pane closes, so nothing
 * the user was writing is replaced. `canStart` is false while a pane is open
 * or there is no account yet (the setup wizard): links wait then too.
 */
export function useMailtoLinks(canStart: boolean, start: (link: string) => Promise<void>): void {
  const [waiting, setWaiting] = useState<string[]>([]);
  const starting = useRef(false);

  useEffect(() => {
    let live = true;
    const take = () =>
      void takeMailtoLinks().then(
        (links) => live && links.length > 0 && setWaiting((list) => [...list, ...links]),
        () => {}, // A bridge that cannot answer has nothing for us; the next arrival asks again.
      );
    take();
    const off = onMailtoLink(take);
    return () => {
      live = false;
      off();
    };
  }, []);

  useEffect(() => {
    const next = waiting[0];
    if (!canStart || next === undefined || starting.current) return;
    starting.current = true;
    setWaiting((list) => list.slice(1));
    void start(next).finally(() => {
      starting.current = false;
    });
  }, [canStart, waiting, start]);
}
