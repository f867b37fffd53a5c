import { memo } from 'react';
import { formatListDate, participantNames, senderName, subjectText } from '../common/format';
import { Icon } from '../components/icons';
import type { ListRow } from './list-store';

/** A row's height in px at each list density (the setting); the CSS of .message-row takes it from --row-height. */
export const ROW_HEIGHTS = { comfortable: 76, compact: 52 } as const;
export type Density = keyof typeof ROW_HEIGHTS;

interface Props {
  /** A message, or a conversation (with `conversation`). */
  message: ListRow | undefined;
  index: number;
  total: number;
  selected: boolean;
  cursor: boolean;
  onClick: (event: React.MouseEvent, index: number, message: ListRow) => void;
  onDragStart: (event: React.DragEvent, message: ListRow) => void;
  onDragEnd: () => void;
  /** In search results: the folder the message is in. */
  folderName: string | undefined;
  /** The label of the folder shown (Gmail): every row has it, so no chip says it. */
  folderLabel: string | undefined;
  /** In a unified view: whose message this is. */
  accountMark?: AccountMark | undefined;
  /** The account's address: a conversation names it "me". */
  ownAddress?: string | undefined;
  /** Subtracted from the row's place (index × rowHeight): 0 unless the list is scaled (scroll-scale.ts). */
  origin?: number;
  /** ROW_HEIGHTS of the list's density. */
  rowHeight: number;
}

/** Whose message a row of a unified view is: the account's name, and its colour (an index into the palette, see accountHue). */
export interface AccountMark {
  /** Short: the part of the address that tells the accounts apart. */
  name: string;
  email: string;
  hue: number;
}

/** Chips a row shows at most; the rest are counted ("+2"). */
const MAX_CHIPS = 2;

/** What a screen reader says for a row: the essentials, in reading order. */
export function rowLabel(m: ListRow, ownAddress?: string): string {
  const c = m.conversation;
  const who = c ? participantNames(c.participants, ownAddress) : senderName(m.from);
  const parts = [who, subjectText(m.subject), formatListDate(m.date)];
  if (c) parts.splice(1, 0, c.total === 1 ? '1 message' : `${c.total} messages`);
  if (!m.seen) parts.unshift('Unread');
  if (m.flagged) parts.push('starred');
  if (m.hasAttachments) parts.push('has attachments');
  if (m.labels?.length) parts.push(`labels ${m.labels.join(', ')}`);
  return parts.join(', ');
}

/** A Gmail message's labels after its subject: small chips, the first few only (the row's name lists them all). */
function RowLabels({ labels }: { labels: string[] }) {
  const shown = labels.slice(0, MAX_CHIPS);
  return (
    <span className="row-labels" aria-hidden="true">
      {shown.map((label) => (
        <span key={label} className="row-label" title={label}>
          {label}
        </span>
      ))}
      {labels.length > shown.length && <span className="row-label row-label-more">+{labels.length - shown.length}</span>}
    </span>
  );
}

export const rowId = (id: number) => `message-row-${id}`;

/** One row of the virtualized list, placed absolutely at its index. */
export const MessageRow = memo(function MessageRow({
  message,
  index,
  total,
  selected,
  cursor,
  onClick,
  onDragStart,
  onDragEnd,
  folderName,
  folderLabel,
  ownAddress,
  accountMark,
  origin = 0,
  rowHeight,
}: Props) {
  const place = { transform: `translateY(${index * rowHeight - origin}px)` };
  if (!message) {
    // Not read yet: a quiet placeholder of the same height (not an option: nothing to select).
    return (
      <div className="message-row placeholder" style={place} data-index={index} aria-hidden="true">
        <span className="bar bar-from" />
        <span className="bar bar-subject" />
        <span className="bar bar-snippet" />
      </div>
    );
  }
  const labels = folderLabel ? message.labels?.filter((l) => l !== folderLabel) : message.labels;
  const classes = ['message-row', message.seen ? '' : 'unread', selected ? 'selected' : '', cursor ? 'cursor' : '']
    .filter(Boolean)
    .join(' ');
  return (
    // Focus stays on the listbox, which handles the keyboard and points at this row with
    // aria-activedescendant (the ARIA pattern for long lists); a click only selects.
    // biome-ignore lint/a11y/useFocusableInteractive: see above
    // biome-ignore lint/a11y/useKeyWithClickEvents: see above
    <div
      id={rowId(message.id)}
      role="option"
      aria-selected={selected}
      aria-posinset={index + 1}
      aria-setsize={total}
      aria-label={rowLabel(message, ownAddress) + (folderName ? `, in ${folderName}` : '') + (accountMark ? `, ${accountMark.email}` : '')}
      className={classes}
      style={place}
      data-index={index}
      draggable
      onClick={(event) => onClick(event, index, message)}
      onDragStart={(event) => onDragStart(event, message)}
      onDragEnd={onDragEnd}
    >
      <div className="row-line">
        <span className="unread-dot" aria-hidden="true" />
        {accountMark && (
          <span className="row-account-bar" style={{ '--account-hue': accountMark.hue } as React.CSSProperties} aria-hidden="true" />
        )}
        {message.conversation ? (
          <>
            <span className="row-from row-from-conversation">{participantNames(message.conversation.participants, ownAddress)}</span>
            <span className="row-count">{message.conversation.total > 1 ? message.conversation.total : ''}</span>
          </>
        ) : (
          <span className="row-from">{senderName(message.from)}</span>
        )}
        {message.hasAttachments && <Icon name="paperclip" className="row-attachment" />}
        {message.flagged && <Icon name="flagged" className="row-star" />}
        {folderName && <span className="row-folder">{folderName}</span>}
        {accountMark && (
          <span className="row-account" title={accountMark.email} style={{ '--account-hue': accountMark.hue } as React.CSSProperties}>
            {accountMark.name}
          </span>
        )}
        <time className="row-date" dateTime={message.date}>
          {formatListDate(message.date)}
        </time>
      </div>
      <div className="row-subject-line">
        <span className="row-subject">{subjectText(message.subject)}</span>
        {labels && labels.length > 0 && <RowLabels labels={labels} />}
      </div>
      <div className="row-snippet">{message.snippet}</div>
    </div>
  );
});
