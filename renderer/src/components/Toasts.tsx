import { createContext, type ReactNode, useCallback, useContext, useEffect, useMemo, useState } from 'react';
import type { Account } from '../../../shared/accounts';
import { useApi } from '../api/context';
import { Icon } from './icons';

// Things the user should know that belong to no dialog: the core's `notice`
// events (e.g. the server refused a queued move) and actions that failed.
// They stay until dismissed: a notice about lost mail must not vanish unread.

interface Toast {
  id: number;
  message: string;
  /** Whose account it is about, when there is more than one. */
  source?: string;
}

type Push = (message: string, source?: string) => void;

const ToastContext = createContext<Push>(() => {});

/** Shows a toast: `useToast()('Could not archive: …')`. */
export function useToast(): Push {
  return useContext(ToastContext);
}

let nextId = 1;
const MAX_TOASTS = 5;

export function ToastProvider({ accounts, children }: { accounts: Account[] | null; children: ReactNode }) {
  const api = useApi();
  const [toasts, setToasts] = useState<Toast[]>([]);

  const push = useCallback<Push>((message, source) => {
    setToasts((list) => [...list.slice(-(MAX_TOASTS - 1)), { id: nextId++, message, ...(source ? { source } : {}) }]);
  }, []);

  const dismiss = useCallback((id: number) => setToasts((list) => list.filter((t) => t.id !== id)), []);

  const names = useMemo(() => new Map(accounts?.map((a) => [a.id, a.name || a.email]) ?? []), [accounts]);
  const several = (accounts?.length ?? 0) > 1;
  useEffect(
    () => api.on('notice', ({ accountId, message }) => push(message, several ? names.get(accountId) : undefined)),
    [api, push, names, several],
  );

  return (
    <ToastContext.Provider value={push}>
      {children}
      {/* Always in the page, so screen readers announce what is added to it. */}
      <section className="toasts" aria-label="Notifications" aria-live="polite">
        {toasts.map((toast) => (
          <div key={toast.id} className="toast">
            <p>
              {toast.source && <strong>{toast.source}: </strong>}
              {toast.message}
            </p>
            <button type="button" className="toast-close" aria-label="Dismiss notification" onClick={() => dismiss(toast.id)}>
              <Icon name="close" />
            </button>
          </div>
        ))}
      </section>
    </ToastContext.Provider>
  );
}
