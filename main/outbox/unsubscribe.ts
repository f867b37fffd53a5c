import type { Draft, DraftFields } from '../../shared/compose';
import { ApiError } from '../../shared/errors';
import type { UnsubscribeResult } from '../../shared/mail';
import type { StartRequest } from '../compose/compose-start';
import type { DraftService } from '../compose/draft-service';
import type { UnsubscribeMethods } from '../mime/list-unsubscribe';
import type { Outbox } from './outbox';

// Leaving a mailing list (messages.unsubscribe), by the best way its
// List-Unsubscribe offers: the one-click POST (RFC 8058) needs nobody to read
// anything; else a message to the list's address, sent through the Outbox
// like any other (so it waits offline and goes once); else the list's page,
// which only the UI can open (in the user's browser).

export interface UnsubscribeDeps {
  /** The message's account and its List-Unsubscribe, read from the stored message. */
  methodsOf(messageId: number): Promise<{ accountId: string; methods: UnsubscribeMethods | null }>;
  start(request: StartRequest): Promise<Draft>;
  drafts: DraftService;
  outbox: Outbox;
  postOneClick(uri: string): Promise<void>;
}

export async function unsubscribe(deps: UnsubscribeDeps, messageId: number): Promise<UnsubscribeResult> {
  const { accountId, methods } = await deps.methodsOf(messageId);
  if (!methods) throw new ApiError('not_found', 'This message does not say how to unsubscribe.');
  if (methods.oneClick) {
    await deps.postOneClick(methods.oneClick);
    return { method: 'one-click', done: true };
  }
  if (methods.mailto) {
    const draft = await deps.start({ mode: 'new', accountId, mailto: methods.mailto });
    // A link without a subject gets the word lists expect; without a recipient it is no way out.
    if (draft.to.length === 0) throw new ApiError('invalid_argument', 'The unsubscribe address of this message is empty.');
    const fields: DraftFields = {
      accountId: draft.accountId,
      identityId: draft.identityId,
      to: draft.to,
      cc: draft.cc,
      bcc: draft.bcc,
      subject: draft.subject || 'unsubscribe',
      body: draft.body,
      attachments: [],
      inReplyTo: null,
      references: [],
      source: null,
    };
    const saved = deps.drafts.save(undefined, fields);
    const item = await deps.outbox.queue(saved.id, 0);
    return { method: 'mailto', outboxId: item.id };
  }
  if (methods.web) return { method: 'web', url: methods.web };
  throw new ApiError('not_found', 'This message does not say how to unsubscribe.');
}
