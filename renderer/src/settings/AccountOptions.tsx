import { useId, useRef, useState } from 'react';
import {
  type Account,
  DEFAULT_IMAP_OPTIONS,
  DEFAULT_POP3_DELETE_AFTER_DAYS,
  DEFAULT_POP3_OPTIONS,
  type AccountOptions as Options,
  type Pop3Options,
} from '../../../shared/accounts';
import { useApi } from '../api/context';
import { toApiError } from '../api/errors';
import { useAccountComposeSettings } from '../queries/useComposeAccount';
import { useSettings } from '../queries/useSettings';

/** "Keep offline" choices (days); null = every message. */
const KEEP_CHOICES: (number | null)[] = [null, 30, 90, 365];

interface Props {
  account: Account;
  onSaved: (account: Account) => void;
}

/**
 * An account's own choices, each saved on change like the General page: how
 * much mail is kept offline, how often it is checked, what POP3 leaves on the
 * server, whether its server files sent mail, and its notifications.
 */
export function AccountOptions({ account, onSaved }: Props) {
  const api = useApi();
  const [error, setError] = useState<string | null>(null);
  const [saved, setSaved] = useState(false);
  // Shown at once, before the core answers (as the General page does); the saved account replaces it.
  const [pending, setPending] = useState<Options | null>(null);
  const latest = useRef(0);
  const options = pending ?? account.options;
  const shown = { ...account, options };

  async function setOptions(patch: Partial<Options>) {
    const next = { ...options, ...patch };
    const call = ++latest.current;
    setPending(next);
    setError(null);
    setSaved(false);
    try {
      onSaved(await api.call('accounts.setOptions', { id: account.id, options: next }));
      setSaved(true);
    } catch (failure) {
      setError(`Could not change the setting: ${toApiError(failure).message}`);
    } finally {
      // A later change still on its way keeps showing.
      if (call === latest.current) setPending(null);
    }
  }

  return (
    <div className="account-options">
      {account.incoming.protocol === 'imap' ? (
        <ImapChoices account={shown} onChange={(patch) => void setOptions(patch)} />
      ) : (
        <Pop3Choices options={options.pop3 ?? DEFAULT_POP3_OPTIONS} onChange={(pop3) => void setOptions({ pop3 })} />
      )}
      <SendingChoices account={account} />
      <NotificationChoice account={shown} onChange={(notifications) => void setOptions({ notifications })} />
      <p className={error ? 'error-text' : 'muted'} role={error ? 'alert' : 'status'}>
        {error ?? (saved ? 'Saved.' : '')}
      </p>
    </div>
  );
}

function ImapChoices({ account, onChange }: { account: Account; onChange: (patch: Partial<Options>) => void }) {
  const keepId = useId();
  const keepNote = useId();
  const days = account.options.bodyDays;
  const choices = KEEP_CHOICES.includes(days) ? KEEP_CHOICES : [...KEEP_CHOICES, days];
  const minutes = (account.options.imap ?? DEFAULT_IMAP_OPTIONS).checkEveryMinutes;
  return (
    <fieldset className="settings-group">
      <legend>Mail on this computer</legend>
      <div className="field field-narrow">
        <label htmlFor={keepId}>Keep for reading offline</label>
        <select
          id={keepId}
          aria-describedby={keepNote}
          value={days === null ? 'all' : String(days)}
          onChange={(event) => onChange({ bodyDays: event.target.value === 'all' ? null : Number(event.target.value) })}
        >
          {choices.map((choice) => (
            <option key={choice ?? 'all'} value={choice === null ? 'all' : String(choice)}>
              {choice === null ? 'All messages' : choice === 365 ? 'The last year' : `The last ${choice} days`}
            </option>
          ))}
        </select>
      </div>
      <p id={keepNote} className="muted field-note">
        Every message is listed and searchable by its headers; older ones download when you open them.
      </p>
      <MinutesField
        label="Check every folder in full every"
        value={minutes}
        note="New mail shows at once in the Inbox, and within about 30 seconds in other folders; the full check also brings changes made elsewhere."
        onCommit={(checkEveryMinutes) => onChange({ imap: { checkEveryMinutes } })}
      />
    </fieldset>
  );
}

