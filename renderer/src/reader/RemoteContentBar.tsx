interface Props {
  /** Who "Always for …" applies to: the sender's address (or name). */
  sender: string | null;
  onAllow: (scope: 'message' | 'sender') => void;
}

export function RemoteContentBar({ sender, onAllow }: Props) {
  return (
    <div className="remote-bar" role="note" aria-label="Remote content">
      <p>Remote content was blocked to protect your privacy.</p>
      <div className="remote-bar-actions">
        <button type="button" className="button" onClick={() => onAllow('message')}>
          Load remote content
        </button>
        {sender && (
          <button type="button" className="button" onClick={() => onAllow('sender')}>
            Always for {sender}
          </button>
        )}
      </div>
    </div>
  );
}
