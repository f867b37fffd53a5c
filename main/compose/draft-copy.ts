import type { DraftCopy } from '../imap/append-ops';
import { DRAFT_ID_HEADER } from '../imap/append-ops';
import type { DraftsRepo } from '../store/drafts-repo';
import { buildMessage } from './build-message';
import { draftToOutgoing } from './draft-message';
import type { IdentityService } from './identities';

// What the sync appends to the server's Drafts folder for a draft: the draft
// as it is now, as a message. A function of the store alone, so the sync can
// be given it before the draft service exists.

/** The current version of a draft as a message for the Drafts folder (Bcc kept); null when it is gone. */
export async function draftServerCopy(
  deps: { drafts: DraftsRepo; identities: IdentityService },
  draftId: string,
): Promise<DraftCopy | null> {
  const stored = deps.drafts.get(draftId);
  if (!stored) return null;
  const messageId = `<${draftId}.v${stored.version}@tidings.draft>`;
  const outgoing = draftToOutgoing(stored.fields, deps.identities, deps.drafts, {
    messageId,
    date: new Date(stored.savedAt),
  });
  const raw = await buildMessage({ ...outgoing, keepBcc: true, headers: { [DRAFT_ID_HEADER]: draftId } });
  return { raw, messageId };
}
