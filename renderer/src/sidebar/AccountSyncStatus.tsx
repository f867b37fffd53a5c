import { useState } from 'react';
import type { Account } from '../../../shared/accounts';
import { formatCount } from '../common/format';
import type { SyncProgress } from '../queries/useSyncProgress';
import { SignInAgain } from './SignInAgain';

type Tone = 'connected' | 'checking' | 'error' | 'offline' | 'unknown';

interface Words {
  tone: Tone;
  words: string;
  detail?: string;
  retry: boolean;
}

const OFFLINE = 'Offline — showing saved mail';

/** What the account is doing, in words: a failure first, then progress, then the connection state. */
export function syncStatusWords(account: Account, progress: SyncProgress | undefined): Words {
  const { status } = account;
  if (status.state === 'error') {
    const words =
      status.code === 'auth_failed'
        ? 'Sign-in failed'
        : status.code === 'sign_in_required'
          ? 'Sign in again'
          : status.code === 'certificate_untrusted'
            ? 'Certificate not trusted'
            : 'Sync failed';
    // Retrying cannot help a sign-in the provider revoked: SignInAgain offers the way out.
    const retry = status.code !== 'sign_in_required';
    return { tone: 'error', words, retry, ...(status.message ? { detail: status.message } : {}) };
  }
  if (status.state === 'offline') {
    // The core's message may start with the same words; show only what it adds.
    const detail = status.message?.replace(/^Offline — showing saved mail\.?\s*/, '').trim();
    return { tone: 'offline', words: OFFLINE, retry: true, ...(detail ? { detail } : {}) };
  }
  if (progress && progress.phase !== 'idle') {
    // A POP3 account downloads whole messages; an IMAP account syncs.
    const verb = progress.phase === 'download' ? 'Downloading' : 'Syncing';
    const words = progress.total > 0 ? `${verb} ${formatCount(progress.done)} of ${formatCount(progress.total)}` : `${verb}…`;
    return { tone: 'checking', words, retry: false };
  }
  switch (status.state) {
    case 'connected':
      return { tone: 'connected', words: 'Connected', retry: false };
    case 'checking':
      return { tone: 'checking', words: 'Connecting…', retry: false };
    default:
      return { tone: 'unknown', words: 'Not checked', retry: false };
  }
}

interface Props {
  account: Account;
  progress: SyncProgress | undefined;
  onRetry: () => Promise<void>;
}

export function AccountSyncStatus({ account, progress, onRetry }: Props) {
  const { tone, words, detail, retry } = syncStatusWords(account, progress);
  const [retrying, setRetrying] = useState(false);

  async function retryNow() {
    if (retrying) return;
    setRetrying(true);
    try {
      await onRetry();
    } finally {
      setRetrying(false);
    }
  }

  return (
    <div className="account-status">
      <span className={`status status-${tone}`}>
        <span className="status-dot" aria-hidden="true" />
        <span className="status-words">
          {words}
          {detail && <span className="status-detail">{detail}</span>}
        </span>
      </span>
      {account.status.code === 'sign_in_required' && <SignInAgain account={account} />}
      {retry && (
        <button
          type="button"
          className="link-button retry-now"
          aria-label={`Retry now for ${account.email}`}
          aria-disabled={retrying || undefined}
          onClick={() => void retryNow()}
        >
          {retrying && <span className="spinner" aria-hidden="true" />}
          Retry now
        </button>
      )}
    </div>
  );
}
