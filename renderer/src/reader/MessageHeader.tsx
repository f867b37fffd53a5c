import type { Address, MessageDetail } from '../../../shared/mail';
import { formatAddress, formatFullDate, subjectText } from '../common/format';
import { Icon } from '../components/icons';

interface Props {
  message: MessageDetail;
  headingId: string;
  onViewSource: () => void;
}

function Addresses({ list }: { list: Address[] }) {
  return <>{list.map(formatAddress).join(', ')}</>;
}

/** Subject, then From / To / Cc / Date as a description list. */
export function MessageHeader({ message, headingId, onViewSource }: Props) {
  return (
    <header className="message-header">
      <div className="message-subject-row">
        <h2 id={headingId} className="message-subject">
          {subjectText(message.subject)}
        </h2>
        <button type="button" className="button quiet" onClick={onViewSource}>
          <Icon name="source" />
          View source
        </button>
      </div>
      <dl className="message-fields">
        <dt>From</dt>
        <dd className="message-from">{message.from ? formatAddress(message.from) : '(no sender)'}</dd>
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
    </header>
  );
}
