import { useState } from 'react';
import { askToNotify, mayAskToNotify, notificationChoiceMade, setNotificationsWanted } from '../api/notifications';

/**
 * In a browser that has not been asked yet: an offer to show desktop
 * notifications for new mail (the browser's question needs a click to be
 * asked). Either answer is kept; nothing shows in the desktop app.
 */
export function NotificationOffer() {
  const [shown, setShown] = useState(() => mayAskToNotify() && !notificationChoiceMade());
  if (!shown) return null;
  return (
    <div role="note" className="banner banner-info notification-offer">
      <span>Get a desktop notification when new mail arrives?</span>
      <button
        type="button"
        className="button"
        onClick={() => {
          setShown(false);
          void askToNotify().then((granted) => setNotificationsWanted(granted));
        }}
      >
        Turn on
      </button>
      <button
        type="button"
        className="button quiet"
        onClick={() => {
          setShown(false);
          setNotificationsWanted(false);
        }}
      >
        Not now
      </button>
    </div>
  );
}
