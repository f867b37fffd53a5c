import { useEffect, useRef } from 'react';
import type { Events } from '../../../shared/contract';
import { useApi } from '../api/context';
import { canNotify, showNotification } from '../api/notifications';
import { type NewMailNotice, noticeFor } from '../common/new-mail';
import { useAccounts } from '../queries/useAccounts';
import { useSettings } from '../queries/useSettings';

/** Arrivals within this long become one notification (a sync stores a burst in several batches). */
const GATHER_MS = 1500;

/**
 * A desktop notification when unread mail arrives in an Inbox (mail.arrived:
 * never for a first sync, nor for Junk), grouped, if the user wants them and
 * the browser allows them (the settings: notifications, and their sound; and
 * the account's own switch in its settings). A click calls `onOpen` with what
 * to show.
 */
export function useNewMailNotifications(onOpen: (target: NewMailNotice['open']) => void): void {
  const api = useApi();
  const open = useRef(onOpen);
  open.current = onOpen;
  // Read when a notice is due, not when the listener was set up: a switch applies to the next one.
  const { settings } = useSettings();
  const wanted = useRef(settings);
  wanted.current = settings;
  const { accounts } = useAccounts();
  const quiet = useRef(new Set<string>());
  quiet.current = new Set((accounts ?? []).filter((a) => a.options.notifications === false).map((a) => a.id));

  useEffect(() => {
    let gathered: Events['mail.arrived'][] = [];
    let timer: ReturnType<typeof setTimeout> | null = null;
    const flush = () => {
      timer = null;
      const notice = noticeFor(gathered);
      gathered = [];
      if (!notice || !wanted.current.notifications || !canNotify()) return;
      showNotification({ ...notice, silent: !wanted.current.notificationSound }, () => open.current(notice.open));
    };
    const off = api.on('mail.arrived', (event) => {
      if (quiet.current.has(event.accountId)) return;
      gathered.push(event);
      timer ??= setTimeout(flush, GATHER_MS);
    });
    return () => {
      off();
      if (timer) clearTimeout(timer);
    };
  }, [api]);
}
