import { z } from 'zod';
import {
  type Account,
  type AccountStatus,
  type AccountUpdateResult,
  accountIdSchema,
  accountOptionsSchema,
  accountUpdateSchema,
  type ConnectionCheck,
} from './accounts';
import type { AppCommand } from './app-commands';
import { type ComposeEvents, type ComposeMethodResults, composeMethodSchemas } from './compose';
import { type Discovery, discoverArgsSchema } from './discovery';
import type { ApiErrorShape, TrustedCertificateInfo } from './errors';
import { type MailMethodResults, type MessageSummary, mailMethodSchemas } from './mail';
import { newAccountSchema, type OAuthMethodResults, oauthMethodSchemas } from './oauth';
import { type SettingsEvents, type SettingsMethodResults, settingsMethodSchemas } from './settings';
import { type TransferEvents, type TransferMethodResults, transferMethodSchemas } from './transfer';

// The contract between the UI and the core: every call the renderer may make,
// the schema its argument must pass (main validates every call: the renderer
// shows untrusted mail and is itself untrusted), the type of its result, and
// every event the core pushes. Both transports (Electron IPC and the loopback
// WebSocket of `npm run web`) carry exactly this.

const noArgs = z.object({}).strict();

const fingerprintSchema = z.string().regex(/^([0-9A-F]{2}:){31}[0-9A-F]{2}$/, { message: 'Not a SHA-256 fingerprint' });

export const methodSchemas = {
  /** Version, data directory, and whether secrets reach an OS keychain. */
  'app.info': noArgs,
  /** All saved accounts, in the user's order (oldest first until reordered). */
  'accounts.list': noArgs,
  /** Find an address's server settings (presets, autoconfig, ISPDB, DNS, MX, guessing); saves nothing. */
  'accounts.discover': discoverArgsSchema,
  /** Log in to the incoming and the outgoing server with these settings (password, or a finished OAuth2 flow); saves nothing. */
  'accounts.test': newAccountSchema,
  /** Save an account: settings to the store, password (or OAuth2 refresh token) to the keychain. Returns it. */
  'accounts.add': newAccountSchema,
  /** Log in again with a saved account's settings and password, updating its status. */
  'accounts.verify': z.object({ id: accountIdSchema }).strict(),
  /** Change an account's options (e.g. how much mail to keep offline). */
  'accounts.setOptions': z.object({ id: accountIdSchema, options: accountOptionsSchema }).strict(),
  /**
   * Edit an account in place: name, colour, servers, password. New servers or
   * a new password are tried first and saved only if they work (unless
   * `force`); the account's mail stays, and its sync reconnects with them.
   */
  'accounts.update': accountUpdateSchema,
  /** The order of the accounts in the sidebar: every account's id, in the new order. */
  'accounts.reorder': z.object({ ids: z.array(accountIdSchema).min(1).max(1000) }).strict(),
  /** Delete an account: its settings, its keychain entry and all its local data. */
  'accounts.remove': z.object({ id: accountIdSchema }).strict(),
  /**
   * Trust one certificate for one host and port. Only a certificate the core
   * itself was shown by that server (during a test) can be trusted this way.
   */
  'certificates.trust': z
    .object({ host: z.string().min(1).max(253), port: z.number().int().min(1).max(65535), fingerprint256: fingerprintSchema })
    .strict(),
  /** The certificates the user trusted, each with the accounts that use its server. */
  'certificates.list': noArgs,
  /** Takes back the trust in one certificate; the accounts that use its server reconnect. */
  'certificates.revoke': z
    .object({ host: z.string().min(1).max(253), port: z.number().int().min(1).max(65535), fingerprint256: fingerprintSchema })
    .strict(),
  ...mailMethodSchemas,
  ...oauthMethodSchemas,
  ...composeMethodSchemas,
  ...settingsMethodSchemas,
  ...transferMethodSchemas,
} as const;

export type Method = keyof typeof methodSchemas;
export type MethodArgs<M extends Method> = z.input<(typeof methodSchemas)[M]>;

export interface AppInfo {
  name: 'Tidings';
  version: string;
  dataDir: string;
  /** Where the log files are (a folder inside dataDir). */
  logDir: string;
  /** 'keychain' when an OS keychain answered; 'memory' when secrets live only for this run. */
  secretStorage: 'keychain' | 'memory';
  /** Plain words about the keychain when it is not available. */
  secretStorageMessage?: string;
}

