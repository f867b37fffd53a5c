import type { MessageDetail } from '../../../shared/mail';
import { formatSize } from '../common/format';
import { HtmlBody } from './HtmlBody';
import { PlainBody } from './PlainBody';
import { RawSource } from './RawSource';

interface Props {
  message: MessageDetail;
  onAllowRemote: (scope: 'message' | 'sender') => void;
}

/** The body in whichever form there is: not downloaded, too large to download, unreadable (raw source), HTML, or text. */
export function MessageBody({ message, onAllowRemote }: Props) {
  if (message.body === 'missing') {
    return (
      <p className="body-notice" role="status">
        This message has not been downloaded yet. It will be when the connection returns.
      </p>
    );
  }
  if (message.body === 'too_large') {
    return (
      <p className="body-notice" role="status">
        This message is too large to download ({formatSize(message.size)}). Open it on the server, with your provider’s webmail.
      </p>
    );
  }
  if (message.body === 'unparsable') {
    return (
      <>
        <p className="body-notice warning">Tidings could not read this message's format. This is its raw source, exactly as it arrived:</p>
        <RawSource id={message.id} label="Raw message source" />
      </>
    );
  }
  const { html } = message;
  if (html !== null) return <HtmlBody message={{ ...message, html }} onAllowRemote={onAllowRemote} />;
  return <PlainBody text={message.text} />;
}
