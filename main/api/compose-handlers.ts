import type { z } from 'zod';
import type { ComposeMethodResults, composeMethodSchemas } from '../../shared/compose';
import type { Services } from './services';

// Handlers for writing and sending mail (shared/compose.ts); arguments arrive
// validated by the dispatcher.

type ComposeHandlers = {
  [M in keyof typeof composeMethodSchemas]: (
    services: Services,
    args: z.output<(typeof composeMethodSchemas)[M]>,
  ) => Promise<ComposeMethodResults[M]>;
};

export const composeHandlers: ComposeHandlers = {
  'compose.start': async (s, request) => s.compose.start(request),
  'compose.settings': async (s, { accountId }) => s.compose.identities.settings(accountId),
  'compose.setSettings': async (s, { accountId, settings }) => s.compose.identities.setSettings(accountId, settings),
  'compose.limits': async (s, { accountId }) => s.compose.outbox.limits(accountId),
  'identities.list': async (s, { accountId }) => s.compose.identities.list(accountId),
  'identities.set': async (s, { accountId, identities }) => s.compose.identities.set(accountId, identities),
  'drafts.save': async (s, { id, draft }) => s.compose.drafts.save(id, draft),
  'drafts.get': async (s, { id }) => s.compose.drafts.get(id),
  'drafts.list': async (s, { accountId }) => s.compose.drafts.list(accountId),
  'drafts.delete': async (s, { id }) => {
    s.compose.drafts.delete(id);
    return { deleted: true };
  },
  'drafts.open': async (s, { messageId }) => s.compose.drafts.open(messageId),
  'drafts.attachmentBegin': async (s, { filename, contentType, size }) => s.compose.drafts.beginUpload(filename, contentType, size),
  'drafts.attachmentChunk': async (s, { uploadId, offset, base64 }) => s.compose.drafts.uploadChunk(uploadId, offset, base64),
  'drafts.attachmentFinish': async (s, { uploadId }) => s.compose.drafts.finishUpload(uploadId),
  'drafts.attachmentContent': async (s, { id }) => s.compose.drafts.attachmentContent(id),
  'contacts.suggest': async (s, { query, limit }) => s.compose.suggest(query, limit ?? 10),
  'outbox.send': async (s, { draftId, undoSeconds }) => s.compose.outbox.queue(draftId, undoSeconds),
  'outbox.undo': async (s, { id }) => s.compose.outbox.undo(id),
  'outbox.list': async (s, { accountId }) => s.compose.outbox.list(accountId),
  'outbox.retry': async (s, { id }) => s.compose.outbox.retry(id),
};
