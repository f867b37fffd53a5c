import { type FormEvent, useEffect, useId, useState } from 'react';
import type { Account } from '../../../shared/accounts';
import type { Identity } from '../../../shared/compose';
import { TextField } from '../add-account/fields';
import { toApiError } from '../api/errors';
import { RichEditor } from '../compose/RichEditor';
import { useAccountIdentities } from '../queries/useComposeAccount';
import { blankIdentity, type IdentityValues, identityInputsOf, signatureTextToHtml, valuesOf } from './identity-form';

/**
 * An account's identities: the names and addresses it sends as, each with a
 * Reply-To and a signature, one of them the default for new messages.
 * Compose's From offers every identity of every account, and switching From
 * swaps the signature (compose/draft-body.ts). Saved together, with one Save.
 */
export function IdentitiesEditor({ account }: { account: Account }) {
  const { identities, save } = useAccountIdentities(account.id);
  const headingId = useId();
  const [values, setValues] = useState<IdentityValues[] | null>(null);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [status, setStatus] = useState<{ kind: 'saved' | 'error'; text: string } | null>(null);
  const [busy, setBusy] = useState(false);

  // The list as the core has it, until the user starts changing it.
  useEffect(() => {
    if (identities && values === null) setValues(identities.map(valuesOf));
  }, [identities, values]);

  if (!values) {
    return (
      <fieldset className="settings-group" aria-labelledby={headingId}>
        <legend id={headingId}>Identities</legend>
        <p className="muted">Loading…</p>
      </fieldset>
    );
  }
  const list = values;

  function change(index: number, patch: Partial<IdentityValues>) {
    setValues(list.map((v, i) => (i === index ? { ...v, ...patch } : patch.isDefault ? { ...v, isDefault: false } : v)));
    setStatus(null);
  }

  function remove(index: number) {
    const rest = list.filter((_, i) => i !== index);
    // The default went: the first one left takes its place.
    if (!rest.some((v) => v.isDefault) && rest[0]) rest[0] = { ...rest[0], isDefault: true };
    setValues(rest);
    setStatus(null);
  }

  async function submit(event: FormEvent) {
    event.preventDefault();
    if (busy) return;
    const result = identityInputsOf(list);
    setErrors(result.errors);
    if (!result.inputs) {
      document.getElementById(Object.keys(result.errors)[0] ?? '')?.focus();
      return;
    }
    setBusy(true);
    try {
      const saved: Identity[] = await save(result.inputs);
      setValues(saved.map(valuesOf));
      setStatus({ kind: 'saved', text: 'Identities saved.' });
    } catch (failure) {
      setStatus({ kind: 'error', text: `Could not save the identities: ${toApiError(failure).message}` });
    } finally {
      setBusy(false);
    }
  }

  return (
    <form className="settings-group identities" aria-labelledby={headingId} onSubmit={(event) => void submit(event)} noValidate>
      <h3 id={headingId} className="settings-group-title">
        Identities
      </h3>
      <p className="muted field-note">The names and addresses you write as from this account. New messages start with the default one.</p>
      <ul className="identity-list">
        {list.map((identity, index) => (
          <li key={identity.key} className="identity-card">
            <div className="field-row">
              <TextField
                id={`identity-${index}-name`}
                label="Name"
                className="field-grow"
                value={identity.name}
                onChange={(name) => change(index, { name })}
                error={errors[`identity-${index}-name`]}
                autoComplete="off"
              />
              <TextField
                id={`identity-${index}-address`}
                label="Address"
                className="field-grow"
                value={identity.address}
                onChange={(address) => change(index, { address })}
                error={errors[`identity-${index}-address`]}
                autoComplete="off"
                autoCapitalize="none"
                spellCheck={false}
              />
            </div>
            <TextField
              id={`identity-${index}-replyTo`}
              label="Reply-To (optional)"
              value={identity.replyTo}
              onChange={(replyTo) => change(index, { replyTo })}
              error={errors[`identity-${index}-replyTo`]}
              autoComplete="off"
              autoCapitalize="none"
              spellCheck={false}
            />
            <div className="field signature-field">
              <div className="signature-head">
                <label htmlFor={`identity-${index}-signature`} id={`identity-${index}-signature-label`}>
                  Signature
                </label>
                <label className="check-field signature-formatted">
                  <input
                    type="checkbox"
                    checked={identity.formatted}
                    onChange={(event) =>
                      change(
                        index,
                        event.target.checked
                          ? { formatted: true, signatureHtml: identity.signatureHtml || signatureTextToHtml(identity.signature) }
                          : { formatted: false },
                      )
                    }
                  />
                  <span>Formatted (bold, links, lists)</span>
                </label>
              </div>
              {identity.formatted ? (
                <div className="signature-editor">
                  <RichEditor
                    initialHtml={identity.signatureHtml}
                    label="Signature"
                    placeholder="Your signature…"
                    onChange={({ html, text }) => change(index, { signatureHtml: html, signature: text })}
                  />
                </div>
              ) : (
                <textarea
                  id={`identity-${index}-signature`}
                  className="signature-input"
                  rows={4}
                  maxLength={10_000}
                  value={identity.signature}
                  onChange={(event) => change(index, { signature: event.target.value })}
                />
              )}
              {errors[`identity-${index}-signatureHtml`] && <p className="field-error">{errors[`identity-${index}-signatureHtml`]}</p>}
            </div>
            <div className="identity-actions">
              <label className="check-field">
                <input
                  type="radio"
                  name={`default-identity-${account.id}`}
                  checked={identity.isDefault}
                  onChange={() => change(index, { isDefault: true })}
                />
                <span>Default for new messages</span>
              </label>
              {list.length > 1 && (
                <button
                  type="button"
                  className="link-button"
                  aria-label={`Remove identity ${identity.address || index + 1}`}
                  onClick={() => remove(index)}
                >
                  Remove
                </button>
              )}
            </div>
          </li>
        ))}
      </ul>
      <div className="settings-actions">
        <button
          type="button"
          className="button"
          disabled={list.length >= 50}
          onClick={() => {
            setValues([...list, blankIdentity(account)]);
            setStatus(null);
          }}
        >
          Add identity
        </button>
        <button type="submit" className="button primary" aria-disabled={busy || undefined}>
          Save identities
        </button>
        <span className={status?.kind === 'error' ? 'error-text' : 'muted'} role={status?.kind === 'error' ? 'alert' : 'status'}>
          {busy ? 'Saving…' : (status?.text ?? '')}
        </span>
      </div>
    </form>
  );
}
