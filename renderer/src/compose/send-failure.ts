import type { ComposeEvents, RefusedRecipient } from '../../../shared/compose';

/** Why a message came back to the editor, as the failure banner shows it. */
export interface SendFailure {
  /** The core's plain words, with the server's reply. */
  message: string;
  refused: RefusedRecipient[];
  /** Who got it anyway. */
  accepted: string[];
}

export function failureFrom(event: ComposeEvents['outbox.failed']): SendFailure {
  return { message: event.message, refused: event.refused, accepted: event.accepted };
}
