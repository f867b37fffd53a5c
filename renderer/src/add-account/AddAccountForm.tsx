import { type FormEvent, useEffect, useId, useRef, useState } from 'react';
import {
  type Account,
  type AccountDraft,
  type ConnectionCheck,
  type IncomingProtocol,
  withAcceptedUsernames,
} from '../../../shared/accounts';
import type { ApiError } from '../../../shared/errors';
import { useApi } from '../api/context';
import { toApiError } from '../api/errors';
import { CertificatePanel } from './CertificatePanel';
import { type UntrustedCertificate, untrustedCertificates } from './certificates';
import { TextField } from './fields';
import { draftKey, FIELD_ORDER, type FormValues, INITIAL_VALUES, type ServerSide, validate } from './formState';
import { fieldId, ServerFieldset } from './ServerFieldset';
import { TestResults } from './TestResults';

type TestState =
  | { kind: 'idle' }
  | { kind: 'testing'; previous: Tested | null }
  | { kind: 'tested'; tested: Tested }
  | { kind: 'failed'; error: ApiError };

interface Tested {
  key: string;
  result: ConnectionCheck;
}

const passed = (result: ConnectionCheck) => result.incoming.ok && result.outgoing.ok;

/** Every failure is something other than a certificate problem (so "Save anyway" is a fair offer). */
const failedWithoutCertificate = (result: ConnectionCheck) =>
  !passed(result) && [result.incoming, result.outgoing].every((check) => check.ok || check.code !== 'certificate_untrusted');

interface Props {
  onSaved: (account: Account) => void;
  onCancel: () => void;
  /** Values to start from (the wizard's findings); the rest follows the defaults. */
  initial?: Partial<FormValues>;
  /** Shown above the fields, e.g. "Tidings could not find settings for example.com." */
  notice?: { text: string; tone: 'info' | 'warning' } | null;
  cancelLabel?: string;
}

