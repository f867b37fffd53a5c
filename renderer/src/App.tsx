import { useEffect, useState } from 'react';
import type { Account } from '../../shared/accounts';
import { AddAccountForm } from './add-account/AddAccountForm';
import { AppNotices } from './components/AppNotices';
import { ConnectionBanner } from './components/ConnectionBanner';
import { MailPlaceholder } from './components/MailPlaceholder';
import { RemoveAccountDialog } from './components/RemoveAccountDialog';
import { Sidebar } from './components/Sidebar';
import { Welcome } from './components/Welcome';
import { useAccounts } from './hooks/useAccounts';
import { useAppInfo } from './hooks/useAppInfo';

type View = 'mail' | 'add-account';

export function App() {
  const appInfo = useAppInfo();
  const { accounts, error, reload, upsert, drop } = useAccounts();
  const [view, setView] = useState<View>('mail');
  const [selectedId, setSelectedId] = useState<string | null>(null);
  const [removing, setRemoving] = useState<Account | null>(null);
  // Where keyboard focus should land after a view change (a data-focus value):
  // otherwise it falls to <body> when the focused control disappears.
  const [focusTarget, setFocusTarget] = useState<string | null>(null);

  useEffect(() => {
    if (!focusTarget) return;
    document.querySelector<HTMLElement>(`[data-focus="${CSS.escape(focusTarget)}"]`)?.focus();
    setFocusTarget(null);
  }, [focusTarget]);

  const selected = accounts?.find((a) => a.id === selectedId) ?? accounts?.[0] ?? null;

  function onSaved(account: Account) {
    upsert(account);
    setSelectedId(account.id);
    setView('mail');
    setFocusTarget(`account-${account.id}`);
  }

  function onCancel() {
    setView('mail');
    setFocusTarget('add-account');
  }

  function onRemoved(id: string) {
    drop(id);
    setRemoving(null);
    if (selectedId === id) setSelectedId(null);
    setFocusTarget('add-account');
  }

  return (
    <div className="app">
      <ConnectionBanner />
      <AppNotices {...appInfo} />
      <div className="app-body">{renderBody()}</div>
      {removing && <RemoveAccountDialog account={removing} onRemoved={onRemoved} onClose={() => setRemoving(null)} />}
    </div>
  );

  function renderBody() {
    if (accounts === null) {
      return (
        <main className="centered-page">
          {error ? (
            <div className="card message-card" role="alert">
              <h1>Could not load your accounts</h1>
              <p>{error.message}</p>
              <button type="button" className="button" onClick={reload}>
                Try again
              </button>
            </div>
          ) : (
            <p className="muted" role="status">
              Loading…
            </p>
          )}
        </main>
      );
    }

    // First run: no sidebar, just the welcome (or the form it leads to).
    if (accounts.length === 0) {
      return view === 'add-account' ? (
        <main className="centered-page scrolling">
          <AddAccountForm onSaved={onSaved} onCancel={onCancel} />
        </main>
      ) : (
        <Welcome onAddAccount={() => setView('add-account')} />
      );
    }

    return (
      <>
        <Sidebar
          accounts={accounts}
          selectedId={selected?.id ?? null}
          onSelect={(id) => {
            setSelectedId(id);
            setView('mail');
          }}
          onRemove={setRemoving}
          onAddAccount={() => setView('add-account')}
          error={error}
          onRetry={reload}
        />
        <main className={view === 'add-account' ? 'main scrolling' : 'main'}>
          {view === 'add-account' ? (
            <AddAccountForm onSaved={onSaved} onCancel={onCancel} />
          ) : (
            selected && <MailPlaceholder account={selected} />
          )}
        </main>
      </>
    );
  }
}
