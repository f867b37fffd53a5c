import { z } from 'zod';
import { accountIdSchema, emailSchema } from './accounts';
import type { Address } from './mail';
import { MAX_MAILTO_LENGTH } from './mailto';

// Writing and sending mail: identities, drafts (with their attachments), the
// prefilled draft for a reply or forward, address suggestions, the outbox, and
// per-account compose settings. The renderer is untrusted: every argument is
// checked by a strict schema here, and main re-checks what it must (e.g. that
// an attachment id belongs to an upload it finished).
//
// How the pieces fit, from the UI's side:
//   1. `compose.start` gives a prefilled Draft (id null: nothing is stored yet).
//   2. Files: `drafts.attachmentBegin` → `drafts.attachmentChunk`… (in order,
//      base64, ≤ ATTACHMENT_CHUNK_BYTES decoded each) → `drafts.attachmentFinish`
//      gives a DraftAttachment; put its id in the draft's `attachments`.
//   3. `drafts.save` a few seconds after each change. The first save (id absent)
//      creates the draft and returns its id; send that id with every later save.
//      Save calls for one draft must not overlap (await one before the next).
//   4. `outbox.send { draftId, undoSeconds }` builds the message from the saved
//      draft (save first!) and queues it; until its `sendAt`, `outbox.undo`
//      gives the draft back. `outbox.changed` / `outbox.sent` / `outbox.failed`
//      tell what happens next.

// ---- Limits (main enforces them; the UI may show them) ----

/** One attachment at most (decoded bytes). The server's own SIZE limit (compose.limits) may be lower. */
export const MAX_ATTACHMENT_BYTES = 40 * 1024 * 1024;
/** One `drafts.attachmentChunk` at most (decoded bytes); base64 of this stays well under the transports' 4 MB frame. */
export const ATTACHMENT_CHUNK_BYTES = 1024 * 1024;
/** Characters of a body (HTML or plain). Images go as attachments (inline + contentId), never as data: URLs. */
export const MAX_BODY_CHARS = 1_000_000;
export const MAX_RECIPIENTS = 500;
export const MAX_ATTACHMENTS = 100;
/** Seconds `outbox.send` waits before submitting, so that Undo can take the message back. */
export const DEFAULT_UNDO_SECONDS = 5;
export const MAX_UNDO_SECONDS = 60;

// ---- Small schemas ----

const noControlChars = (value: string) => ![...value].some((c) => c.charCodeAt(0) < 0x20 || c.charCodeAt(0) === 0x7f);
const singleLine = (max: number) => z.string().max(max).refine(noControlChars, { message: 'Must be one line without control characters' });

export const draftIdSchema = z.string().regex(/^d_[A-Za-z0-9_-]{8,64}$/, { message: 'Not a draft id' });
export const attachmentIdSchema = z.string().regex(/^a_[A-Za-z0-9_-]{8,64}$/, { message: 'Not an attachment id' });
export const identityIdSchema = z.string().regex(/^i_[A-Za-z0-9_-]{8,64}$/, { message: 'Not an identity id' });
export const outboxIdSchema = z.string().regex(/^o_[A-Za-z0-9_-]{8,64}$/, { message: 'Not an outbox id' });
const uploadIdSchema = z.string().regex(/^u_[A-Za-z0-9_-]{8,64}$/, { message: 'Not an upload id' });
const messageIdSchema = z.number().int().positive();

/**
 * A recipient as a draft holds it. The address is checked loosely here (a
 * draft keeps whatever was typed, half-typed addresses included, so nothing is
 * lost); `outbox.send` checks every address strictly and names the bad one.
 */
export const draftAddressSchema = z.object({ name: singleLine(200), address: singleLine(320) }).strict();

const addressList = z.array(draftAddressSchema).max(MAX_RECIPIENTS);

/** An RFC 5322 msg-id with its angle brackets, e.g. "<abc@example.com>". */
const rfcMessageIdSchema = z.string().regex(/^<[^\s<>]{1,994}>$/, { message: 'Not a Message-ID' });

export const COMPOSE_MODES = ['new', 'reply', 'replyAll', 'forward', 'forwardAsAttachment'] as const;
export type ComposeMode = (typeof COMPOSE_MODES)[number];

