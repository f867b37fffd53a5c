import { emailSchema } from '../../shared/accounts';
import type { DraftFields } from '../../shared/compose';
import { ApiError } from '../../shared/errors';
import type { Address } from '../../shared/mail';
import type { DraftsRepo } from '../store/drafts-repo';
import type { OutgoingMessage } from './build-message';
import type { IdentityService } from './identities';

// A draft as a message: the identity decides From and Reply-To, attachments
// are read from the store. One place, used for sending and for the copy in
// the server's Drafts folder.

export function draftToOutgoing(
  fields: DraftFields,
  identities: IdentityService,
  drafts: DraftsRepo,
  stamp: { messageId: string; date: Date },
): OutgoingMessage {
  const identity = identities.resolve(fields.accountId, fields.identityId);
  return {
    from: { name: identity.name, address: identity.address },
    replyTo: identity.replyTo,
    to: fields.to,
    cc: fields.cc,
    bcc: fields.bcc,
    subject: fields.subject,
    body: fields.body,
    attachments: fields.attachments.map((ref) => {
      const stored = drafts.attachment(ref.id);
      if (!stored?.complete) throw new ApiError('not_found', 'An attachment of this draft is missing (its upload did not finish).');
      return {
        filename: stored.filename,
        contentType: stored.contentType,
        content: drafts.content(ref.id),
        inline: ref.inline ?? false,
        contentId: ref.contentId ?? null,
      };
    }),
    inReplyTo: fields.inReplyTo,
    references: fields.references,
    messageId: stamp.messageId,
    date: stamp.date,
  };
}

/** Every recipient, checked strictly: a draft may hold half-typed addresses, a message to send may not. */
export function checkRecipients(fields: DraftFields): Address[] {
  const all = [...fields.to, ...fields.cc, ...fields.bcc].map((a) => ({ name: a.name.trim(), address: a.address.trim() }));
  if (all.length === 0) throw new ApiError('invalid_argument', 'Add at least one recipient.');
  for (const recipient of all) {
    if (!emailSchema.safeParse(recipient.address).success) {
      throw new ApiError('invalid_argument', `"${recipient.address || recipient.name}" is not an email address.`);
    }
  }
  return all;
}
