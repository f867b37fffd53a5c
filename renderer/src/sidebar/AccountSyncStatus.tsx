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
  /** "Retry now" helps (a server that may answer now). */
  retry: boolean;
  /** The way out is a password: the words open the account's settings at the password field. */
  enterPassword?: boolean;
  /** Shown on hover: when the account was last checked. */
  title?: string;
}

const OFFLINE = 'Offline — showing saved mail';

/** "14:05": the time of day, in the machine's local time. */
function clock(iso: string): string {
  const at = new Date(iso);
  return `${String(at.getHours()).padStart(2, '0')}:${String(at.getMinutes()).padStart(2, '0')}`;
}

/** What the account is doing, in words: a failure first, then progress, then the connection state. */
export function syncStatusWords(account: Account, progress: SyncProgress | undefined): Words {
  const { status } = account;
  const byPassword = !account.oauth;
  if (status.state === 'error') {
    if (status.code === 'password_missing' && byPassword) {
      // Not "Sign-in failed": the server was never asked (a seeded or copied data dir, a keychain that forgot it).
      return { tone: 'error', words: 'No password saved — enter it', retry: false, enterPassword: true };
    }
    if (status.code === 'auth_failed' && byPassword) {
      return {
        tone: 'error',
        words: 'Sign-in failed — enter the new password',
        retry: true,
        enterPassword: true,
        ...(status.message ? { detail: status.message } : {}),
      };
    }
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
  // A server that holds downloads back for now (Gmail's daily limit) says until when; new mail still comes.
  if (status.state === 'connected' && status.code === 'server_busy' && status.message) {
    return { tone: 'connected', words: 'Connected', detail: status.message, retry: false };
  }
  if (progress && progress.phase !== 'idle') return { tone: 'checking', words: progressWords(progress), retry: false };
  switch (status.state) {
    case 'connected':
      // The sync notes the time when both the folders and the bodies are done with: up to date as of then.
      return status.checkedAt
        ? { tone: 'connected', words: 'Up to date', retry: false, title: `Last checked at ${clock(status.checkedAt)}` }
        : { tone: 'connected', words: 'Connected', retry: false };
    case 'checking':
      return { tone: 'checking', words: 'Connecting…', retry: false };
    default:
      return { tone: 'unknown', words: 'Not checked', retry: false };
  }
}

/** One overall figure per account (the core sums it): headers first, then the bodies of the whole account. */
function progressWords(progress: SyncProgress): string {
  const figure = progress.total > 0 ? ` ${formatCount(progress.done)} of ${formatCount(progress.total)}` : '';
  switch (progress.phase) {
    case 'folders':
      return 'Checking for mail…';
    case 'headers':
      return figure ? `Reading message list:${figure}` : 'Reading message list…';
    case 'bodies':
    case 'download':
      return figure ? `Downloading${figure} messages` : 'Downloading messages…';
    default:
      return 'Syncing…';
  }
}

interface Props {
  account: Account;
  progress: SyncProgress | undefined;
  onRetry: () => Promise<void>;
  /** Opens the account's settings at the password field. */
  onEnterPassword: () => void;
}

export function AccountSyncStatus({ account, progress, onRetry, onEnterPassword }: Props) {
  const { tone, words, detail, retry, enterPassword, title } = syncStatusWords(account, progress);
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

  const content = (
    <>
      <span className="status-dot" aria-hidden="true" />
      <span className="status-words">
        <span className="status-main">{words}</span>
        {detail && <span className="status-detail">{detail}</span>}
      </span>
    </>
  );

  return (
    <div className="account-status">
      {enterPassword ? (
        // The status itself leads to the fix: the settings, at the password.
        <button
          type="button"
          className={`status status-${tone} status-button`}
          aria-label={`${words} for ${account.email}`}
          onClick={onEnterPassword}
        >
          {content}
        </button>
      ) : (
        <span className={`status status-${tone}`} title={title}>
          {content}
        </span>
      )}
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
