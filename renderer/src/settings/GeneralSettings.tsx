import { useId } from 'react';
import { MAX_UNDO_SECONDS } from '../../../shared/compose';
import type { Settings, SettingsChange } from '../../../shared/settings';
import { toApiError } from '../api/errors';
import { askToNotify, mayAskToNotify } from '../api/notifications';
import { useToast } from '../components/Toasts';
import { useSettings } from '../queries/useSettings';

/** Undo-send delays offered (seconds); the contract allows any whole number up to MAX_UNDO_SECONDS. */
const UNDO_CHOICES = [0, 5, 10, 20, 30, MAX_UNDO_SECONDS];

/**
 * The global settings: each control saves on change (no Save button), the
 * window applies it at once (useSettings shows it before the core answers),
 * and every other window hears settings.changed.
 */
export function GeneralSettings() {
  const { settings, change } = useSettings();
  const toast = useToast();
  const headingId = useId();
  const remoteNote = useId();

  const set = (value: SettingsChange) =>
    void change(value).catch((failure: unknown) => toast(`Could not change the setting: ${toApiError(failure).message}`));

  async function setNotifications(on: boolean) {
    // A browser shows nothing until the user allows it; this click may ask.
    if (on && mayAskToNotify()) await askToNotify();
    set({ notifications: on });
  }

  return (
    <section className="general-settings" aria-labelledby={headingId}>
      <h2 id={headingId} className="settings-page-title">
        General
      </h2>

      <fieldset className="settings-group">
        <legend>Appearance</legend>
        <Choices
          label="Theme"
          name="theme"
          value={settings.theme}
          options={[
            ['system', 'System'],
            ['light', 'Light'],
            ['dark', 'Dark'],
          ]}
          onChange={(theme) => set({ theme })}
        />
        <Choices
          label="Reading pane"
          name="readingPane"
          value={settings.readingPane}
          options={[
            ['right', 'Right'],
            ['bottom', 'Bottom'],
            ['off', 'Off'],
          ]}
          onChange={(readingPane) => set({ readingPane })}
        />
        <Choices
          label="Message list"
          name="density"
          value={settings.density}
          options={[
            ['comfortable', 'Comfortable'],
            ['compact', 'Compact'],
          ]}
          onChange={(density) => set({ density })}
        />
        <div className="check-field">
          <input
            id="setting-conversations"
            type="checkbox"
            checked={settings.conversations}
            onChange={(event) => set({ conversations: event.target.checked })}
          />
          <label htmlFor="setting-conversations">Show conversations by default</label>
        </div>
        <p className="muted field-note nested-note">A folder whose Conversations switch you changed keeps its own choice.</p>
      </fieldset>

      <fieldset className="settings-group">
        <legend>Sending</legend>
        <div className="field field-narrow">
          <label htmlFor="setting-undo">Undo send</label>
          <select id="setting-undo" value={settings.undoSeconds} onChange={(event) => set({ undoSeconds: Number(event.target.value) })}>
            {[...new Set([...UNDO_CHOICES, settings.undoSeconds])]
              .sort((a, b) => a - b)
              .map((seconds) => (
                <option key={seconds} value={seconds}>
                  {seconds === 0 ? 'Off (send at once)' : `${seconds} seconds`}
                </option>
              ))}
          </select>
        </div>
        <p className="muted field-note">For accounts that set no delay of their own.</p>
      </fieldset>

      <fieldset className="settings-group">
        <legend>Privacy</legend>
        <div className="check-field">
          <input
            id="setting-remote"
            type="checkbox"
            checked={settings.remoteContent}
            aria-describedby={remoteNote}
            onChange={(event) => set({ remoteContent: event.target.checked })}
          />
          <label htmlFor="setting-remote">Load remote content in all messages</label>
        </div>
        <p id={remoteNote} className={settings.remoteContent ? 'warning' : 'muted field-note'}>
          {settings.remoteContent
            ? 'Remote images load in every message: senders can see that you opened their mail, when, and from where.'
            : 'Off: images from the internet load only for the messages and senders you allow, so senders cannot track when you read their mail.'}
        </p>
      </fieldset>

      <fieldset className="settings-group">
        <legend>Notifications</legend>
        <div className="check-field">
          <input
            id="setting-notifications"
            type="checkbox"
            checked={settings.notifications}
            onChange={(event) => void setNotifications(event.target.checked)}
          />
          <label htmlFor="setting-notifications">Desktop notifications for new mail</label>
        </div>
        <div className="check-field nested">
          <input
            id="setting-sound"
            type="checkbox"
            checked={settings.notificationSound}
            disabled={!settings.notifications}
            onChange={(event) => set({ notificationSound: event.target.checked })}
          />
          <label htmlFor="setting-sound">Play a sound</label>
        </div>
      </fieldset>
    </section>
  );
}

/** A row of radio buttons for one setting. */
function Choices<K extends 'theme' | 'readingPane' | 'density'>({
  label,
  name,
  value,
  options,
  onChange,
}: {
  label: string;
  name: K;
  value: Settings[K];
  options: [Settings[K], string][];
  onChange: (value: Settings[K]) => void;
}) {
  const labelId = useId();
  return (
    <div className="field" role="radiogroup" aria-labelledby={labelId}>
      <span id={labelId} className="field-label">
        {label}
      </span>
      <div className="segmented">
        {options.map(([option, text]) => (
          <label key={option} className="segment">
            <input type="radio" name={name} value={option} checked={value === option} onChange={() => onChange(option)} />
            <span>{text}</span>
          </label>
        ))}
      </div>
    </div>
  );
}
