// DEV ONLY: the compose half of the mock core (drafts, uploads, contacts, the
// outbox) in memory, so the compose pane can be worked on and screenshotted
// without servers. Steered by the mock's query string (see mock-main.tsx):
//   an address containing "exampel" is refused by the "server" (550 5.1.1),
//   ?smtpSize=bytes sets the server's SIZE limit (default 10 MB),
//   ?smtpDown=1 keeps messages in the Outbox (connection refused).

import type { Account } from '../../shared/accounts';
import {
  type ComposeEvents,
  type ComposeMethodResults,
  type ComposeMode,
  type ComposeSettings,
  DEFAULT_UNDO_SECONDS,
  type Draft,
  type DraftAttachment,
  type DraftFields,
  type Identity,
  type OutboxItem,
} from '../../shared/compose';
import { ApiError } from '../../shared/errors';
import type { Address, MessageDetail } from '../../shared/mail';

export interface MockComposeOptions {
  smtpSize: number | null;
  smtpDown: boolean;
}

type Emit = <E extends keyof ComposeEvents>(event: E, payload: ComposeEvents[E]) => void;

interface Upload {
  filename: string;
  contentType: string;
  size: number;
  received: number;
}

const CONTACTS: Address[] = [
  { name: 'Charles Babbage', address: 'charles@difference.example' },
  { name: 'Mary Somerville', address: 'mary@example.org' },
  { name: 'Michael Faraday', address: 'faraday@royalinstitution.example' },
  { name: 'Augustus De Morgan', address: 'demorgan@ucl.example' },
  { name: 'Charles Wheatstone', address: 'wheatstone@kings.example' },
  { name: 'Royal Society', address: 'secretary@royalsociety.example' },
  { name: '', address: 'charlotte@example.com' },
];

let serial = 1;
const newId = (prefix: string) => `${prefix}_${String(serial++).padStart(10, '0')}`;

function prefixed(prefix: 'Re: ' | 'Fwd: ', subject: string): string {
  const bare = subject.replace(/^((re|fwd?|aw|wg)\s*:\s*)+/i, '');
  return `${prefix}${bare}`;
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"]/g, (c) => `&#${c.charCodeAt(0)};`);
}

export class MockCompose {
  readonly #drafts = new Map<string, Draft>();
  readonly #attachments = new Map<string, DraftAttachment>();
  readonly #uploads = new Map<string, Upload>();
  readonly #outbox = new Map<string, OutboxItem>();
  readonly #timers = new Map<string, ReturnType<typeof setTimeout>>();
  readonly #settings = new Map<string, ComposeSettings>();
  readonly #identities = new Map<string, Identity[]>();

  constructor(
    private readonly accounts: () => Account[],
    private readonly message: (id: number) => MessageDetail,
    private readonly emit: Emit,
    private readonly options: MockComposeOptions,
  ) {}

