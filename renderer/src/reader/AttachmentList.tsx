import { useId } from 'react';
import type { AttachmentInfo } from '../../../shared/mail';
import { Icon } from '../components/icons';
import { formatSize } from '../mail/format';

/** The files a message carries: name, type and size (saving them needs a core method, see the report). */
export function AttachmentList({ attachments }: { attachments: AttachmentInfo[] }) {
  const headingId = useId();
  if (attachments.length === 0) return null;
  return (
    <section className="attachments" aria-labelledby={headingId}>
      <h2 id={headingId} className="attachments-heading">
        {attachments.length === 1 ? '1 attachment' : `${attachments.length} attachments`}
      </h2>
      <ul>
        {attachments.map((a) => (
          <li key={a.index} className="attachment">
            <Icon name="paperclip" />
            <span className="attachment-name">{a.filename ?? 'Untitled attachment'}</span>
            <span className="attachment-meta muted">
              {a.contentType} · {formatSize(a.size)}
            </span>
          </li>
        ))}
      </ul>
    </section>
  );
}

/** Inline images shown in the message body are part of it, not attachments to list. */
export function listedAttachments(attachments: AttachmentInfo[], inlineImages: Record<string, string>): AttachmentInfo[] {
  return attachments.filter((a) => !(a.inline && a.contentId && a.contentId in inlineImages));
}