/** The body: rich (HTML; main generates the plain-text alternative when sending) or plain text only. */
export const draftBodySchema = z.discriminatedUnion('format', [
  z.object({ format: z.literal('html'), html: z.string().max(MAX_BODY_CHARS) }).strict(),
  z.object({ format: z.literal('plain'), text: z.string().max(MAX_BODY_CHARS) }).strict(),
]);
export type DraftBody = z.infer<typeof draftBodySchema>;

/**
 * An attachment of a draft, by reference. `inline` + `contentId` make it an
 * inline image the HTML body shows as `<img src="cid:CONTENT_ID">`.
 */
export const draftAttachmentRefSchema = z
  .object({
    id: attachmentIdSchema,
    inline: z.boolean().optional(),
    contentId: z
      .string()
      .regex(/^[A-Za-z0-9._@-]{1,200}$/, { message: 'Not a Content-ID' })
      .optional(),
  })
  .strict();

/** Everything the user writes; what `drafts.save` stores. */
export const draftFieldsSchema = z
  .object({
    accountId: accountIdSchema,
    /** The identity to send as (its name, address, Reply-To); null = the account's default identity. */
    identityId: identityIdSchema.nullable(),
    to: addressList,
    cc: addressList,
    bcc: addressList,
    subject: singleLine(2000),
    body: draftBodySchema,
    attachments: z.array(draftAttachmentRefSchema).max(MAX_ATTACHMENTS),
    /** Threading (RFC 5322 §3.6.4), as compose.start filled them in; keep them as they are. */
    inReplyTo: rfcMessageIdSchema.nullable(),
    references: z.array(rfcMessageIdSchema).max(100),
    /** The message replied to or forwarded (local message id): sending marks it \Answered or $Forwarded. */
    source: z
      .object({ messageId: messageIdSchema, mode: z.enum(COMPOSE_MODES) })
      .strict()
      .nullable(),
  })
  .strict();
export type DraftFields = z.infer<typeof draftFieldsSchema>;

// ---- Result types ----

/** An attachment stored for drafts (uploaded, or taken from a forwarded message). */
export interface DraftAttachment {
  id: string;
  filename: string;
  contentType: string;
  size: number;
  inline: boolean;
  contentId: string | null;
}

/** A draft as main returns it: the fields, with the attachments spelled out. */
export interface Draft extends Omit<DraftFields, 'attachments'> {
  /** null for a draft compose.start prefilled and nobody saved yet. */
  id: string | null;
  /** When it was last saved locally (ISO 8601); null when never. */
  savedAt: string | null;
  attachments: DraftAttachment[];
}

/** One line of `drafts.list`. */
export interface DraftSummary {
  id: string;
  accountId: string;
  subject: string;
  to: Address[];
  savedAt: string;
}

export interface Identity {
  id: string;
  accountId: string;
  name: string;
  address: string;
  replyTo: string | null;
  /** Plain text; the editor adds it below the body (after "-- " in plain text). */
  signature: string;
  /**
   * The same signature formatted (HTML as the compose editor writes it: bold,
   * links, lists), used in formatted messages; null = plain text only.
   */
  signatureHtml: string | null;
  /** The identity new messages start with. Exactly one per account. */
  isDefault: boolean;
}

export const identityInputSchema = z
  .object({
    /** Keep an existing identity's id; absent for a new one. */
    id: identityIdSchema.optional(),
    name: singleLine(200),
    address: emailSchema,
    replyTo: emailSchema.nullable(),
    signature: z.string().max(10_000),
    /** Formatted signature (its plain form is `signature`); absent or null = plain text only. */
    signatureHtml: z.string().max(50_000).nullable().optional(),
    isDefault: z.boolean(),
  })
  .strict();
export type IdentityInput = z.infer<typeof identityInputSchema>;

/** Someone the user received mail from or wrote to. */
export interface ContactSuggestion {
  name: string;
  address: string;
  /** How many messages from or to this address the store knows. */
  count: number;
  /** The latest of them (ISO 8601). */
  lastUsed: string;
}

/**
 * A message in the outbox. 'scheduled': waiting for its send time (Undo
 * possible); 'sending': the SMTP transaction is under way (or its outcome is
 * being checked after a crash); 'retrying': a temporary failure (offline, 4xx,
 * timeout, refused login), tried again at `nextAttemptAt` and as soon as the
 * account is back online.
 */
