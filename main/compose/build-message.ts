import { randomUUID } from 'node:crypto';
import type { DraftBody } from '../../shared/compose';
import type { Address } from '../../shared/mail';
import { htmlToPlain } from './html-to-plain';

// Builds an outgoing message once, as bytes: the same bytes are submitted
// over SMTP, stored in the outbox, and filed in Sent. nodemailer's
// MailComposer does the MIME (multipart/alternative with the generated plain
// part, multipart/related for inline images, multipart/mixed for
// attachments, RFC 2047/2231 for non-ASCII headers and file names).

export interface OutgoingAttachment {
  filename: string;
  contentType: string;
  content: Buffer;
  /** An inline image: shown by the HTML as cid:contentId. */
  inline: boolean;
  contentId: string | null;
}

export interface OutgoingMessage {
  from: Address;
  replyTo: string | null;
  to: Address[];
  cc: Address[];
  bcc: Address[];
  subject: string;
  body: DraftBody;
  attachments: OutgoingAttachment[];
  inReplyTo: string | null;
  references: string[];
  messageId: string;
  date: Date;
  /** Drafts keep Bcc in the header so that reopening restores it; sent mail never shows it. */
  keepBcc?: boolean;
  /** Extra headers (e.g. X-Tidings-Draft-Id on a draft copy). */
  headers?: Record<string, string>;
}

/** A fresh Message-ID on the sender's domain (RFC 5322 §3.6.4). */
export function newMessageId(fromAddress: string): string {
  const domain =
    fromAddress
      .split('@')
      .pop()
      ?.replace(/[^A-Za-z0-9.-]/g, '') || 'tidings.invalid';
  return `<${randomUUID()}@${domain}>`;
}

export async function buildMessage(message: OutgoingMessage): Promise<Buffer> {
  const { default: MailComposer } = await import('nodemailer/lib/mail-composer');
  const body =
    message.body.format === 'html' ? { html: message.body.html, text: htmlToPlain(message.body.html) } : { text: message.body.text };
  const composer = new MailComposer({
    from: message.from,
    ...(message.replyTo ? { replyTo: message.replyTo } : {}),
    to: message.to,
    cc: message.cc,
    bcc: message.bcc,
    subject: message.subject,
    ...body,
    attachments: message.attachments.map((a) => ({
      filename: a.filename,
      contentType: a.contentType,
      content: a.content,
      ...(a.inline && a.contentId ? { cid: a.contentId, contentDisposition: 'inline' as const } : {}),
    })),
    ...(message.inReplyTo ? { inReplyTo: message.inReplyTo } : {}),
    ...(message.references.length ? { references: message.references } : {}),
    messageId: message.messageId,
    date: message.date,
    headers: message.headers ?? {},
    // Never read files or URLs named in a message: everything comes as bytes.
    disableFileAccess: true,
    disableUrlAccess: true,
  });
  const node = composer.compile();
  if (message.keepBcc) node.keepBcc = true;
  return new Promise((resolve, reject) => node.build((error, raw) => (error ? reject(error) : resolve(raw))));
}