/** What a POP3 account does with the server's copies, and how often it looks for mail (was a dialog in the sidebar). */
function Pop3Choices({ options, onChange }: { options: Pop3Options; onChange: (pop3: Pop3Options) => void }) {
  const ids = { leave: useId(), after: useId(), deleted: useId() };
  const set = (patch: Partial<Pop3Options>) => onChange({ ...options, ...patch });
  return (
    <fieldset className="settings-group">
      <legend>Downloading (POP3)</legend>
      <p className="muted field-note">This account downloads its mail and keeps it on this computer.</p>
      <div className="check-field">
        <input
          id={ids.leave}
          type="checkbox"
          checked={options.leaveOnServer}
          onChange={(event) => set({ leaveOnServer: event.target.checked })}
        />
        <label htmlFor={ids.leave}>Leave messages on the server</label>
      </div>
      <div className="check-field nested">
        <input
          id={ids.after}
          type="checkbox"
          checked={options.deleteAfterDays !== null}
          disabled={!options.leaveOnServer}
          onChange={(event) => set({ deleteAfterDays: event.target.checked ? DEFAULT_POP3_DELETE_AFTER_DAYS : null })}
        />
        <label htmlFor={ids.after}>Delete them from the server after</label>
        <NumberInput
          label="Days before deleting from the server"
          value={options.deleteAfterDays ?? DEFAULT_POP3_DELETE_AFTER_DAYS}
          max={36_500}
          disabled={!options.leaveOnServer || options.deleteAfterDays === null}
          onCommit={(deleteAfterDays) => set({ deleteAfterDays })}
        />
        <span aria-hidden="true">days</span>
      </div>
      <div className="check-field nested">
        <input
          id={ids.deleted}
          type="checkbox"
          checked={options.deleteWhenDeletedHere}
          disabled={!options.leaveOnServer}
          onChange={(event) => set({ deleteWhenDeletedHere: event.target.checked })}
        />
        <label htmlFor={ids.deleted}>Delete them from the server when I delete them here</label>
      </div>
      <MinutesField
        label="Check for new mail every"
        value={options.checkEveryMinutes}
        onCommit={(checkEveryMinutes) => set({ checkEveryMinutes })}
      />
    </fieldset>
  );
}

function SendingChoices({ account }: { account: Account }) {
  const { settings, change } = useAccountComposeSettings(account.id);
  const sentId = useId();
  const plainId = useId();
  const [error, setError] = useState<string | null>(null);
  if (!settings) return null;
  const apply = (patch: Parameters<typeof change>[0]) => {
    setError(null);
    change(patch).catch((failure: unknown) => setError(`Could not change the setting: ${toApiError(failure).message}`));
  };
  return (
    <fieldset className="settings-group">
      <legend>Sending</legend>
      <div className="field">
        <label htmlFor={sentId}>Copies of sent messages</label>
        <select
          id={sentId}
          value={settings.sentByServerOverride === null ? 'default' : settings.sentByServerOverride ? 'server' : 'tidings'}
          onChange={(event) => {
            const value = event.target.value;
            apply({ sentByServerOverride: value === 'default' ? null : value === 'server' });
          }}
        >
          <option value="default">
            As the provider does
            {settings.sentByServerOverride === null ? ` (${settings.sentByServer ? 'its server files them' : 'Tidings files a copy'})` : ''}
          </option>
          <option value="server">The server files them in Sent itself</option>
          <option value="tidings">Tidings files a copy in Sent</option>
        </select>
      </div>
      <div className="check-field">
        <input
          id={plainId}
          type="checkbox"
          checked={settings.format === 'plain'}
          onChange={(event) => apply({ format: event.target.checked ? 'plain' : 'html' })}
        />
        <label htmlFor={plainId}>Write plain text only</label>
      </div>
      {error && (
        <p className="error-text" role="alert">
          {error}
        </p>
      )}
    </fieldset>
  );
}

function NotificationChoice({ account, onChange }: { account: Account; onChange: (on: boolean) => void }) {
  const { settings } = useSettings();
  const id = useId();
  return (
    <fieldset className="settings-group">
      <legend>Notifications</legend>
      <div className="check-field">
        <input
          id={id}
          type="checkbox"
          checked={account.options.notifications !== false}
          onChange={(event) => onChange(event.target.checked)}
        />
        <label htmlFor={id}>Notify me of new mail in this account’s Inbox</label>
      </div>
      {!settings.notifications && <p className="muted field-note">Notifications are off for every account (General).</p>}
    </fieldset>
  );
}

function MinutesField({
  label,
  value,
  note,
  onCommit,
}: {
  label: string;
  value: number;
  note?: string;
  onCommit: (minutes: number) => void;
}) {
  const noteId = useId();
  return (
    <>
      <div className="check-field">
        <span>{label}</span>
        <NumberInput label={`${label} (minutes)`} value={value} max={1440} onCommit={onCommit} describedBy={note ? noteId : undefined} />
        <span aria-hidden="true">minutes</span>
      </div>
      {note && (
        <p id={noteId} className="muted field-note">
          {note}
        </p>
      )}
    </>
  );
}

/**
 * A whole number from 1 to `max`, saved when the field is left or Enter is
 * pressed (not at each keystroke); anything else goes back to the saved value.
 */
function NumberInput(props: {
  label: string;
  value: number;
  max: number;
  disabled?: boolean;
  describedBy?: string | undefined;
  onCommit: (value: number) => void;
}) {
  const [text, setText] = useState<string | null>(null);
  const commit = () => {
    if (text === null) return;
    const value = Number(text);
    setText(null);
    if (Number.isInteger(value) && value >= 1 && value <= props.max && value !== props.value) props.onCommit(value);
  };
  return (
    <input
      className="number-input"
      type="number"
      min={1}
      max={props.max}
      aria-label={props.label}
      aria-describedby={props.describedBy}
      disabled={props.disabled}
      value={text ?? String(props.value)}
      onChange={(event) => setText(event.target.value)}
      onBlur={commit}
      onKeyDown={(event) => {
        if (event.key === 'Enter') {
          event.preventDefault();
          commit();
        }
      }}
    />
  );
}
