import { useState } from 'react';
import type { Draft, RefusedRecipient } from '../../../shared/compose';
import type { Address } from '../../../shared/mail';
import { AddressField } from './AddressField';

interface Props {
  /** The draft as the pane opened it: Cc and Bcc show when it had some. */
  initial: Draft;
  draft: Draft;
  /** Recipients the server refused last time (their chips say so). */
  refused: RefusedRecipient[];
  suggest: (query: string) => Promise<Address[]>;
  onChange: (patch: Partial<Pick<Draft, 'to' | 'cc' | 'bcc'>>) => void;
}

/** To, and Cc and Bcc once the draft has some or the user asks for them (they take the keyboard then). */
export function RecipientFields({ initial, draft, refused, suggest, onChange }: Props) {
  const [showCc, setShowCc] = useState(initial.cc.length > 0);
  const [showBcc, setShowBcc] = useState(initial.bcc.length > 0);
  return (
    <>
      <AddressField
        label="To"
        focusKey="compose-to"
        value={draft.to}
        onChange={(to) => onChange({ to })}
        suggest={suggest}
        refused={refused}
        trailing={
          (!showCc || !showBcc) && (
            <span className="compose-cc-toggles">
              {!showCc && (
                <button type="button" className="link-button" onClick={() => setShowCc(true)} aria-label="Add Cc recipients">
                  Cc
                </button>
              )}
              {!showBcc && (
                <button type="button" className="link-button" onClick={() => setShowBcc(true)} aria-label="Add Bcc recipients">
                  Bcc
                </button>
              )}
            </span>
          )
        }
      />
      {showCc && (
        <AddressField
          label="Cc"
          value={draft.cc}
          onChange={(cc) => onChange({ cc })}
          suggest={suggest}
          autoFocus={initial.cc.length === 0}
          refused={refused}
        />
      )}
      {showBcc && (
        <AddressField
          label="Bcc"
          value={draft.bcc}
          onChange={(bcc) => onChange({ bcc })}
          suggest={suggest}
          autoFocus={initial.bcc.length === 0}
          refused={refused}
        />
      )}
    </>
  );
}
