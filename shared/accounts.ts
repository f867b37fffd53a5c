import { z } from 'zod';
import type { CertificateInfo, ErrorCode } from './errors';
import type { OAuthProvider } from './oauth';

// Account settings as the user types them into the "Add account" form, and as
// they are stored (without the password, which only ever lives in the keychain).

export const SECURITY_MODES = ['tls', 'starttls', 'none'] as const;
export type Security = (typeof SECURITY_MODES)[number];

export const INCOMING_PROTOCOLS = ['imap', 'pop3'] as const;
export type IncomingProtocol = (typeof INCOMING_PROTOCOLS)[number];

/** The port a server of this kind listens on for this security mode, by convention. */
export function defaultPort(kind: IncomingProtocol | 'smtp', security: Security): number {
  const table = {
    imap: { tls: 993, starttls: 143, none: 143 },
    pop3: { tls: 995, starttls: 110, none: 110 },
    smtp: { tls: 465, starttls: 587, none: 587 },
  } as const;
  return table[kind][security];
}

// Host names: letters, digits, dots, hyphens (IDNs arrive as punycode), or an
// IPv4/IPv6 literal. No spaces, no scheme, no path: the renderer is untrusted.
const hostSchema = z
  .string()
  .trim()
  .min(1, 'Enter the server name')
  .max(253)
  .regex(/^(\[?[0-9a-fA-F:.]+\]?|[A-Za-z0-9]([A-Za-z0-9-]*[A-Za-z0-9])?(\.[A-Za-z0-9]([A-Za-z0-9-]*[A-Za-z0-9])?)*\.?)$/, {
    message: 'Server name may only contain letters, digits, dots and hyphens',
  });

const portSchema = z.number().int('Port must be a whole number').min(1, 'Port must be 1–65535').max(65535, 'Port must be 1–65535');

/** No control characters (C0, DEL, C1): a username or name goes into protocol commands and onto the screen. */
// biome-ignore lint/suspicious/noControlCharactersInRegex: finding them is the point
const CONTROL_CHARACTERS = /[\u0000-\u001f\u007f-\u009f]/;
export const hasNoControlCharacters = (value: string): boolean => !CONTROL_CHARACTERS.test(value);

/**
 * CR, LF and NUL end or split a protocol line: in a POP3 `PASS`, an SMTP or
 * IMAP login, a SASL PLAIN string they would add commands of the sender's
 * choosing. Refused in every username and password, typed or read from a
 * config file, and again by each protocol client before it logs in
 * (main/net/login-values.ts).
 */
// biome-ignore lint/suspicious/noControlCharactersInRegex: finding them is the point
export const LINE_BREAKING_CHARACTERS = /[\u0000\r\n]/;

const usernameSchema = z
  .string()
  .min(1, 'Enter the username')
  .max(320)
  .refine(hasNoControlCharacters, { message: 'The username cannot contain control characters' });

/** The name shown for an account (and as the sender's name). */
export const accountNameSchema = z
  .string()
  .trim()
  .max(200)
  .refine(hasNoControlCharacters, { message: 'The name cannot contain control characters' });

