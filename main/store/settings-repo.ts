import { DEFAULT_SETTINGS, type SettingKey, type Settings, type SettingsChange, settingFields } from '../../shared/settings';
import { type Database, sql, transaction } from './database';

// The global settings, a row per key that was ever set. A value is checked
// against its key's schema when read, so one that no longer passes (written
// by another version) reads as its default and the others stay; rows of keys
// this version does not know are kept for the version that wrote them.

interface Row {
  key: string;
  value_json: string;
}

export class SettingsRepo {
  constructor(private readonly db: Database) {}

  get(): Settings {
    const settings: Settings = { ...DEFAULT_SETTINGS };
    const rows = sql(this.db, 'SELECT key, value_json FROM settings').all() as unknown as Row[];
    for (const { key, value_json } of rows) {
      if (!Object.hasOwn(settingFields, key)) continue;
      const parsed = settingFields[key as SettingKey].safeParse(parseJson(value_json));
      if (parsed.success) Object.assign(settings, { [key]: parsed.data });
    }
    return settings;
  }

  /** Writes the keys of `change` (already validated by the API) in one transaction; returns every setting. */
  set(change: SettingsChange): Settings {
    transaction(this.db, () => {
      const write = sql(
        this.db,
        'INSERT INTO settings (key, value_json) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value_json = excluded.value_json',
      );
      for (const [key, value] of Object.entries(change)) {
        if (value !== undefined) write.run(key, JSON.stringify(value));
      }
    });
    return this.get();
  }
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined; // a damaged value reads as the default (the caller's safeParse fails)
  }
}
