import { useMemo } from 'react';
import type { MessageDetail } from '../../../shared/mail';
import { buildFrameDocument } from './frame-document';
import { useHighlight } from './highlight-context';
import { MessageFrame } from './MessageFrame';
import { RemoteContentBar } from './RemoteContentBar';

interface Props {
  message: MessageDetail & { html: string };
  onAllowRemote: (scope: 'message' | 'sender') => void;
}

export function HtmlBody({ message, onAllowRemote }: Props) {
  const allowed = message.remoteContentAllowed;
  const highlight = useHighlight('body');
  const doc = useMemo(
    () => buildFrameDocument(message.html, message.inlineImages, allowed, highlight),
    [message.html, message.inlineImages, allowed, highlight],
  );
  const sender = message.from?.address || message.from?.name || null;
  return (
    <>
      {doc.hasRemoteContent && !allowed && <RemoteContentBar sender={sender} verified={message.senderVerified} onAllow={onAllowRemote} />}
      <MessageFrame html={doc.html} title="Message content" />
    </>
  );
}