export function AddAccountForm({ onSaved, onCancel, initial, notice, cancelLabel = 'Cancel' }: Props) {
  const api = useApi();
  const headingId = useId();
  const [values, setValues] = useState<FormValues>(() => ({ ...INITIAL_VALUES, ...initial }));
  // Errors appear after the first Test/Save, then follow the values as they change.
  const [showErrors, setShowErrors] = useState(false);
  const [test, setTest] = useState<TestState>({ kind: 'idle' });
  const [saving, setSaving] = useState(false);
  const [saveError, setSaveError] = useState<ApiError | null>(null);
  const [trusting, setTrusting] = useState<string | null>(null);
  const [trustError, setTrustError] = useState<{ fingerprint: string; error: ApiError } | null>(null);
  const saveButton = useRef<HTMLButtonElement>(null);
  // Answers that arrive after Cancel must not touch an unmounted form.
  const alive = useRef(true);
  useEffect(() => {
    alive.current = true;
    return () => {
      alive.current = false;
    };
  }, []);

  useEffect(() => {
    // Prefilled by the wizard: start at the first server field, the likely thing to change.
    document.getElementById(fieldId(initial?.email ? 'password' : 'name'))?.focus();
  }, [initial?.email]);

  // A certificate panel whose "Trust" button had focus disappears once the test
  // passes; hand focus to the natural next step instead of dropping it on <body>.
  useEffect(() => {
    if (test.kind === 'tested' && (document.activeElement === document.body || document.activeElement === null)) {
      saveButton.current?.focus();
    }
  }, [test]);

  const { draft, errors } = validate(values);
  const shownErrors = showErrors ? errors : {};
  const busy = test.kind === 'testing' || saving || trusting !== null;
  const tested = test.kind === 'tested' ? test.tested : test.kind === 'testing' ? test.previous : null;
  const currentKey = draft ? draftKey(draft) : null;
  const testedCurrent = tested !== null && tested.key === currentKey;

  function update(change: Partial<FormValues>) {
    setValues((v) => ({ ...v, ...change }));
    setSaveError(null);
  }
  function updateServer(side: ServerSide, change: Partial<FormValues[ServerSide]>) {
    setValues((v) => ({ ...v, [side]: { ...v[side], ...change } }));
    setSaveError(null);
  }

  /** The draft if the values are valid; otherwise show the errors and focus the first bad field. */
  function validDraft(): AccountDraft | null {
    setShowErrors(true);
    if (draft) return draft;
    const first = FIELD_ORDER.find((key) => errors[key]);
    if (first) document.getElementById(fieldId(first))?.focus();
    return null;
  }

  async function runTest(d: AccountDraft): Promise<ConnectionCheck | null> {
    setTest({ kind: 'testing', previous: tested });
    try {
      const result = await api.call('accounts.test', d);
      // The server took another form of the username (iCloud): show it in the field, so that what is saved is what worked.
      const accepted = withAcceptedUsernames(d, result);
      if (alive.current && accepted !== d) {
        setValues((v) => ({
          ...v,
          incoming: { ...v.incoming, username: accepted.incoming.username },
          outgoing: { ...v.outgoing, username: accepted.outgoing.username },
        }));
      }
      if (alive.current) setTest({ kind: 'tested', tested: { key: draftKey(accepted), result } });
      return result;
    } catch (error) {
      if (alive.current) setTest({ kind: 'failed', error: toApiError(error) });
      return null;
    }
  }

  async function add(d: AccountDraft) {
    setSaving(true);
    setSaveError(null);
    try {
      const account = await api.call('accounts.add', d);
      if (alive.current) onSaved(account);
    } catch (error) {
      if (alive.current) {
        setSaveError(toApiError(error));
        setSaving(false);
      }
    }
  }

  async function onTest() {
    if (busy) return;
    const d = validDraft();
    if (d) await runTest(d);
  }

  // Save only settings that work: test first unless these exact values just passed.
  async function onSave(event?: FormEvent) {
    event?.preventDefault();
    if (busy) return;
    const d = validDraft();
    if (!d) return;
    if (testedCurrent && tested && passed(tested.result)) return add(d);
    const result = await runTest(d);
    if (result && passed(result) && alive.current) await add(withAcceptedUsernames(d, result));
  }

  async function onSaveAnyway() {
    if (busy) return;
    const d = validDraft();
    if (d) await add(d);
  }

  async function onTrust(untrusted: UntrustedCertificate) {
    if (busy) return;
    const { host, ports, certificate } = untrusted;
    setTrusting(certificate.fingerprint256);
    setTrustError(null);
    try {
      for (const port of ports) {
        await api.call('certificates.trust', { host, port, fingerprint256: certificate.fingerprint256 });
      }
    } catch (error) {
      if (alive.current) {
        setTrustError({ fingerprint: certificate.fingerprint256, error: toApiError(error) });
        setTrusting(null);
      }
      return;
    }
    if (!alive.current) return;
    setTrusting(null);
    // Test what is on screen now; if it no longer validates, the errors say why.
    const d = validDraft();
    if (d) await runTest(d);
  }

  const result = tested?.result ?? null;
  // Kept on screen during a re-test so the button that started it does not vanish under the user.
  const certificates = result ? untrustedCertificates(result) : [];
  const offerSaveAnyway = test.kind === 'tested' && testedCurrent && failedWithoutCertificate(test.tested.result);

  return (
    <form className="card add-account" aria-labelledby={headingId} onSubmit={onSave} noValidate>
      <h1 id={headingId}>Add account</h1>
      {notice ? (
        <p className={`${notice.tone === 'warning' ? 'warning' : 'muted'} intro`} role="status">
          {notice.text}
        </p>
      ) : (
        <p className="muted intro">
          Tidings talks directly to your mail provider's servers. Your provider's help pages list the settings to use.
        </p>
      )}

      <TextField
        id={fieldId('name')}
        label="Your name"
        value={values.name}
        onChange={(name) => update({ name })}
        error={shownErrors.name}
        autoComplete="name"
      />
      <TextField
        id={fieldId('email')}
        label="Email address"
        type="email"
        value={values.email}
        onChange={(email) => update({ email })}
        error={shownErrors.email}
        autoComplete="email"
        autoCapitalize="none"
        spellCheck={false}
      />
      <TextField
        id={fieldId('password')}
        label="Password"
        type="password"
        value={values.password}
        onChange={(password) => update({ password })}
        error={shownErrors.password}
        autoComplete="off"
      />

      <ServerFieldset
        side="incoming"
        values={values}
        errors={shownErrors}
        onServerChange={updateServer}
        onProtocolChange={(protocol: IncomingProtocol) => update({ protocol })}
      />
      <ServerFieldset side="outgoing" values={values} errors={shownErrors} onServerChange={updateServer} onProtocolChange={() => {}} />

      <TestResults result={result} testing={test.kind === 'testing'} stale={tested !== null && !testedCurrent} />
      {test.kind === 'failed' && (
        <p className="error-text" role="alert">
          Could not test the connection: {test.error.message}
        </p>
      )}
      {certificates.map((untrusted) => (
        <CertificatePanel
          key={`${untrusted.host}/${untrusted.certificate.fingerprint256}`}
          untrusted={untrusted}
          onTrust={() => void onTrust(untrusted)}
          trusting={trusting === untrusted.certificate.fingerprint256}
          disabled={busy}
          error={trustError?.fingerprint === untrusted.certificate.fingerprint256 ? trustError.error : null}
        />
      ))}
      {offerSaveAnyway && (
        <p className="muted save-anyway-note">
          Tidings could not connect with these settings. You can save the account anyway, for example if the server is only reachable from
          another network.
        </p>
      )}
      {saveError && (
        <p className="error-text" role="alert">
          Could not save the account: {saveError.message}
        </p>
      )}

      <div className="form-actions">
        <button type="button" className="button" onClick={onCancel}>
          {cancelLabel}
        </button>
        <span className="spacer" />
        <span className="muted form-progress" role="status">
          {saving ? 'Saving…' : ''}
        </span>
        <button type="button" className="button" onClick={() => void onTest()} aria-disabled={busy || undefined}>
          Test connection
        </button>
        {offerSaveAnyway && (
          <button type="button" className="button" onClick={() => void onSaveAnyway()} aria-disabled={busy || undefined}>
            Save anyway
          </button>
        )}
        <button ref={saveButton} type="submit" className="button primary" aria-disabled={busy || undefined}>
          Save
        </button>
      </div>
    </form>
  );
}
