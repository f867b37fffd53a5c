import type { z } from 'zod';
import type { ComposeMethodResults, composeMethodSchemas } from '../../shared/compose';
import { ApiError } from '../../shared/errors';
import type { Services } from '../core/services';

// Handlers for writing and sending mail (shared/compose.ts). Work in progress:
// the contract is fixed first so that the compose UI can be built against it.

type ComposeHandlers = {
  [M in keyof typeof composeMethodSchemas]: (
    services: Services,
    args: z.output<(typeof composeMethodSchemas)[M]>,
  ) => Promise<ComposeMethodResults[M]>;
};

const notYet = async (): Promise<never> => {
  throw new ApiError('internal', 'Sending mail is not built yet.');
};

export const composeHandlers: ComposeHandlers = {
  'compose.start': notYet,
  'compose.settings': notYet,
  'compose.setSettings': notYet,
  'compose.limits': notYet,
  'identities.list': notYet,
  'identities.set': notYet,
  'drafts.save': notYet,
  'drafts.get': notYet,
  'drafts.list': notYet,
  'drafts.delete': notYet,
  'drafts.open': notYet,
  'drafts.attachmentBegin': notYet,
  'drafts.attachmentChunk': notYet,
  'drafts.attachmentFinish': notYet,
  'drafts.attachmentContent': notYet,
  'contacts.suggest': notYet,
  'outbox.send': notYet,
  'outbox.undo': notYet,
  'outbox.list': notYet,
  'outbox.retry': notYet,
};