/** An account's colour in the sidebar and on its rows in the unified views: #rrggbb. */
export const accountColorSchema = z.string().regex(/^#[0-9a-f]{6}$/, { message: 'A colour is #rrggbb' });

export const serverSettingsSchema = z
  .object({
    host: hostSchema,
    port: portSchema,
    security: z.enum(SECURITY_MODES),
    username: usernameSchema,
  })
  .strict();

export const incomingSettingsSchema = serverSettingsSchema.extend({ protocol: z.enum(INCOMING_PROTOCOLS) }).strict();

export const emailSchema = z
  .string()
  .trim()
  .max(320)
  .regex(/^[^\s@<>()[\]\\,;:"]+@[^\s@<>()[\]\\,;:"]+$/, { message: 'Enter an email address like name@example.com' })
  // The address fills usernames and host names (%EMAILADDRESS%, %EMAILDOMAIN%): NUL and the like would reach the servers.
  .refine(hasNoControlCharacters, { message: 'The email address cannot contain control characters' });

/** A password or app password as typed (never stored outside the keychain). */
export const passwordSchema = z
  .string()
  .min(1, 'Enter the password')
  .max(4096)
  .refine((value) => !LINE_BREAKING_CHARACTERS.test(value), {
    message: 'The password cannot contain line breaks or NUL characters: no mail server could be sent it',
  });

/** What the "Add account" form submits. */
export const accountDraftSchema = z
  .object({
    name: accountNameSchema,
    email: emailSchema,
    password: passwordSchema,
    incoming: incomingSettingsSchema,
    outgoing: serverSettingsSchema,
  })
  .strict();

export type ServerSettings = z.infer<typeof serverSettingsSchema>;
export type IncomingSettings = z.infer<typeof incomingSettingsSchema>;
export type AccountDraft = z.infer<typeof accountDraftSchema>;

export const accountIdSchema = z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, { message: 'Not an account id' });

/**
 * Editing an account in place (accounts.update): what a call leaves out stays
 * as it is. New servers or a new password are tried before they are saved
 * (Thunderbird's way); `force` saves them untried ("Save anyway", offline).
 */
export const accountUpdateSchema = z
  .object({
    id: accountIdSchema,
    name: accountNameSchema.optional(),
    /** null: no colour of its own (the sidebar's default). */
    color: accountColorSchema.nullable().optional(),
    incoming: incomingSettingsSchema.optional(),
    outgoing: serverSettingsSchema.optional(),
    /** A new password or app password; only for accounts that sign in with a password. */
    password: passwordSchema.optional(),
    force: z.boolean().optional(),
  })
  .strict();
export type AccountUpdate = z.input<typeof accountUpdateSchema>;

/** What accounts.update did: saved (with the check that passed, when it tried), or not, with the check that failed. */
export type AccountUpdateResult = { saved: true; account: Account; check?: ConnectionCheck } | { saved: false; check: ConnectionCheck };

/** How an account is doing right now, as shown next to it in the sidebar. */
export type AccountState = 'unknown' | 'checking' | 'connected' | 'error' | 'offline';

export interface AccountStatus {
  state: AccountState;
  /** Plain words for the user when state is 'error' or 'offline'. */
  message?: string;
  code?: ErrorCode;
  /** With 'connected': when a sync last finished with everything (folders, headers, bodies) in step with the server. */
  checkedAt?: string;
}

/** What a POP3 account does with the server's copies and how often it looks for mail (Thunderbird's defaults). */
export const pop3OptionsSchema = z
  .object({
    /** Keep the server's copy after downloading (on by default). */
    leaveOnServer: z.boolean(),
    /** With leaveOnServer: delete the server's copy this many days after downloading it; null = never (the default). */
    deleteAfterDays: z.number().int().min(1).max(36_500).nullable(),
    /** With leaveOnServer: delete the server's copy when the message is deleted here (off by default). */
    deleteWhenDeletedHere: z.boolean(),
    /** Check for new mail every N minutes (and at start). */
    checkEveryMinutes: z.number().int().min(1).max(1440),
  })
  .strict();
export type Pop3Options = z.infer<typeof pop3OptionsSchema>;
export const DEFAULT_POP3_OPTIONS: Pop3Options = {
  leaveOnServer: true,
  deleteAfterDays: null,
  deleteWhenDeletedHere: false,
  checkEveryMinutes: 10,
};
/** What "delete after N days" starts at when the user turns it on. */
export const DEFAULT_POP3_DELETE_AFTER_DAYS = 14;

