import { useId } from 'react';
import type { Identity } from '../../../shared/compose';
import { NOT_SAVED_DISK_FULL } from './disk-full-words';
import type { SaveStatus } from './useDraft';

/** "Saving…", "Draft saved", or why it was not saved, next to the title. */
export function SaveState({ status }: { status: SaveStatus }) {
  const words =
    status.state === 'saving'
      ? 'Saving…'
      : status.state === 'saved'
        ? 'Draft saved'
        : status.state === 'failed'
          ? status.error.code === 'disk_full'
            ? NOT_SAVED_DISK_FULL
            : `Not saved: ${status.error.message}`
          : '';
  return (
    <span className={status.state === 'failed' ? 'compose-save-state error-text' : 'compose-save-state muted'} role="status">
      {words}
    </span>
  );
}

export function SubjectField({ value, onChange }: { value: string; onChange: (subject: string) => void }) {
  const id = useId();
  return (
    <div className="compose-row">
      <label htmlFor={id} className="compose-label">
        Subject:
      </label>
      <input
        id={id}
        className="compose-input"
        type="text"
        value={value}
        maxLength={2000}
        // One line: a pasted line break would not pass the contract.
        onChange={(e) => onChange(e.target.value.replace(/[\r\n\t]+/g, ' '))}
      />
    </div>
  );
}

/**
 * The identity to send as, among every account's (grouped by account when
 * there are several); nothing while the identities are not known.
 */
export function FromField({
  identities,
  accounts,
  value,
  onChange,
}: {
  identities: Pick<Identity, 'id' | 'name' | 'address' | 'accountId'>[];
  /** The accounts' names for the groups, by id. */
  accounts: ReadonlyMap<string, string>;
  value: string | null;
  onChange: (id: string) => void;
}) {
  const id = useId();
  if (identities.length === 0) return null;
  const label = (i: Pick<Identity, 'name' | 'address'>) => (i.name ? `${i.name} <${i.address}>` : i.address);
  const byAccount = [...new Set(identities.map((i) => i.accountId))];
  return (
    <div className="compose-row">
      <label htmlFor={id} className="compose-label">
        From:
      </label>
      <select id={id} className="compose-select" value={value ?? ''} onChange={(e) => onChange(e.target.value)}>
        {byAccount.length === 1
          ? identities.map((i) => (
              <option key={i.id} value={i.id}>
                {label(i)}
              </option>
            ))
          : byAccount.map((accountId) => (
              <optgroup key={accountId} label={accounts.get(accountId) ?? accountId}>
                {identities
                  .filter((i) => i.accountId === accountId)
                  .map((i) => (
                    <option key={i.id} value={i.id}>
                      {label(i)}
                    </option>
                  ))}
              </optgroup>
            ))}
      </select>
    </div>
  );
}
