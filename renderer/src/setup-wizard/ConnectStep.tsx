import { useEffect, useId, useMemo, useRef, useState } from 'react';
import { type Account, type ConnectionCheck, type ServerCheck, withAcceptedUsernames } from '../../../shared/accounts';
import type { NewAccount } from '../../../shared/oauth';
import { useApi } from '../api/context';
import { toApiError } from '../api/errors';
import { folderLabels } from '../common/folder-labels';
import { openExternal } from '../common/open-external';
import { folderIconName, Icon } from '../components/icons';
import { useAccountFolders } from '../queries/useFolders';
import { StepHeader } from './StepHeader';

type Phase =
  | { kind: 'testing' }
  | { kind: 'failed'; check: ConnectionCheck | null; message: string }
  | { kind: 'saving'; check: ConnectionCheck }
  | { kind: 'saved'; check: ConnectionCheck; account: Account };

interface Props {
  /** The settings to test and save, with a password or a finished OAuth2 sign-in. */
  draft: NewAccount;
  /** Called with the saved account when the user is done. */
  onDone: (account: Account) => void;
  onBack: () => void;
  onEdit: () => void;
}

const PROTOCOL = { imap: 'IMAP', pop3: 'POP3', smtp: 'SMTP' } as const;

/** Step 3: test both servers, save the account, and show its folders as they arrive. */
export function ConnectStep({ draft, onDone, onBack, onEdit }: Props) {
  const api = useApi();
  const headingId = useId();
  const [phase, setPhase] = useState<Phase>({ kind: 'testing' });
  const started = useRef(false);
  const alive = useRef(true);

  useEffect(() => {
    alive.current = true;
    return () => {
      alive.current = false;
    };
  }, []);

  useEffect(() => {
    // Once per mount (StrictMode mounts twice in development): one test, one account.
    if (started.current) return;
    started.current = true;
    void (async () => {
      let check: ConnectionCheck;
      try {
        check = await api.call('accounts.test', draft);
      } catch (error) {
        if (alive.current) setPhase({ kind: 'failed', check: null, message: toApiError(error).message });
        return;
      }
      if (!alive.current) return;
      if (!check.incoming.ok || !check.outgoing.ok) {
        setPhase({ kind: 'failed', check, message: '' });
        return;
      }
      setPhase({ kind: 'saving', check });
      try {
        // Saved with the username the server took, where it took another form than the one found (iCloud).
        const account = await api.call('accounts.add', withAcceptedUsernames(draft, check));
        if (alive.current) setPhase({ kind: 'saved', check, account });
      } catch (error) {
        if (alive.current) setPhase({ kind: 'failed', check, message: `Could not save the account: ${toApiError(error).message}` });
      }
    })();
  }, [api, draft]);

  const account = phase.kind === 'saved' ? phase.account : null;
  const folders = useAccountFolders(account?.id ?? null);
  const labels = useMemo(() => folderLabels(folders ?? []), [folders]);
  const check = phase.kind === 'testing' ? null : phase.check;
  const done = phase.kind === 'saved';

  useEffect(() => {
    if (done) document.getElementById('wizard-done')?.focus();
    if (phase.kind === 'failed') document.getElementById('wizard-connect-heading')?.focus();
  }, [done, phase.kind]);

  const title =
    phase.kind === 'failed'
      ? 'Tidings could not connect'
      : done
        ? 'Your account is ready'
        : `Connecting to ${draft.email.split('@')[1] ?? ''}…`;

  return (
    <section className="card wizard" aria-labelledby={headingId}>
      <StepHeader current={3} />
      <h1 id={headingId}>
        <span id="wizard-connect-heading" tabIndex={-1}>
          {title}
        </span>
      </h1>
      <ul className="wizard-checklist">
        <CheckLine
          label={`Incoming server (${PROTOCOL[draft.incoming.protocol]})`}
          check={check?.incoming ?? null}
          testing={phase.kind === 'testing'}
        />
        <CheckLine label="Outgoing server (SMTP)" check={check?.outgoing ?? null} testing={phase.kind === 'testing'} />
        <li className={`wizard-check wizard-check-${done ? 'ok' : phase.kind === 'saving' ? 'busy' : 'todo'}`}>
          <span className="wizard-check-mark" aria-hidden="true" />
          <span className="wizard-check-label">Account saved</span>
          <span className="wizard-check-words" role="status">
            {account
              ? account.secretStorage === 'keychain'
                ? `Saved; ${draft.oauth ? 'the sign-in' : 'the password'} is in your keychain`
                : `Saved; ${draft.oauth ? 'the sign-in' : 'the password'} is kept only until Tidings quits (no keychain)`
              : phase.kind === 'saving'
                ? 'Saving…'
                : ''}
          </span>
        </li>
        <li className={`wizard-check wizard-check-${folders && folders.length > 0 ? 'ok' : done ? 'busy' : 'todo'}`}>
          <span className="wizard-check-mark" aria-hidden="true" />
          <span className="wizard-check-label">Folders</span>
          <span className="wizard-check-words" role="status">
            {done && (!folders || folders.length === 0)
              ? 'Loading your folders…'
              : folders && folders.length > 0
                ? `${folders.length} folders`
                : ''}
          </span>
        </li>
      </ul>
      {folders && folders.length > 0 && (
        <ul className="wizard-folders" aria-label="Folders">
          {folders.map((folder) => (
            <li key={folder.id}>
              <Icon name={folderIconName(folder.role)} />
              {labels.get(folder.id)}
            </li>
          ))}
        </ul>
      )}
      {phase.kind === 'failed' && phase.message && (
        <p className="error-text" role="alert">
          {phase.message}
        </p>
      )}
      <div className="form-actions">
        {phase.kind === 'failed' ? (
          <>
            <button type="button" className="button" onClick={onBack}>
              Back
            </button>
            <span className="spacer" />
            <button type="button" className="button primary" onClick={onEdit}>
              Edit settings
            </button>
          </>
        ) : (
          <>
            <span className="spacer" />
            <button
              id="wizard-done"
              type="button"
              className="button primary"
              aria-disabled={!account || undefined}
              onClick={() => account && onDone(account)}
            >
              Open Inbox
            </button>
          </>
        )}
      </div>
    </section>
  );
}

function CheckLine({ label, check, testing }: { label: string; check: ServerCheck | null; testing: boolean }) {
  const state = testing ? 'busy' : check ? (check.ok ? 'ok' : 'failed') : 'todo';
  return (
    <li className={`wizard-check wizard-check-${state}`}>
      <span className="wizard-check-mark" aria-hidden="true" />
      <span className="wizard-check-label">{label}</span>
      <span className="wizard-check-words" role="status" aria-label={`${label} result`}>
        {testing
          ? 'Testing…'
          : check
            ? check.ok
              ? `Connected to ${check.host}${check.username ? ` as ${check.username}` : ''}`
              : check.message
            : ''}
      </span>
      {check && !check.ok && check.help && (
        <button type="button" className="button wizard-help" onClick={() => openExternal(check.help?.url ?? '')}>
          {check.help.label}
          <span className="visually-hidden"> (opens in your browser)</span>
        </button>
      )}
    </li>
  );
}
