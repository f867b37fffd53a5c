import { type ReactNode, type RefObject, useEffect, useId, useRef } from 'react';

interface Props {
  title: string;
  /** Read with the title when the dialog opens (aria-describedby). */
  description?: ReactNode;
  /** While true, Escape does not close: it would hide the outcome of what is under way. */
  busy: boolean;
  /** Gets focus when the dialog opens (else the first focusable control does). */
  initialFocus?: RefObject<HTMLElement | null>;
  onClose: () => void;
  children: ReactNode;
  /** Receives close(): for the Cancel button. */
  dialogRef?: RefObject<HTMLDialogElement | null>;
  /** Another class beside "dialog" (a wider one, say). */
  className?: string;
}

/** A modal <dialog>: showModal() gives the focus trap, Escape and an inert background. */
export function ModalDialog({ title, description, busy, initialFocus, onClose, children, dialogRef, className }: Props) {
  const own = useRef<HTMLDialogElement>(null);
  const dialog = dialogRef ?? own;
  const headingId = useId();
  const textId = useId();

  useEffect(() => {
    const element = dialog.current;
    if (element && !element.open) element.showModal();
    initialFocus?.current?.focus();
    return () => element?.close();
  }, [dialog, initialFocus]);

  return (
    <dialog
      ref={dialog}
      className={className ? `dialog ${className}` : 'dialog'}
      aria-labelledby={headingId}
      aria-describedby={description ? textId : undefined}
      onCancel={(event) => {
        if (busy) event.preventDefault();
      }}
      onClose={() => {
        // StrictMode runs the effect twice (open, close, open): the close
        // event of that first close arrives while the dialog is open again.
        if (!dialog.current?.open) onClose();
      }}
    >
      <h2 id={headingId}>{title}</h2>
      {description && (
        <div id={textId} className="dialog-text">
          {description}
        </div>
      )}
      {children}
    </dialog>
  );
}
