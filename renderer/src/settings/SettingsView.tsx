import { type CSSProperties, useEffect, useRef, useState } from 'react';
import type { Account } from '../../../shared/accounts';
import { useApi } from '../api/context';
import { toApiError } from '../api/errors';
import { accountHue } from '../common/account-colors';
import { Icon } from '../components/icons';
import { useToast } from '../components/Toasts';
import { TransferPage } from '../transfer/TransferPage';
import { AccountEditor, type FocusRequest } from './AccountEditor';
import { AccountOptions } from './AccountOptions';
import { DataSettings } from './DataSettings';
import { GeneralSettings } from './GeneralSettings';
import { IdentitiesEditor } from './IdentitiesEditor';

/** The pages that are not an account's, above the accounts. */
const PAGES = [
  ['general', 'General'],
  ['data', 'Data and certificates'],
  ['transfer', 'Import & export'],
] as const;

interface Props {
  accounts: Account[];
  /** The account shown. */
  accountId: string;
  focus: FocusRequest | undefined;
  onSelectAccount: (id: string) => void;
  /** An account saved or reordered: shown at once, before the core's accounts.changed comes back. */
  onSaved: (account: Account) => void;
  onReordered: (accounts: Account[]) => void;
  onClose: () => void;
}

/**
 * Settings (Ctrl/Cmd+, or an account's settings button in the sidebar): the
 * General page (the global settings) and one page per account, the account
 * editor. It opens on the account it was opened for.
 */
export function SettingsView({ accounts, accountId, focus, onSelectAccount, onSaved, onReordered, onClose }: Props) {
  const api = useApi();
  const toast = useToast();
  const index = Math.max(
    0,
    accounts.findIndex((a) => a.id === accountId),
  );
  const account = accounts[index];
  const heading = useRef<HTMLHeadingElement>(null);
  /** A page of its own, or (null) the account's page. */
  const [page, setPage] = useState<(typeof PAGES)[number][0] | null>(null);

  // Escape goes back to the mail (not from a field being typed in, nor from a dialog).
  useEffect(() => {
    const onKeyDown = (event: KeyboardEvent) => {
      if (event.key !== 'Escape' || event.defaultPrevented || document.querySelector('dialog[open]')) return;
      const target = event.target as HTMLElement;
      if (target.closest('input, select, textarea')) return;
      onClose();
    };
    document.addEventListener('keydown', onKeyDown);
    return () => document.removeEventListener('keydown', onKeyDown);
  }, [onClose]);

  useEffect(() => {
    if (!focus) heading.current?.focus();
  }, [focus]);

  async function move(by: -1 | 1) {
    const ids = accounts.map((a) => a.id);
    const to = index + by;
    if (to < 0 || to >= ids.length) return;
    [ids[index], ids[to]] = [ids[to] as string, ids[index] as string];
    try {
      onReordered(await api.call('accounts.reorder', { ids }));
    } catch (failure) {
      toast(`Could not change the order: ${toApiError(failure).message}`);
    }
  }

  return (
    <main className="main scrolling settings-page">
      <div className="settings">
        <nav className="settings-nav" aria-label="Settings pages">
          <div className="settings-nav-top">
            <h1 ref={heading} tabIndex={-1}>
              Settings
            </h1>
            <button type="button" className="toast-close" aria-label="Close settings" title="Back to mail (Esc)" onClick={onClose}>
              <Icon name="close" />
            </button>
          </div>
          <ul className="settings-accounts settings-nav-page">
            {PAGES.map(([id, title]) => (
              <li key={id}>
                <button
                  type="button"
                  className={`settings-account${page === id ? ' selected' : ''}`}
                  aria-current={page === id ? 'page' : undefined}
                  onClick={() => setPage(id)}
                >
                  <span className="settings-account-name">{title}</span>
                </button>
              </li>
            ))}
          </ul>
          <h2 className="settings-nav-heading">Accounts</h2>
          <ul className="settings-accounts">
            {accounts.map((a, at) => (
              <li key={a.id}>
                <button
                  type="button"
                  className={`settings-account${page === null && a.id === account?.id ? ' selected' : ''}`}
                  aria-current={page === null && a.id === account?.id ? 'page' : undefined}
                  style={{ '--account-hue': accountHue(a, at) } as CSSProperties}
                  onClick={() => {
                    setPage(null);
                    onSelectAccount(a.id);
                  }}
                >
                  <span className="account-dot" aria-hidden="true" />
                  <span className="settings-account-name">{a.name || a.email}</span>
                </button>
              </li>
            ))}
          </ul>
        </nav>
        <section className="settings-content">
          {page === 'general' ? (
            <GeneralSettings />
          ) : page === 'data' ? (
            <DataSettings accounts={accounts} />
          ) : page === 'transfer' ? (
            <TransferPage accounts={accounts} />
          ) : account ? (
            <div key={account.id} className="account-settings-page">
              <AccountEditor
                account={account}
                index={index}
                count={accounts.length}
                focus={focus}
                onSaved={onSaved}
                onMove={(by) => void move(by)}
              />
              <IdentitiesEditor account={account} />
              <AccountOptions account={account} onSaved={onSaved} />
            </div>
          ) : (
            <p className="muted">No account.</p>
          )}
        </section>
      </div>
    </main>
  );
}
