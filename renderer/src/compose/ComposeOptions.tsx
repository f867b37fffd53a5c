import { useId, useState } from 'react';
import { type ComposeSettings, MAX_UNDO_SECONDS } from '../../../shared/compose';
import { useApi } from '../api/context';
import { toApiError } from '../api/errors';

const UNDO_CHOICES = [0, 5, 10, 20, 30, MAX_UNDO_SECONDS];

/** The sending account's choices: plain text only, and how long Undo is offered after Send. */
export function ComposeOptions({
  settings,
  accountLabel,
  onChanged,
}: {
  settings: ComposeSettings;
  accountLabel: string;
  onChanged: (settings: ComposeSettings) => void;
}) {
  const api = useApi();
  const plainId = useId();
  const undoId = useId();
  const [error, setError] = useState<string | null>(null);

  async function change(patch: { format?: 'html' | 'plain'; undoSeconds?: number }) {
    setError(null);
    try {
      onChanged(await api.call('compose.setSettings', { accountId: settings.accountId, settings: patch }));
    } catch (failure) {
      setError(`Could not change the setting: ${toApiError(failure).message}`);
    }
  }

  const choices = UNDO_CHOICES.includes(settings.undoSeconds)
    ? UNDO_CHOICES
    : [...UNDO_CHOICES, settings.undoSeconds].sort((a, b) => a - b);
  return (
    <div className="compose-options">
      <div className="compose-option">
        <input
          id={plainId}
          type="checkbox"
          checked={settings.format === 'plain'}
          onChange={(e) => void change({ format: e.target.checked ? 'plain' : 'html' })}
        />
        <label htmlFor={plainId}>Write plain text only{accountLabel ? ` from ${accountLabel}` : ''}</label>
      </div>
      <div className="compose-option">
        <label htmlFor={undoId}>Undo after Send for</label>
        <select id={undoId} value={settings.undoSeconds} onChange={(e) => void change({ undoSeconds: Number(e.target.value) })}>
          {choices.map((s) => (
            <option key={s} value={s}>
              {s === 0 ? 'no time (send at once)' : `${s} seconds`}
            </option>
          ))}
        </select>
      </div>
      {error && (
        <p className="error-text" role="alert">
          {error}
        </p>
      )}
    </div>
  );
}
