import type { Address, MessageDetail } from '../../../shared/mail';
import { openMessageWindow } from '../api/message-window';
import { formatAddress, formatFullDate, subjectText } from '../common/format';
import { Icon } from '../components/icons';
import { MenuButton } from '../components/MenuButton';
import { Marked } from './highlight-context';
import { LabelChips } from './LabelChips';
import { UnsubscribeButton } from './UnsubscribeButton';

interface Props {
  message: MessageDetail;
  headingId: string;
  onViewSource: () => void;
  /** The message exactly as it arrived, as a file. */
  onSaveEml: () => void;
  onPrint: () => void;
  /** Gmail: takes a label off the message (its chip's remove button). */
  onRemoveLabel?: ((label: string) => void) | undefined;
}

function Addresses({ list }: { list: Address[] }) {
  return <>{list.map(formatAddress).join(', ')}</>;
}

/** Subject, then From / To / Cc / Date as a description list, then a Gmail message's labels. */
export function MessageHeader({ message, headingId, onViewSource, onSaveEml, onPrint, onRemoveLabel }: Props) {
  return (
    <header className="message-header">
      <div className="message-subject-row">
        <h2 id={headingId} className="message-subject">
          <Marked text={subjectText(message.subject)} place="subject" />
        </h2>
        <div className="message-subject-actions">
          {message.unsubscribe && <UnsubscribeButton messageId={message.id} offer={message.unsubscribe} />}
          <MenuButton
            className="button quiet icon-only message-more"
            menuLabel="More for this message"
            title="More for this message"
            items={[
              { key: 'window', label: 'Open in new window', onSelect: () => openMessageWindow(message.id) },
              { key: 'source', label: 'View source', onSelect: onViewSource },
              { key: 'eml', label: 'Save as .eml', onSelect: onSaveEml },
              { key: 'print', label: 'Print…', onSelect: onPrint },
            ]}
          >
            <Icon name="more" />
            <span className="visually-hidden">More for this message</span>
          </MenuButton>
        </div>
      </div>
      <dl className="message-fields">
        <dt>From</dt>
        <dd className="message-from">{message.from ? <Marked text={formatAddress(message.from)} place="from" /> : '(no sender)'}</dd>
        {message.to.length > 0 && (
          <>
            <dt>To</dt>
            <dd>
              <Addresses list={message.to} />
            </dd>
          </>
        )}
        {message.cc.length > 0 && (
          <>
            <dt>Cc</dt>
            <dd>
              <Addresses list={message.cc} />
            </dd>
          </>
        )}
        <dt>Date</dt>
        <dd>
          <time dateTime={message.date}>{formatFullDate(message.date)}</time>
        </dd>
      </dl>
      {message.labels && message.labels.length > 0 && <LabelChips labels={message.labels} onRemove={onRemoveLabel} />}
    </header>
  );
}