export interface MethodResults
  extends MailMethodResults,
    OAuthMethodResults,
    ComposeMethodResults,
    SettingsMethodResults,
    TransferMethodResults {
  'app.info': AppInfo;
  'accounts.list': Account[];
  'accounts.discover': Discovery;
  'accounts.test': ConnectionCheck;
  'accounts.add': Account;
  'accounts.verify': Account;
  'accounts.setOptions': Account;
  'accounts.update': AccountUpdateResult;
  'accounts.reorder': Account[];
  'accounts.remove': { removed: true };
  'certificates.trust': { trusted: true };
  'certificates.list': TrustedCertificateInfo[];
  'certificates.revoke': { revoked: true };
}

export type MethodResult<M extends Method> = MethodResults[M];

/** Events the core pushes to every connected UI. */
export interface Events extends ComposeEvents, SettingsEvents, TransferEvents {
  /** An account's connection state changed. */
  'account.status': { accountId: string; status: AccountStatus };
  /** The set of accounts changed (added, removed, renamed). */
  'accounts.changed': { accountIds: string[] };
  /** Data in the store changed; the UI re-reads what it shows of these folders (and the folder list when `folders` is true). */
  'store.changed': { accountId: string; folderIds: number[]; folders?: boolean };
  /** New unread mail arrived in an Inbox while the account was synced (never during a first sync, never Junk): for notifications. `more`: how many beyond `messages`. */
  'mail.arrived': { accountId: string; folderId: number; messages: MessageSummary[]; more: number };
  /**
   * Sync progress of one account: what it is doing, and how far, as one
   * overall figure (main/sync/sync-progress.ts): 'headers' counts the pass's
   * headers over all its folders, 'bodies' the account's messages with their
   * body of all it keeps offline. 'idle' when the folders and the bodies are
   * both done (the account's status then has `checkedAt`).
   */
  'sync.progress': {
    accountId: string;
    folderId: number | null;
    /** 'download': a POP3 account downloading new messages (done of total). */
    phase: 'folders' | 'headers' | 'bodies' | 'download' | 'idle';
    done: number;
    total: number;
  };
  /** Something the user should know that is not an error of a call (e.g. the server refused a queued move). */
  notice: { accountId: string; message: string };
}

export type EventName = keyof Events;

/** What the renderer programs against; the preload bridge and the WebSocket client both implement it. */
export interface TidingsApi {
  call<M extends Method>(method: M, args: MethodArgs<M>): Promise<MethodResult<M>>;
  on<E extends EventName>(event: E, listener: (payload: Events[E]) => void): () => void;
}

// ---- Wire format, the same on both transports ----

export interface RequestMessage {
  id: number;
  method: string;
  args: unknown;
}

export type ResponseMessage = { id: number; ok: true; result: unknown } | { id: number; ok: false; error: ApiErrorShape };

export interface EventMessage {
  event: EventName;
  payload: unknown;
}

export type ServerMessage = ResponseMessage | EventMessage;

/**
 * What Electron's preload exposes as `window.tidingsBridge`. Errors lose their
 * properties when they cross contextBridge, so calls resolve with the wire
 * envelope and the renderer's client turns it into a TidingsApi.
 */
export interface ElectronBridge {
  invoke(method: string, args: unknown): Promise<{ ok: true; result: unknown } | { ok: false; error: ApiErrorShape }>;
  subscribe(listener: (message: EventMessage) => void): () => void;
  /** The mailto: links the OS opened the app with that wait for a compose pane (main/app/mailto-launch.ts); each is given once. */
  takeMailto(): Promise<string[]>;
  /** Called when a mailto: link arrives while the app runs: take it then. */
  onMailto(listener: () => void): () => void;
  /** A command from the app's menu (main/app/menu.ts). */
  onCommand(listener: (command: AppCommand) => void): () => void;
  /** The unread count on the dock or taskbar icon (0 clears it). */
  setBadgeCount(count: number): void;
  /** Opens a window showing one message (sandboxed like the main one). */
  openMessageWindow(messageId: number): void;
  /** Shows a desktop notification (Electron's, from main); a second with the same tag replaces the first. */
  notify(notice: { title: string; body: string; tag: string }): void;
  /** Opens the folder of the log files in the OS's file manager (Settings). */
  openLogFolder(): void;
  /** Called with a notification's tag when the user clicks it (main brings the window to the front first). */
  onNotificationClick(listener: (tag: string) => void): () => void;
  /**
   * Import and export (main/app/transfer-dialogs.ts): the OS's dialog to choose a file or folder to import
   * ('open'), or where an export goes ('save-mbox', 'save-folder'). Resolves with a token under which main
   * granted the path to the core (the page never names a path itself), or null when the user cancelled.
   */
  choosePath?(purpose: 'open-file' | 'open-folder' | 'save-mbox' | 'save-folder', defaultName?: string): Promise<string | null>;
}