  #account(accountId: string): Account {
    const account = this.accounts().find((a) => a.id === accountId);
    if (!account) throw new ApiError('not_found', 'There is no such account.');
    return account;
  }

  identities(accountId: string): Identity[] {
    const known = this.#identities.get(accountId);
    if (known) return known;
    const account = this.#account(accountId);
    const list: Identity[] = [
      {
        id: `i_${accountId}main0001`,
        accountId,
        name: account.name,
        address: account.email,
        replyTo: null,
        signature: accountId === 'a1' ? 'Ada\nAnalytical Engines, London' : '',
        isDefault: true,
      },
    ];
    if (accountId === 'a1') {
      list.push({
        id: `i_${accountId}work0002`,
        accountId,
        name: 'Ada Lovelace (Engines)',
        address: 'ada@analytical-engines.example',
        replyTo: null,
        signature: '',
        isDefault: false,
      });
    }
    this.#identities.set(accountId, list);
    return list;
  }

  settings(accountId: string): ComposeSettings {
    this.#account(accountId);
    return (
      this.#settings.get(accountId) ?? {
        accountId,
        format: 'html',
        sentByServer: false,
        sentByServerOverride: null,
        undoSeconds: DEFAULT_UNDO_SECONDS,
      }
    );
  }

  #empty(accountId: string): Draft {
    const format = this.settings(accountId).format;
    return {
      id: null,
      savedAt: null,
      accountId,
      identityId: null,
      to: [],
      cc: [],
      bcc: [],
      subject: '',
      body: format === 'plain' ? { format, text: '' } : { format, html: '' },
      attachments: [],
      inReplyTo: null,
      references: [],
      source: null,
    };
  }

  start(mode: ComposeMode, messageId: number | undefined, accountId: string | undefined): Draft {
    if (mode === 'new' || messageId === undefined) return this.#empty(accountId ?? this.accounts()[0]?.id ?? 'a1');
    const m = this.message(messageId);
    const draft = this.#empty(m.accountId);
    const own = new Set(this.identities(m.accountId).map((i) => i.address.toLowerCase()));
    const date = new Date(m.date).toLocaleString('en-GB', { dateStyle: 'medium', timeStyle: 'short' });
    const who = m.from ? m.from.name || m.from.address : 'someone';
    const quoteText = m.text.replace(/\s+$/, '');
    const threading = {
      inReplyTo: m.messageId,
      references: m.messageId ? [m.messageId] : [],
      source: { messageId, mode },
    };
    if (mode === 'reply' || mode === 'replyAll') {
      const to = m.replyTo.length > 0 ? m.replyTo : m.from ? [m.from] : [];
      const others = mode === 'replyAll' ? [...m.to, ...m.cc].filter((a) => !own.has(a.address.toLowerCase())) : [];
      const attribution = `On ${date}, ${who} wrote:`;
      return {
        ...draft,
        ...threading,
        to,
        cc: others.filter((a) => !to.some((t) => t.address === a.address)),
        subject: prefixed('Re: ', m.subject),
        body:
          draft.body.format === 'plain'
            ? { format: 'plain', text: `\n\n${attribution}\n${quoteText.replace(/^/gm, '> ')}` }
            : {
                format: 'html',
                html: `<p></p><p>${escapeHtml(attribution)}</p><blockquote>${quoteText
                  .split('\n')
                  .map((l) => `<p>${escapeHtml(l)}</p>`)
                  .join('')}</blockquote>`,
              },
      };
    }
    const header = ['---------- Forwarded message ----------', `From: ${who}`, `Date: ${date}`, `Subject: ${m.subject}`];
    const attachments =
      mode === 'forwardAsAttachment'
        ? [this.#stored(`${m.subject || 'message'}.eml`, 'message/rfc822', m.size)]
        : m.attachments.filter((a) => !a.inline).map((a) => this.#stored(a.filename ?? 'attachment', a.contentType, a.size));
    return {
      ...draft,
      ...threading,
      inReplyTo: null,
      references: [],
      subject: prefixed('Fwd: ', m.subject),
      attachments,
      body:
        mode === 'forwardAsAttachment'
          ? draft.body
          : draft.body.format === 'plain'
            ? { format: 'plain', text: `\n\n${header.join('\n')}\n\n${quoteText}` }
            : {
                format: 'html',
                html: `<p></p><p>${header.map(escape).join('<br>')}</p>${quoteText
                  .split('\n')
                  .map((l) => `<p>${escapeHtml(l)}</p>`)
                  .join('')}`,
              },
    };
  }

  /** A message of a Drafts folder as a draft to edit (the mock has no drafts of its own there). */
  open(messageId: number): Draft {
    const m = this.message(messageId);
    const draft = this.#empty(m.accountId);
    return { ...draft, to: m.to, cc: m.cc, subject: m.subject, body: { format: 'plain', text: m.text } };
  }

  #stored(filename: string, contentType: string, size: number): DraftAttachment {
    const attachment = { id: newId('a'), filename, contentType, size, inline: false, contentId: null };
    this.#attachments.set(attachment.id, attachment);
    return attachment;
  }

  save(id: string | undefined, fields: DraftFields): { id: string; savedAt: string } {
    const draftId = id ?? newId('d');
    if (id && !this.#drafts.has(id)) throw new ApiError('not_found', 'There is no such draft.');
    const savedAt = new Date().toISOString();
    const attachments = fields.attachments.map((ref) => {
      const a = this.#attachments.get(ref.id);
      if (!a) throw new ApiError('invalid_argument', 'drafts.save: an attachment is not uploaded');
      return a;
    });
    this.#drafts.set(draftId, { ...fields, id: draftId, savedAt, attachments });
    this.emit('drafts.changed', { accountId: fields.accountId, draftId });
    return { id: draftId, savedAt };
  }

  draft(id: string): Draft {
    const draft = this.#drafts.get(id);
    if (!draft) throw new ApiError('not_found', 'There is no such draft.');
    return draft;
  }

  deleteDraft(id: string): { deleted: true } {
    this.#drafts.delete(id);
    return { deleted: true };
  }

  begin(filename: string, contentType: string, size: number): { uploadId: string; chunkBytes: number } {
    const uploadId = newId('u');
    this.#uploads.set(uploadId, { filename, contentType, size, received: 0 });
    return { uploadId, chunkBytes: 256 * 1024 };
  }

  chunk(uploadId: string, offset: number, base64: string): { received: number } {
    const upload = this.#uploads.get(uploadId);
    if (!upload) throw new ApiError('not_found', 'There is no such upload.');
    if (offset !== upload.received) throw new ApiError('invalid_argument', 'Pieces out of order');
    upload.received += atob(base64).length;
    return { received: upload.received };
  }

  finish(uploadId: string): DraftAttachment {
    const upload = this.#uploads.get(uploadId);
    if (!upload || upload.received !== upload.size) throw new ApiError('invalid_argument', 'The upload is not complete.');
    this.#uploads.delete(uploadId);
    return this.#stored(upload.filename, upload.contentType, upload.size);
  }

  suggest(query: string, limit: number): ComposeMethodResults['contacts.suggest'] {
    const q = query.toLowerCase();
    return CONTACTS.filter((c) => c.name.toLowerCase().includes(q) || c.address.includes(q))
      .slice(0, limit)
      .map((c, i) => ({ ...c, count: 20 - i, lastUsed: new Date().toISOString() }));
  }

  send(draftId: string, undoSeconds: number | undefined): OutboxItem {
    const draft = this.draft(draftId);
    const seconds = undoSeconds ?? this.settings(draft.accountId).undoSeconds;
    const now = Date.now();
    const item: OutboxItem = {
      id: newId('o'),
      accountId: draft.accountId,
      draftId,
      subject: draft.subject,
      recipients: [...draft.to, ...draft.cc, ...draft.bcc],
      size: draft.attachments.reduce((s, a) => s + Math.ceil((a.size * 4) / 3), 3_000),
      state: 'scheduled',
      sendAt: new Date(now + seconds * 1000).toISOString(),
      attempts: 0,
      nextAttemptAt: null,
      lastError: null,
      createdAt: new Date(now).toISOString(),
    };
    this.#outbox.set(item.id, item);
    this.#timers.set(
      item.id,
      setTimeout(() => this.#submit(item.id), seconds * 1000),
    );
    this.emit('outbox.changed', { accountId: item.accountId });
    return item;
  }

  #submit(id: string): void {
    const item = this.#outbox.get(id);
    if (!item) return;
    const draft = this.draft(item.draftId);
    if (this.options.smtpDown) {
      this.#outbox.set(id, {
        ...item,
        state: 'retrying',
        attempts: item.attempts + 1,
        nextAttemptAt: new Date(Date.now() + 120_000).toISOString(),
        lastError: `Could not connect to smtp.example.com:465: connection refused. Tidings keeps the message and tries again.`,
      });
      this.emit('outbox.changed', { accountId: item.accountId });
      return;
    }
    this.#outbox.set(id, { ...item, state: 'sending' });
    this.emit('outbox.changed', { accountId: item.accountId });
    setTimeout(() => {
      this.#outbox.delete(id);
      const all = item.recipients.map((r) => r.address);
      const refused = all
        .filter((a) => a.includes('exampel'))
        .map((address) => ({
          address,
          response: `550 5.1.1 <${address}>: Recipient address rejected: User unknown in virtual mailbox table`,
        }));
      const accepted = all.filter((a) => !a.includes('exampel'));
      const tooBig = this.options.smtpSize !== null && item.size > this.options.smtpSize;
      if (tooBig || (refused.length > 0 && accepted.length === 0)) {
        const message = tooBig
          ? `The server refused the message: 552 5.3.4 Message size exceeds fixed limit.`
          : `The server refused ${refused.map((r) => `${r.address}: ${r.response}`).join('; ')}`;
        this.emit('outbox.failed', {
          accountId: item.accountId,
          outboxId: id,
          draftId: item.draftId,
          returnedToDrafts: true,
          reason: tooBig ? 'too_large' : 'recipients_refused',
          message,
          refused: tooBig ? [] : refused,
          accepted: [],
        });
      } else if (refused.length > 0) {
        // Some went: the draft comes back holding only the refused ones.
        const left = (list: Address[]) => list.filter((a) => a.address.includes('exampel'));
        this.#drafts.set(item.draftId, { ...draft, to: left(draft.to), cc: left(draft.cc), bcc: left(draft.bcc) });
        this.emit('outbox.failed', {
          accountId: item.accountId,
          outboxId: id,
          draftId: item.draftId,
          returnedToDrafts: true,
          reason: 'recipients_refused',
          message: `The server refused ${refused.map((r) => `${r.address}: ${r.response}`).join('; ')}`,
          refused,
          accepted,
        });
      } else {
        this.#drafts.delete(item.draftId);
        this.emit('outbox.sent', {
          accountId: item.accountId,
          outboxId: id,
          draftId: item.draftId,
          messageId: `<${id}@mock.example>`,
          accepted,
          refused: [],
        });
      }
      this.emit('outbox.changed', { accountId: item.accountId });
    }, 400);
  }

  undo(id: string): Draft {
    const item = this.#outbox.get(id);
    if (!item) throw new ApiError('not_found', 'That message is no longer in the Outbox.');
    if (item.state === 'sending') throw new ApiError('conflict', 'The message is being sent; it is too late to undo.');
    clearTimeout(this.#timers.get(id));
    this.#outbox.delete(id);
    this.emit('outbox.changed', { accountId: item.accountId });
    return this.draft(item.draftId);
  }

  retry(id: string): OutboxItem {
    const item = this.#outbox.get(id);
    if (!item) throw new ApiError('not_found', 'That message is no longer in the Outbox.');
    setTimeout(() => this.#submit(id), 10);
    return item;
  }

  list(accountId: string | undefined): OutboxItem[] {
    return [...this.#outbox.values()].filter((i) => !accountId || i.accountId === accountId);
  }

  setSettings(accountId: string, patch: Partial<ComposeSettings>): ComposeSettings {
    const next = { ...this.settings(accountId), ...patch };
    this.#settings.set(accountId, next);
    return next;
  }

  limits(accountId: string): ComposeMethodResults['compose.limits'] {
    this.#account(accountId);
    return { accountId, maxMessageBytes: this.options.smtpSize, maxAttachmentBytes: 40 * 1024 * 1024 };
  }
}