export interface OutboxItem {
  id: string;
  accountId: string;
  /** The draft it was built from; Undo or a refusal returns it there. */
  draftId: string;
  subject: string;
  recipients: Address[];
  /** The built message's size in bytes. */
  size: number;
  state: 'scheduled' | 'sending' | 'retrying';
  sendAt: string;
  attempts: number;
  nextAttemptAt: string | null;
  /** The last temporary failure in plain words. */
  lastError: string | null;
  createdAt: string;
}

/** A recipient the server refused, in the server's own words. */
export interface RefusedRecipient {
  address: string;
  /** The server's reply, e.g. "550 5.1.1 <bob@exampel.com>: Recipient address rejected: User unknown". */
  response: string;
}

export interface ComposeSettings {
  accountId: string;
  /** 'plain' = this account composes plain text only. */
  format: 'html' | 'plain';
  /** Effective: the server files sent mail itself (Gmail, Outlook, iCloud), so Tidings appends no Sent copy. */
  sentByServer: boolean;
  /** The user's choice; null = the provider's default. */
  sentByServerOverride: boolean | null;
  undoSeconds: number;
}

export const composeSettingsInputSchema = z
  .object({
    format: z.enum(['html', 'plain']).optional(),
    sentByServerOverride: z.boolean().nullable().optional(),
    undoSeconds: z.number().int().min(0).max(MAX_UNDO_SECONDS).optional(),
  })
  .strict();
export type ComposeSettingsInput = z.infer<typeof composeSettingsInputSchema>;

export interface ComposeLimits {
  accountId: string;
  /** The server's SIZE from EHLO (bytes, for the whole message); null when unknown or unlimited. */
  maxMessageBytes: number | null;
  /** Tidings' own per-attachment limit. */
  maxAttachmentBytes: number;
}

// ---- Methods ----

export const composeMethodSchemas = {
  /** A prefilled draft: new, or a reply/forward of a stored message (attachments of an inline forward included). Stores nothing but attachments. */
  'compose.start': z
    .object({
      mode: z.enum(COMPOSE_MODES),
      messageId: messageIdSchema.optional(),
      accountId: accountIdSchema.optional(),
      /** A mailto: link (RFC 6068) a new message starts from: its recipients, subject, body and In-Reply-To (shared/mailto.ts). */
      mailto: z
        .string()
        .max(MAX_MAILTO_LENGTH)
        .regex(/^mailto:/i, { message: 'Not a mailto: link' })
        .optional(),
    })
    .strict()
    .refine((a) => a.mode === 'new' || a.messageId !== undefined, { message: 'Replying or forwarding needs a messageId' })
    .refine((a) => a.mode === 'new' || a.mailto === undefined, { message: 'A mailto: link starts a new message' }),
  'compose.settings': z.object({ accountId: accountIdSchema }).strict(),
  'compose.setSettings': z.object({ accountId: accountIdSchema, settings: composeSettingsInputSchema }).strict(),
  /** The submission server's SIZE limit (asks the server when not known yet and it can be reached). */
  'compose.limits': z.object({ accountId: accountIdSchema }).strict(),
  /** The account's identities (the account's own name and address first time). */
  'identities.list': z.object({ accountId: accountIdSchema.optional() }).strict(),
  /** Replace an account's identities; exactly one must be the default. */
  'identities.set': z
    .object({ accountId: accountIdSchema, identities: z.array(identityInputSchema).min(1).max(50) })
    .strict()
    .refine((a) => a.identities.filter((i) => i.isDefault).length === 1, { message: 'Exactly one identity must be the default' }),
  /** Create (id absent) or replace a draft, locally at once and on the server's Drafts folder soon after. */
  'drafts.save': z.object({ id: draftIdSchema.optional(), draft: draftFieldsSchema }).strict(),
  'drafts.get': z.object({ id: draftIdSchema }).strict(),
  'drafts.list': z.object({ accountId: accountIdSchema.optional() }).strict(),
  /** Discard a draft (locally, on the server, and its attachments). */
  'drafts.delete': z.object({ id: draftIdSchema }).strict(),
  /** Open a message of a Drafts folder for editing: its draft when Tidings wrote it, else a new draft made from it. */
  'drafts.open': z.object({ messageId: messageIdSchema }).strict(),
  /** Start an upload; nothing is attached until attachmentFinish. */
  'drafts.attachmentBegin': z
    .object({
      filename: z.string().min(1).max(255).refine(noControlChars, { message: 'The file name has control characters' }),
      contentType: z.string().regex(/^[A-Za-z0-9][A-Za-z0-9!#$&^_.+-]{0,126}\/[A-Za-z0-9][A-Za-z0-9!#$&^_.+-]{0,126}$/, {
        message: 'Not a media type',
      }),
      size: z.number().int().min(0).max(MAX_ATTACHMENT_BYTES),
    })
    .strict(),
  /** The next piece of an upload, in order: `offset` is the number of bytes sent before it. */
  'drafts.attachmentChunk': z
    .object({
      uploadId: uploadIdSchema,
      offset: z.number().int().min(0).max(MAX_ATTACHMENT_BYTES),
      base64: z
        .string()
        .max(Math.ceil(ATTACHMENT_CHUNK_BYTES / 3) * 4)
        .regex(/^[A-Za-z0-9+/]*={0,2}$/, { message: 'Not base64' }),
    })
    .strict(),
  /** All bytes arrived (as many as attachmentBegin announced): store the attachment. */
  'drafts.attachmentFinish': z.object({ uploadId: uploadIdSchema }).strict(),
  /** A stored draft attachment's bytes (e.g. to show an inline image in the editor). */
  'drafts.attachmentContent': z.object({ id: attachmentIdSchema }).strict(),
  /** Addresses the user received from or wrote to, matching `query` (name or address), most used and most recent first. */
  'contacts.suggest': z.object({ query: z.string().trim().max(200), limit: z.number().int().min(1).max(50).optional() }).strict(),
  /** Build the saved draft into a message and queue it; it is submitted after `undoSeconds` (default: the account's setting). */
  'outbox.send': z.object({ draftId: draftIdSchema, undoSeconds: z.number().int().min(0).max(MAX_UNDO_SECONDS).optional() }).strict(),
  /** Take a message back from the outbox (not while it is 'sending'): it becomes its draft again. */
  'outbox.undo': z.object({ id: outboxIdSchema }).strict(),
  'outbox.list': z.object({ accountId: accountIdSchema.optional() }).strict(),
  /** Try a waiting message now. */
  'outbox.retry': z.object({ id: outboxIdSchema }).strict(),
} as const;

