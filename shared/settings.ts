import { z } from 'zod';
import { DEFAULT_UNDO_SECONDS, MAX_UNDO_SECONDS } from './compose';

// The global settings (issue 15, section 3): one value per key, kept in the
// core's store (main/store/settings-repo.ts), read with `settings.get`,
// changed with `settings.set` (only the keys given), announced to every UI
// with `settings.changed`. Each key has its own schema so that a stored value
// that no longer passes (an older or newer version wrote it) falls back to
// its default alone, not the whole set.

export const settingFields = {
  /** 'system' follows the OS (prefers-color-scheme). */
  theme: z.enum(['system', 'light', 'dark']),
  /** Where the open message is shown: beside the list, under it, or (off) in place of it. */
  readingPane: z.enum(['right', 'bottom', 'off']),
  /** The message list's row height. */
  density: z.enum(['comfortable', 'compact']),
  /** Whether a folder the user never switched shows conversations. */
  conversations: z.boolean(),
  /** Seconds a sent message waits in the outbox for Undo, for accounts that set none of their own. */
  undoSeconds: z.number().int().min(0).max(MAX_UNDO_SECONDS),
  /** Load remote content (images, fonts) in every message, not only for allowed senders. Off: tracking pixels stay blocked. */
  remoteContent: z.boolean(),
  /** Desktop notifications for new mail. */
  notifications: z.boolean(),
  /** A sound with each notification. */
  notificationSound: z.boolean(),
} as const;

export type SettingKey = keyof typeof settingFields;

export const settingsSchema = z.object(settingFields).strict();
export type Settings = z.infer<typeof settingsSchema>;

export const DEFAULT_SETTINGS: Readonly<Settings> = {
  theme: 'system',
  readingPane: 'right',
  density: 'comfortable',
  conversations: false,
  undoSeconds: DEFAULT_UNDO_SECONDS,
  remoteContent: false,
  notifications: true,
  notificationSound: false,
};

/** A change: any of the keys, each checked by its own schema. */
export const settingsChangeSchema = settingsSchema.partial().strict();
export type SettingsChange = z.infer<typeof settingsChangeSchema>;

export const settingsMethodSchemas = {
  /** Every global setting (defaults for those never set). */
  'settings.get': z.object({}).strict(),
  /** Change some global settings; returns all of them. Every UI hears `settings.changed`. */
  'settings.set': z.object({ change: settingsChangeSchema }).strict(),
} as const;

export interface SettingsMethodResults {
  'settings.get': Settings;
  'settings.set': Settings;
}

export interface SettingsEvents {
  /** The global settings changed (all of them, as now stored). */
  'settings.changed': Settings;
}
