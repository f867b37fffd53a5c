import { useState } from 'react';
import { askToNotify, mayAskToNotify, notificationChoiceMade, setNotificationChoiceMade } from '../api/notifications';
import { useSettings } from '../queries/useSettings';

/**
 * In a browser that has not been asked yet: an offer to show desktop
 * notifications for new mail (the browser's question needs a click to be
 * asked). Either answer is kept: the setting in the core, and that it was
 * asked in this profile; nothing shows in the desktop app.
 */
export function NotificationOffer() {
  const { change } = useSettings();
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
          void askToNotify().then((granted) => {
            setNotificationChoiceMade(granted);
            return change({ notifications: granted });
          });
        }}
      >
        Turn on
      </button>
      <button
        type="button"
        className="button quiet"
        onClick={() => {
          setShown(false);
          setNotificationChoiceMade(false);
          void change({ notifications: false });
        }}
      >
        Not now
      </button>
    </div>
  );
}
