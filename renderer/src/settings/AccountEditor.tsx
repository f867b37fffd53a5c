import { type FormEvent, useEffect, useId, useState } from 'react';
import type { Account, AccountUpdate, ConnectionCheck, Security } from '../../../shared/accounts';
import { OAUTH_PROVIDER_LABEL } from '../../../shared/oauth';
import { SelectField, TextField } from '../add-account/fields';
import { SECURITY_OPTIONS } from '../add-account/ServerFieldset';
import { TestResults } from '../add-account/TestResults';
import { useApi } from '../api/context';
import { toApiError } from '../api/errors';
import { ACCOUNT_HUES, accountHue, colorOfHue, HUE_NAMES, hueOf } from '../common/account-colors';
import { SignInAgain } from '../sidebar/SignInAgain';
import { type AccountFieldErrors, type AccountFormValues, formOf, type ServerValues, triesSignIn, updateOf } from './account-form';

interface Props {
  account: Account;
  /** Its place in the list (the colour it has without one of its own; Move up/down). */
  index: number;
  count: number;
  /** The sign-in failed or no password is saved, and the user came to enter it (a new object each time they come). */
  focus: FocusRequest | undefined;
  onSaved: (account: Account) => void;
  onMove: (by: -1 | 1) => void;
}

export interface FocusRequest {
  field: 'password';
}

type Outcome =
  | { kind: 'saved'; tried: boolean }
  | { kind: 'refused'; update: AccountUpdate }
  | { kind: 'error'; message: string }
  | { kind: 'unchanged' }
  | null;

const PROTOCOL_NAMES = { imap: 'IMAP', pop3: 'POP3' } as const;

/**
 * One account's settings, edited in place (never by removing and adding it
 * again, which would delete its mail): name, colour, password, servers. A new
 * password or new servers are tried before they are saved, like Thunderbird;
 * what fails is said inline, with "Save anyway" for a server that cannot be
 * reached now.
 */
export function AccountEditor({ account, index, count, focus, onSaved, onMove }: Props) {
  const api = useApi();
  const [values, setValues] = useState<AccountFormValues>(() => formOf(account));
  const [errors, setErrors] = useState<AccountFieldErrors>({});
  const [busy, setBusy] = useState(false);
  const [check, setCheck] = useState<ConnectionCheck | null>(null);
  const [outcome, setOutcome] = useState<Outcome>(null);
  const headingId = useId();
  const oauth = account.oauth ? OAUTH_PROVIDER_LABEL[account.oauth.provider] : null;
  const needsPassword = !oauth && (account.status.code === 'auth_failed' || account.status.code === 'password_missing');

  // Came here from "Sign-in failed" / "No password saved": the keyboard is where the fix goes.
  useEffect(() => {
    if (focus?.field === 'password') document.getElementById(fieldId('password'))?.focus();
  }, [focus]);

  const { update } = updateOf(account, values);
  const trying = triesSignIn(update);

  function set(change: Partial<AccountFormValues>) {
    setValues((v) => ({ ...v, ...change }));
    setOutcome(null);
  }

  function setServer(side: 'incoming' | 'outgoing', change: Partial<ServerValues>) {
    setValues((v) => ({ ...v, [side]: { ...v[side], ...change } }));
    setOutcome(null);
  }

  async function save(force: boolean) {
    if (busy) return;
    const result = updateOf(account, values);
    setErrors(result.errors);
    if (Object.keys(result.errors).length > 0) {
      const first = Object.keys(result.errors)[0] as string;
      document.getElementById(fieldId(first))?.focus();
      return;
    }
    if (!result.update) {
      setOutcome({ kind: 'unchanged' });
      return;
    }
    setBusy(true);
    setCheck(null);
    setOutcome(null);
    try {
      const answer = await api.call('accounts.update', { ...result.update, ...(force ? { force: true } : {}) });
      if (answer.saved) {
        setCheck(answer.check ?? null);
        setValues(formOf(answer.account));
        setOutcome({ kind: 'saved', tried: answer.check !== undefined });
        onSaved(answer.account);
      } else {
        setCheck(answer.check);
        setOutcome({ kind: 'refused', update: result.update });
      }
    } catch (failure) {
      setOutcome({ kind: 'error', message: toApiError(failure).message });
    } finally {
      setBusy(false);
    }
  }

  function submit(event: FormEvent) {
    event.preventDefault();
    void save(false);
  }

  const shownHue = values.color ? hueOf(values.color) : null;
  const unreachable =
    check !== null && [check.incoming, check.outgoing].some((s) => !s.ok && (s.code === 'connect_failed' || s.code === 'timeout'));

  return (
    <form className="account-editor" aria-labelledby={headingId} onSubmit={submit} noValidate>
      <header className="account-editor-header">
        <span
          className="account-dot large"
          aria-hidden="true"
          style={{ background: `hsl(${accountHue({ color: values.color ?? undefined }, index)} 65% 50%)` }}
        />
        <div className="account-editor-title">
          <h2 id={headingId}>{account.name || account.email}</h2>
          <p className="muted">
            {account.email} · {PROTOCOL_NAMES[account.incoming.protocol]}
          </p>
        </div>
        <div className="account-editor-order">
          <button type="button" className="button small" disabled={index === 0} onClick={() => onMove(-1)}>
            Move up
          </button>
          <button type="button" className="button small" disabled={index >= count - 1} onClick={() => onMove(1)}>
            Move down
          </button>
        </div>
      </header>

      <fieldset className="settings-group">
        <legend>Account</legend>
        <TextField
          id={fieldId('name')}
          label="Name"
          value={values.name}
          onChange={(name) => set({ name })}
          error={errors.name}
          autoComplete="off"
          placeholder={account.email}
        />
        <div className="field" role="radiogroup" aria-label="Colour">
          <span className="field-label" aria-hidden="true">
            Colour
          </span>
          <div className="color-choices">
            <label className="color-choice automatic" title="Automatic">
              <input type="radio" name="account-color" checked={values.color === null} onChange={() => set({ color: null })} />
              <span className="color-swatch" style={{ background: `hsl(${accountHue({}, index)} 65% 50%)` }} aria-hidden="true" />
              <span className="color-name">Automatic</span>
            </label>
            {ACCOUNT_HUES.map((hue) => (
              <label key={hue} className="color-choice" title={HUE_NAMES[hue]}>
                <input
                  type="radio"
                  name="account-color"
                  aria-label={HUE_NAMES[hue]}
                  checked={shownHue === hue}
                  onChange={() => set({ color: colorOfHue(hue) })}
                />
                <span className="color-swatch" style={{ background: `hsl(${hue} 65% 50%)` }} aria-hidden="true" />
              </label>
            ))}
          </div>
          {errors.color && <p className="field-error">{errors.color}</p>}
        </div>
      </fieldset>

      <fieldset className="settings-group">
        <legend>Sign-in</legend>
        {oauth ? (
          <div className="settings-oauth">
            <p>Signs in with {oauth}: there is no password to enter here.</p>
            <SignInAgain account={account} />
          </div>
        ) : (
          <>
            {needsPassword && (
              <p className="warning" id="password-why">
                {account.status.code === 'password_missing'
                  ? 'No password is saved for this account on this computer. Enter it to connect.'
                  : 'The server refused the saved password. If you changed it elsewhere, enter the new one.'}
              </p>
            )}
            <TextField
              id={fieldId('password')}
              label="New password or app password"
              type="password"
              value={values.password}
              onChange={(value) => set({ password: value })}
              error={errors.password}
              autoComplete="new-password"
              placeholder="Unchanged"
              {...(needsPassword ? { 'aria-describedby': 'password-why' } : {})}
            />
            <p className="muted field-note">Kept in the system keychain, never in Tidings' files.</p>
          </>
        )}
      </fieldset>

      {(['incoming', 'outgoing'] as const).map((side) => (
        <ServerFields key={side} side={side} account={account} values={values[side]} errors={errors} onChange={(c) => setServer(side, c)} />
      ))}

      {check && <TestResults result={check} testing={false} stale={false} />}
      <div className="settings-actions">
        <span className="muted settings-progress" role="status">
          {busy
            ? trying
              ? 'Trying the new settings…'
              : 'Saving…'
            : outcome?.kind === 'saved'
              ? outcome.tried
                ? 'Saved: both servers took the new settings. The account reconnects with them.'
                : 'Saved.'
              : outcome?.kind === 'unchanged'
                ? 'Nothing has changed.'
                : ''}
        </span>
        {outcome?.kind === 'refused' && (
          <p className="error-text settings-refused" role="alert">
            Not saved: the servers did not take these settings (see above). The account goes on with the settings it had.
            {unreachable ? ' If you are offline, you can save them anyway.' : ''}
          </p>
        )}
        {outcome?.kind === 'error' && (
          <p className="error-text settings-refused" role="alert">
            Could not save: {outcome.message}
          </p>
        )}
        {outcome?.kind === 'refused' && (
          <button type="button" className="button" aria-disabled={busy || undefined} onClick={() => void save(true)}>
            Save anyway
          </button>
        )}
        <button type="submit" className="button primary" aria-disabled={busy || undefined}>
          {trying ? 'Test and save' : 'Save'}
        </button>
      </div>
    </form>
  );
}

