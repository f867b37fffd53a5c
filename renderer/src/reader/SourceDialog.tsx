import { useEffect, useId, useRef } from 'react';
import { RawSource } from './RawSource';

/** "View source": the message exactly as it arrived, in a modal dialog. */
export function SourceDialog({ id, onClose }: { id: number; onClose: () => void }) {
  const dialog = useRef<HTMLDialogElement>(null);
  const headingId = useId();

  // showModal() gives the focus trap, Escape and the inert background.
  useEffect(() => {
    const element = dialog.current;
    if (element && !element.open) element.showModal();
    return () => element?.close();
  }, []);

  return (
    <dialog ref={dialog} className="dialog source-dialog" aria-labelledby={headingId} onClose={onClose}>
      <h2 id={headingId}>Message source</h2>
      <RawSource id={id} label="Raw message source" />
      <div className="dialog-actions">
        <button type="button" className="button" onClick={() => dialog.current?.close()}>
          Close
        </button>
      </div>
    </dialog>
  );
}