export interface ComposeMethodResults {
  'compose.start': Draft;
  'compose.settings': ComposeSettings;
  'compose.setSettings': ComposeSettings;
  'compose.limits': ComposeLimits;
  'identities.list': Identity[];
  'identities.set': Identity[];
  'drafts.save': { id: string; savedAt: string };
  'drafts.get': Draft;
  'drafts.list': DraftSummary[];
  'drafts.delete': { deleted: true };
  'drafts.open': Draft;
  'drafts.attachmentBegin': { uploadId: string; chunkBytes: number };
  'drafts.attachmentChunk': { received: number };
  'drafts.attachmentFinish': DraftAttachment;
  'drafts.attachmentContent': { attachment: DraftAttachment; base64: string };
  'contacts.suggest': ContactSuggestion[];
  'outbox.send': OutboxItem;
  'outbox.undo': Draft;
  'outbox.list': OutboxItem[];
  'outbox.retry': OutboxItem;
}

// ---- Events ----

export interface ComposeEvents {
  /** The outbox of an account changed (queued, sending, retrying, gone); re-read outbox.list. */
  'outbox.changed': { accountId: string };
  /** A message was accepted by the server (250). `refused` lists recipients it turned down while taking the rest. */
  'outbox.sent': {
    accountId: string;
    outboxId: string;
    draftId: string;
    /** The Message-ID of the sent message. */
    messageId: string;
    accepted: string[];
    refused: RefusedRecipient[];
  };
  /**
   * A message could not be sent. With `returnedToDrafts` (a permanent refusal,
   * 5xx) it left the outbox and is draft `draftId` again, holding only the
   * recipients that were not delivered; otherwise (e.g. the password was
   * refused) it waits in the outbox and is retried.
   */
  'outbox.failed': {
    accountId: string;
    outboxId: string;
    draftId: string;
    returnedToDrafts: boolean;
    /** What went wrong, for the UI to branch on. */
    reason: 'recipients_refused' | 'message_refused' | 'too_large' | 'auth_failed' | 'tls_failed' | 'invalid_message';
    /** Plain words for the user, with the server's own reply. */
    message: string;
    /** The recipients the server refused, each with its reply. */
    refused: RefusedRecipient[];
    /** The recipients the server took (they have the message). */
    accepted: string[];
  };
  /** A draft was saved, deleted, or came back from the outbox. */
  'drafts.changed': { accountId: string; draftId: string };
}
