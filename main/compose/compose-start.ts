import { type ComposeMode, type Draft, type DraftFields, MAX_RECIPIENTS } from '../../shared/compose';
import { ApiError } from '../../shared/errors';
import type { MessageDetail } from '../../shared/mail';
import { type MailtoRecipient, parseMailto } from '../../shared/mailto';
import type { AccountsRepo } from '../store/accounts-repo';
import type { MessagesRepo } from '../store/messages-repo';
import type { DraftService } from './draft-service';
import type { IdentityService } from './identities';
import {
  forwardBody,
  forwardSubject,
  isReply,
  type OriginalMessage,
  quoteForReply,
  replyRecipients,
  replySubject,
  textToParagraphs,
  threadHeaders,
} from './reply-forward';

// compose.start: the draft a new message, a reply or a forward begins with.
// Nothing is stored except the attachments a forward carries over; the
// editor saves the draft when the user changes it.

export interface ComposeStartDeps {
  accounts: AccountsRepo;
  messages: MessagesRepo;
  identities: IdentityService;
  drafts: DraftService;
  /** The message as the reader shows it (downloads its body first when needed and possible). */
  getMessage(id: number): Promise<MessageDetail>;
  attachment(id: number, index: number): Promise<{ filename: string; contentType: string; base64: string }>;
}

/** What compose.start asks for: a new message, or a reply or forward of one. */
export interface StartRequest {
  mode: ComposeMode;
  messageId?: number | undefined;
  accountId?: string | undefined;
  /** A new message from a mailto: link. */
  mailto?: string | undefined;
}

export async function startDraft(deps: ComposeStartDeps, request: StartRequest): Promise<Draft> {
  if (request.mode === 'new' || request.messageId === undefined) return newDraft(deps, request.accountId, request.mailto);
  const row = deps.messages.get(request.messageId);
  if (!row) throw new ApiError('not_found', 'That message does not exist (any more).');
  const original = await deps.getMessage(request.messageId);
  if (original.body === 'missing' && request.mode !== 'forwardAsAttachment' && !isReply(request.mode)) {
    throw new ApiError('connect_failed', 'This message has not been downloaded yet; connect to the server to forward it.');
  }
  if (original.body === 'too_large' && !isReply(request.mode)) {
    throw new ApiError('invalid_argument', 'This message is too large to download, so it cannot be forwarded from here; forward it from your webmail.');
  }
  const accountId = row.account_id;
  const settings = deps.identities.settings(accountId);
  const format = settings.format;
  const identity = pickIdentity(deps.identities, accountId, original);
  const about: OriginalMessage = {
    messageId: original.messageId,
    references: row.references_json ? (JSON.parse(row.references_json) as string[]) : row.in_reply_to ? [row.in_reply_to] : [],
    from: original.from,
    to: original.to,
    cc: original.cc,
    replyTo: original.replyTo,
  };
  const base: Omit<DraftFields, 'to' | 'cc' | 'subject' | 'body' | 'attachments' | 'inReplyTo' | 'references'> = {
    accountId,
    identityId: identity,
    bcc: [],
    source: { messageId: request.messageId, mode: request.mode },
  };
  const date = new Date(original.date);
  if (isReply(request.mode)) {
    const recipients = replyRecipients(about, request.mode, deps.identities.ownAddresses());
    const quoted = quoteForReply(format, original.text, date, original.from);
    return unsaved(deps, {
      ...base,
      ...recipients,
      subject: replySubject(original.subject),
      body: format === 'html' ? { format, html: quoted } : { format, text: quoted },
      attachments: [],
      ...threadHeaders(about),
    });
  }
  const attachments: DraftFields['attachments'] = [];
  let body: DraftFields['body'];
  if (request.mode === 'forwardAsAttachment') {
    const raw = deps.messages.source(request.messageId);
    if (!raw) throw new ApiError('connect_failed', 'This message has not been downloaded yet; connect to the server to forward it.');
    const name = `${(original.subject || 'message').replace(/[\\/:*?"<>|\r\n\t]+/g, ' ').slice(0, 100)}.eml`;
    attachments.push({ id: deps.drafts.storeAttachment(name, 'message/rfc822', Buffer.from(raw)) });
    body = format === 'html' ? { format, html: '<p></p>' } : { format, text: '' };
  } else {
    // Inline forward: the original's text below a header block, and its attachments.
    for (const info of original.attachments) {
      const part = await deps.attachment(request.messageId, info.index);
      attachments.push({ id: deps.drafts.storeAttachment(part.filename, part.contentType, Buffer.from(part.base64, 'base64')) });
    }
    const text = forwardBody(format, original.text, {
      from: original.from,
      date,
      subject: original.subject,
      to: original.to,
      cc: original.cc,
    });
    body = format === 'html' ? { format, html: text } : { format, text };
  }
  return unsaved(deps, {
    ...base,
    to: [],
    cc: [],
    subject: forwardSubject(original.subject),
    body,
    attachments,
    inReplyTo: null,
    references: [],
  });
}

function newDraft(deps: ComposeStartDeps, accountId: string | undefined, mailto: string | undefined): Draft {
  const account = accountId ? deps.identities.account(accountId) : deps.accounts.list()[0];
  if (!account) throw new ApiError('not_found', 'Add an account before writing a message.');
  const format = deps.identities.settings(account.id).format;
  const link = mailto ? parseMailto(mailto) : null;
  // No length check: a link is at most MAX_MAILTO_LENGTH, far below MAX_BODY_CHARS even as escaped HTML.
  const text = link?.body ?? '';
  return unsaved(deps, {
    accountId: account.id,
    identityId: deps.identities.resolve(account.id, null).id,
    to: recipients(link?.to),
    cc: recipients(link?.cc),
    bcc: recipients(link?.bcc),
    subject: (link?.subject ?? '').slice(0, 2000),
    body: format === 'html' ? { format, html: text ? textToParagraphs(text) : '' } : { format, text },
    attachments: [],
    inReplyTo: link?.inReplyTo ?? null,
    references: link?.inReplyTo ? [link.inReplyTo] : [],
    source: null,
  });
}

/** A link's recipients within what a draft holds (drafts.save refuses more): nothing a link says can make the draft unsavable. */
function recipients(list: MailtoRecipient[] | undefined): DraftFields['to'] {
  return (list ?? []).slice(0, MAX_RECIPIENTS).map((r) => ({ name: r.name.slice(0, 200), address: r.address.slice(0, 320) }));
}

/** The identity a reply or forward is sent as: the one the original was addressed to, else the default. */
function pickIdentity(identities: IdentityService, accountId: string, original: MessageDetail): string {
  const addressed = new Set([...original.to, ...original.cc].map((a) => a.address.toLowerCase()));
  const all = identities.list(accountId);
  return (all.find((i) => addressed.has(i.address.toLowerCase())) ?? identities.resolve(accountId, null)).id;
}

function unsaved(deps: ComposeStartDeps, fields: DraftFields): Draft {
  const { attachments } = deps.drafts.toDraft({ id: '', accountId: fields.accountId, fields, savedAt: '', version: 0 });
  return { ...fields, id: null, savedAt: null, attachments };
}
