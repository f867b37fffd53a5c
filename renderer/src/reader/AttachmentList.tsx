import { useId, useState } from 'react';
import { isViewableAttachment, saveOnlyReason } from '../../../shared/attachment-open';
import type { ApiError } from '../../../shared/errors';
import type { AttachmentInfo } from '../../../shared/mail';
import { useApi } from '../api/context';
import { toApiError } from '../api/errors';
import { formatSize } from '../common/format';
import { Icon } from '../components/icons';
import { base64ToBytes, saveFile } from './save-file';

/**
 * The files a message carries: name, type, size, "Save" and, in the desktop
 * app, "Open" — in the user's default program (the core writes the file, the
 * Electron shell opens it), never inside the app, where an HTML or SVG
 * attachment would run with the app's origin. Only types that are shown
 * rather than run have "Open" (shared/attachment-open); the rest say "Save
 * only", with the reason in their title. In a browser (npm run web) a saved
 * file opens from the browser's downloads.
 */
export function AttachmentList({ messageId, attachments }: { messageId: number; attachments: AttachmentInfo[] }) {
  const headingId = useId();
  if (attachments.length === 0) return null;
  return (
    <section className="attachments" aria-labelledby={headingId}>
      <h2 id={headingId} className="attachments-heading">
        {attachments.length === 1 ? '1 attachment' : `${attachments.length} attachments`}
      </h2>
      <ul>
        {attachments.map((a) => (
          <AttachmentItem key={a.index} messageId={messageId} attachment={a} />
        ))}
      </ul>
    </section>
  );
}

type FileState = { state: 'idle' } | { state: 'saving' | 'opening' } | { state: 'failed'; verb: 'save' | 'open'; error: ApiError };

/** Only the desktop app can hand a file to the user's own programs. */
const canOpen = typeof window !== 'undefined' && window.tidingsBridge !== undefined;

function AttachmentItem({ messageId, attachment }: { messageId: number; attachment: AttachmentInfo }) {
  const api = useApi();
  const [save, setSave] = useState<FileState>({ state: 'idle' });
  const name = attachment.filename ?? 'Untitled attachment';
  const busy = save.state === 'saving' || save.state === 'opening';
  // Without a name the core names it from its type; the reader does not guess, so it is Save only.
  const viewable = attachment.filename !== null && isViewableAttachment(attachment.filename);

  async function saveNow() {
    if (busy) return;
    setSave({ state: 'saving' });
    try {
      const file = await api.call('messages.attachment', { id: messageId, index: attachment.index });
      // The core's name, not the one shown: it has been made safe for a file system.
      saveFile(file.filename, base64ToBytes(file.base64));
      setSave({ state: 'idle' });
    } catch (failure) {
      setSave({ state: 'failed', verb: 'save', error: toApiError(failure) });
    }
  }

  async function openNow() {
    if (busy) return;
    setSave({ state: 'opening' });
    try {
      await api.call('messages.openAttachment', { id: messageId, index: attachment.index });
      setSave({ state: 'idle' });
    } catch (failure) {
      setSave({ state: 'failed', verb: 'open', error: toApiError(failure) });
    }
  }

  return (
    <li className="attachment">
      <Icon name="paperclip" />
      <span className="attachment-name">{name}</span>
      <span className="attachment-meta muted">
        {attachment.contentType} · {formatSize(attachment.size)}
      </span>
      <button
        type="button"
        className="button quiet attachment-save"
        // The visible word first (label-in-name); the file name tells the buttons apart.
        aria-label={`Save ${name}`}
        aria-disabled={busy || undefined}
        onClick={() => void saveNow()}
      >
        <Icon name="download" />
        Save
      </button>
      {canOpen && !viewable && (
        <span className="attachment-save-only muted" title={saveOnlyReason(name)}>
          Save only
        </span>
      )}
      {canOpen && viewable && (
        <button
          type="button"
          className="button quiet attachment-open"
          aria-label={`Open ${name}`}
          aria-disabled={busy || undefined}
          onClick={() => void openNow()}
        >
          Open
        </button>
      )}
      <span className="attachment-status muted" role="status">
        {save.state === 'saving' ? 'Saving…' : save.state === 'opening' ? 'Opening…' : ''}
      </span>
      {save.state === 'failed' && (
        <p className="attachment-error error-text" role="alert">
          Could not {save.verb} {name}: {save.error.message}
        </p>
      )}
    </li>
  );
}

/** Inline images shown in the message body are part of it, not attachments to list. */
export function listedAttachments(attachments: AttachmentInfo[], inlineImages: Record<string, string>): AttachmentInfo[] {
  return attachments.filter((a) => !(a.inline && a.contentId && a.contentId in inlineImages));
}