function fieldId(key: string): string {
  return `account-${key.replace('.', '-')}`;
}

interface ServerFieldsProps {
  side: 'incoming' | 'outgoing';
  account: Account;
  values: ServerValues;
  errors: AccountFieldErrors;
  onChange: (change: Partial<ServerValues>) => void;
}

function ServerFields({ side, account, values, errors, onChange }: ServerFieldsProps) {
  const prefix = side === 'incoming' ? 'Incoming' : 'Outgoing';
  const kind = side === 'incoming' ? PROTOCOL_NAMES[account.incoming.protocol] : 'SMTP';
  return (
    <fieldset className="settings-group server-fieldset">
      <legend>
        {prefix} mail server ({kind})
      </legend>
      <div className="field-row">
        <TextField
          id={fieldId(`${side}.host`)}
          label={`${prefix} server`}
          className="field-grow"
          value={values.host}
          onChange={(host) => onChange({ host })}
          error={errors[`${side}.host`]}
          autoComplete="off"
          autoCapitalize="none"
          spellCheck={false}
        />
        <TextField
          id={fieldId(`${side}.port`)}
          label={`${prefix} port`}
          className="field-narrow"
          value={values.port}
          onChange={(port) => onChange({ port })}
          error={errors[`${side}.port`]}
          inputMode="numeric"
          autoComplete="off"
        />
      </div>
      <div className="field-row">
        <SelectField<Security>
          id={fieldId(`${side}.security`)}
          label={`${prefix} security`}
          className="field-narrow"
          value={values.security}
          options={SECURITY_OPTIONS}
          onChange={(security) => onChange({ security })}
          error={errors[`${side}.security`]}
        />
        <TextField
          id={fieldId(`${side}.username`)}
          label={`${prefix} username`}
          className="field-grow"
          value={values.username}
          onChange={(username) => onChange({ username })}
          error={errors[`${side}.username`]}
          autoComplete="off"
          autoCapitalize="none"
          spellCheck={false}
        />
      </div>
      {values.security === 'none' && <p className="warning">With no security, your password and mail would travel unencrypted.</p>}
    </fieldset>
  );
}
