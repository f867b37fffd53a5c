import { useState } from 'react';
import type { UnsubscribeOffer } from '../../../shared/mail';
import { useApi } from '../api/context';
import { openExternal } from '../common/open-external';
import { ConfirmDangerDialog } from '../components/ConfirmDangerDialog';
import { useToast } from '../components/Toasts';

const QUESTION: Record<UnsubscribeOffer['method'], (target: string) => string> = {
  'one-click': (target) => `Tidings will ask ${target} to stop sending you this list's mail.`,
  mailto: (target) => `Tidings will send an unsubscribe message to ${target} (it waits in the Outbox while you are offline).`,
  web: (target) => `This list unsubscribes on its website, ${target}, which opens in your browser.`,
};

/**
 * "Unsubscribe" for mail from a list (its List-Unsubscribe): asks first,
 * saying exactly what will happen, then lets the core do it
 * (messages.unsubscribe reads the header again; nothing here chooses where
 * the request goes).
 */
export function UnsubscribeButton({ messageId, offer }: { messageId: number; offer: UnsubscribeOffer }) {
  const api = useApi();
  const toast = useToast();
  const [asking, setAsking] = useState(false);

  async function unsubscribe() {
    const result = await api.call('messages.unsubscribe', { id: messageId });
    if (result.method === 'one-click') toast(`Unsubscribed: ${offer.target} took the request.`);
    else if (result.method === 'mailto') toast(`The unsubscribe message to ${offer.target} is on its way (Outbox).`);
    else if (!openExternal(result.url)) toast('The list’s unsubscribe page could not be opened.');
  }

  return (
    <>
      <button type="button" className="button quiet unsubscribe" onClick={() => setAsking(true)}>
        Unsubscribe
      </button>
      {asking && (
        <ConfirmDangerDialog
          title="Unsubscribe from this list?"
          description={QUESTION[offer.method](offer.target)}
          confirmLabel={offer.method === 'web' ? 'Open website' : 'Unsubscribe'}
          busyLabel="Unsubscribing…"
          failurePrefix="Could not unsubscribe"
          action={unsubscribe}
          onDone={() => setAsking(false)}
          onClose={() => setAsking(false)}
        />
      )}
    </>
  );
}
