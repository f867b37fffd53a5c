import { useCallback, useEffect, useState } from 'react';
import type { MessageDetail } from '../../../shared/mail';
import { ComposeArea, useCompose } from '../compose/ComposeContext';
import { ReplyButtons } from '../compose/ReplyButtons';
import { MessageView } from '../reader/MessageView';

/**
 * The page of a window showing one message (api/message-window.ts): the
 * message as the reader shows it, Reply / Reply all / Forward above it (the
 * reply is written in this window), and the subject as the window's title.
 */
export function MessageWindow({ id }: { id: number }) {
  const { respond } = useCompose();
  const [accountId, setAccountId] = useState<string | null>(null);
  const [focusWanted, setFocusWanted] = useState(true);

  const onOpened = useCallback((message: MessageDetail) => {
    setAccountId(message.accountId);
    document.title = message.subject || '(no subject)';
  }, []);

  useEffect(() => {
    document.title = 'Tidings';
  }, []);

  return (
    <div className="app-body message-window">
      <main className="mail-area">
        <ComposeArea accountId={accountId}>
          <section className="reader-pane" aria-label="Reader">
            {/* biome-ignore lint/a11y/useSemanticElements: a named group of buttons, as the main window's toolbar */}
            <div className="toolbar" role="group" aria-label="Message actions">
              <ReplyButtons onRespond={(mode) => respond(mode, id)} />
            </div>
            <div className="reader-scroll">
              <MessageView
                id={id}
                onOpened={onOpened}
                onLeave={() => {}}
                focusWanted={focusWanted}
                onFocused={() => setFocusWanted(false)}
              />
            </div>
          </section>
        </ComposeArea>
      </main>
    </div>
  );
}
