import { type CSSProperties, useEffect, useRef, useState } from 'react';
import type { Account } from '../../../shared/accounts';
import { useApi } from '../api/context';
import { toApiError } from '../api/errors';
import { accountHue } from '../common/account-colors';
import { Icon } from '../components/icons';
import { useToast } from '../components/Toasts';
import { TransferPage } from '../transfer/TransferPage';
import { AccountEditor, type FocusRequest } from './AccountEditor';
import { GeneralSettings } from './GeneralSettings';

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
  const [general, setGeneral] = useState(false);
  const [transfer, setTransfer] = useState(false);

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
            <li>
              <button
                type="button"
                className={`settings-account${general && !transfer ? ' selected' : ''}`}
                aria-current={general && !transfer ? 'page' : undefined}
                onClick={() => {
                  setGeneral(true);
                  setTransfer(false);
                }}
              >
                <span className="settings-account-name">General</span>
              </button>
            </li>
            <li>
              <button
                type="button"
                className={`settings-account${general && transfer ? ' selected' : ''}`}
                aria-current={general && transfer ? 'page' : undefined}
                onClick={() => {
                  setGeneral(true);
                  setTransfer(true);
                }}
              >
                <span className="settings-account-name">Import &amp; export</span>
              </button>
            </li>
          </ul>
          <h2 className="settings-nav-heading">Accounts</h2>
          <ul className="settings-accounts">
            {accounts.map((a, at) => (
              <li key={a.id}>
                <button
                  type="button"
                  className={`settings-account${!general && a.id === account?.id ? ' selected' : ''}`}
                  aria-current={!general && a.id === account?.id ? 'page' : undefined}
                  style={{ '--account-hue': accountHue(a, at) } as CSSProperties}
                  onClick={() => {
                    setGeneral(false);
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
          {general && transfer ? (
            <TransferPage accounts={accounts} />
          ) : general ? (
            <GeneralSettings />
          ) : account ? (
            <AccountEditor
              key={account.id}
              account={account}
              index={index}
              count={accounts.length}
              focus={focus}
              onSaved={onSaved}
              onMove={(by) => void move(by)}
            />
          ) : (
            <p className="muted">No account.</p>
          )}
        </section>
      </div>
    </main>
  );
}
