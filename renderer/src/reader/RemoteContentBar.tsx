interface Props {
  /** Who "Always for …" applies to: the sender's address (or name). */
  sender: string | null;
  /** The user's provider authenticated the sender (shared/mail.ts MessageDetail.senderVerified): only then "Always for …". */
  verified: boolean;
  onAllow: (scope: 'message' | 'sender') => void;
}

export function RemoteContentBar({ sender, verified, onAllow }: Props) {
  return (
    <div className="remote-bar" role="note" aria-label="Remote content">
      <p>
        Remote content was blocked to protect your privacy.
        {sender && !verified && (
          // Anyone can write any From address: trusting it for every message would let them load content as that sender.
          <> Your mail provider did not confirm that this message is from {sender}, so the sender cannot be verified.</>
        )}
      </p>
      <div className="remote-bar-actions">
        <button type="button" className="button" onClick={() => onAllow('message')}>
          {sender && !verified ? 'Load this time' : 'Load remote content'}
        </button>
        {sender && verified && (
          <button type="button" className="button" onClick={() => onAllow('sender')}>
            Always for {sender}
          </button>
        )}
      </div>
    </div>
  );
}
