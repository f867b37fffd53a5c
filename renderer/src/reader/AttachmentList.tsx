import { useId, useState } from 'react';
import type { ApiError } from '../../../shared/errors';
import type { AttachmentInfo } from '../../../shared/mail';
import { useApi } from '../api/context';
import { toApiError } from '../api/errors';
import { Icon } from '../components/icons';
import { formatSize } from '../mail/format';
import { base64ToBytes, saveFile } from './save-file';

/**
 * The files a message carries: name, type, size, and "Save". There is no
 * "Open" on purpose: an HTML or SVG attachment opened inside the app would run
 * with the app's origin. Saved files open in the user's own programs.
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

type SaveState = { state: 'idle' } | { state: 'saving' } | { state: 'failed'; error: ApiError };

function AttachmentItem({ messageId, attachment }: { messageId: number; attachment: AttachmentInfo }) {
  const api = useApi();
  const [save, setSave] = useState<SaveState>({ state: 'idle' });
  const name = attachment.filename ?? 'Untitled attachment';

  async function saveNow() {
    if (save.state === 'saving') return;
    setSave({ state: 'saving' });
    try {
      const file = await api.call('messages.attachment', { id: messageId, index: attachment.index });
      // The core's name, not the one shown: it has been made safe for a file system.
      saveFile(file.filename, base64ToBytes(file.base64));
      setSave({ state: 'idle' });
    } catch (failure) {
      setSave({ state: 'failed', error: toApiError(failure) });
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
        aria-disabled={save.state === 'saving' || undefined}
        onClick={() => void saveNow()}
      >
        <Icon name="download" />
        Save
      </button>
      <span className="attachment-status muted" role="status">
        {save.state === 'saving' ? 'Saving…' : ''}
      </span>
      {save.state === 'failed' && (
        <p className="attachment-error error-text" role="alert">
          Could not save {name}: {save.error.message}
        </p>
      )}
    </li>
  );
}

/** Inline images shown in the message body are part of it, not attachments to list. */
export function listedAttachments(attachments: AttachmentInfo[], inlineImages: Record<string, string>): AttachmentInfo[] {
  return attachments.filter((a) => !(a.inline && a.contentId && a.contentId in inlineImages));
}