/** How often an IMAP account checks every folder in full. */
export const imapOptionsSchema = z
  .object({
    /**
     * Every N minutes (default 2). New mail in the Inbox shows at once
     * anyway (IDLE), and in the other folders within about 30 s (STATUS):
     * the full check also brings flag changes and deletions made elsewhere.
     */
    checkEveryMinutes: z.number().int().min(1).max(1440),
  })
  .strict();
export type ImapOptions = z.infer<typeof imapOptionsSchema>;
export const DEFAULT_IMAP_OPTIONS: ImapOptions = { checkEveryMinutes: 2 };

/** Per-account choices, with Thunderbird-like defaults. */
export const accountOptionsSchema = z
  .object({
    /** Keep bodies of the last N days offline; null = every message (the default). */
    bodyDays: z.number().int().min(1).max(36_500).nullable(),
    /** Desktop notifications for this account's new mail (when they are on in General); missing = on. */
    notifications: z.boolean().optional(),
    /** IMAP accounts only; missing = DEFAULT_IMAP_OPTIONS (or, in accounts.setOptions, unchanged). */
    imap: imapOptionsSchema.optional(),
    /** POP3 accounts only; missing = DEFAULT_POP3_OPTIONS (or, in accounts.setOptions, unchanged). */
    pop3: pop3OptionsSchema.optional(),
  })
  .strict();
export type AccountOptions = z.infer<typeof accountOptionsSchema>;
export const DEFAULT_ACCOUNT_OPTIONS: AccountOptions = { bodyDays: null };

/** A saved account as the UI sees it. There is never a password in here. */
export interface Account {
  id: string;
  name: string;
  email: string;
  incoming: IncomingSettings;
  outgoing: ServerSettings;
  /** Where the password (or OAuth2 refresh token) lives: the OS keychain, or this run's memory only. */
  secretStorage: 'keychain' | 'memory' | 'missing';
  /** Present when the account signs in with the provider's page (OAuth2) instead of a password. */
  oauth?: { provider: OAuthProvider };
  status: AccountStatus;
  options: AccountOptions;
  createdAt: string;
  /** Its colour in the sidebar and on its rows in the unified views (#rrggbb); absent: the default. */
  color?: string;
  /**
   * 'gmail' once its IMAP server said it is Gmail (X-GM-EXT-1): folders are
   * labels, a message can be in several, Archive takes it out of the Inbox.
   */
  imapFlavor?: ImapFlavor;
}

export type ImapFlavor = 'gmail';

/** The answer for one server of a "Test connection". */
export type ServerCheck =
  | {
      ok: true;
      server: 'incoming' | 'outgoing';
      protocol: IncomingProtocol | 'smtp';
      host: string;
      port: number;
      /**
       * The username the server took, when it was not the one given: the
       * provider takes more than one form (iCloud: the local part or the full
       * address) and refused the first. Save this one (`withAcceptedUsernames`).
       */
      username?: string;
    }
  | {
      ok: false;
      server: 'incoming' | 'outgoing';
      protocol: IncomingProtocol | 'smtp';
      host: string;
      port: number;
      code: ErrorCode;
      message: string;
      certificate?: CertificateInfo;
      /** A page that helps, named for a button: the provider's app-password or "enable IMAP" page. */
      help?: { label: string; url: string };
    };

export interface ConnectionCheck {
  incoming: ServerCheck;
  outgoing: ServerCheck;
}

/** The settings with the usernames a passed test says the servers took instead (the same object when there are none). */
export function withAcceptedUsernames<D extends { incoming: IncomingSettings; outgoing: ServerSettings }>(
  draft: D,
  check: ConnectionCheck,
): D {
  const incoming = check.incoming.ok ? check.incoming.username : undefined;
  const outgoing = check.outgoing.ok ? check.outgoing.username : undefined;
  if (!incoming && !outgoing) return draft;
  return {
    ...draft,
    incoming: incoming ? { ...draft.incoming, username: incoming } : draft.incoming,
    outgoing: outgoing ? { ...draft.outgoing, username: outgoing } : draft.outgoing,
  };
}
