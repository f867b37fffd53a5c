import { useId } from 'react';
import type { DraftAttachment } from '../../../shared/compose';
import { formatSize } from '../common/format';
import { Icon } from '../components/icons';
import { FormatIcon } from './compose-icons';

/** A file on its way to the core: shown with its progress, or what went wrong. */
export interface Upload {
  key: number;
  filename: string;
  size: number;
  sent: number;
  error: string | null;
}

interface Props {
  attachments: DraftAttachment[];
  uploads: Upload[];
  onRemove: (attachment: DraftAttachment) => void;
  onDismissUpload: (key: number) => void;
  /** The whole message, estimated, and the server's limit (null: unknown). */
  estimatedBytes: number;
  limitBytes: number | null;
}

/** The attached files (name, size, Remove), files still uploading, and the warning when the message outgrows the server's limit. */
export function ComposeAttachments({ attachments, uploads, onRemove, onDismissUpload, estimatedBytes, limitBytes }: Props) {
  const headingId = useId();
  const listed = attachments.filter((a) => !a.inline);
  const tooBig = limitBytes !== null && estimatedBytes > limitBytes;
  if (listed.length === 0 && uploads.length === 0) return null;
  const total = listed.reduce((sum, a) => sum + a.size, 0);
  return (
    <section className="compose-attachments" aria-labelledby={headingId}>
      <h3 id={headingId} className="compose-attachments-heading">
        {listed.length === 0 ? 'Adding attachments…' : listed.length === 1 ? '1 attachment' : `${listed.length} attachments`}
        {listed.length > 1 && <span className="muted"> · {formatSize(total)}</span>}
      </h3>
      {tooBig && (
        <p className="warning size-warning" role="alert">
          <FormatIcon name="warning" />
          <span>
            With its attachments this message is about {formatSize(estimatedBytes)}, and the mail server accepts at most{' '}
            {formatSize(limitBytes)}. It will not be sent like this: remove some attachments, or share large files through a link.
          </span>
        </p>
      )}
      <ul className="compose-attachment-list">
        {listed.map((a) => (
          <li key={a.id} className="compose-attachment">
            <FormatIcon name="file" />
            <span className="compose-attachment-name" title={a.filename}>
              {a.filename}
            </span>
            <span className="compose-attachment-size muted">{formatSize(a.size)}</span>
            <button type="button" className="chip-remove" aria-label={`Remove ${a.filename}`} title="Remove" onClick={() => onRemove(a)}>
              <Icon name="close" />
            </button>
          </li>
        ))}
        {uploads.map((u) => (
          <li key={`u${u.key}`} className={u.error ? 'compose-attachment failed' : 'compose-attachment uploading'}>
            <FormatIcon name="file" />
            <span className="compose-attachment-name" title={u.filename}>
              {u.filename}
            </span>
            {u.error ? (
              <>
                <span className="compose-attachment-error error-text" role="alert">
                  {u.error}
                </span>
                <button type="button" className="chip-remove" aria-label={`Dismiss ${u.filename}`} onClick={() => onDismissUpload(u.key)}>
                  <Icon name="close" />
                </button>
              </>
            ) : (
              <>
                <progress
                  className="compose-attachment-progress"
                  max={Math.max(1, u.size)}
                  value={u.sent}
                  aria-label={`Adding ${u.filename}`}
                />
                <span className="compose-attachment-size muted">{formatSize(u.size)}</span>
              </>
            )}
          </li>
        ))}
      </ul>
    </section>
  );
}
