import { ModalDialog } from './ModalDialog';

export interface ShortcutGroup {
  title: string;
  /** Each shortcut: the keys (alternatives; a space inside one means "then"), and what it does. */
  shortcuts: { keys: string[]; action: string }[];
}

/** The keys of a sequence ("g i"), each with an id of its own (the keys so far: "g", "g i"). */
function steps(combo: string): { key: string; id: string; first: boolean }[] {
  const out: { key: string; id: string; first: boolean }[] = [];
  let id = '';
  for (const key of combo.split(' ')) {
    id = id ? `${id} ${key}` : key;
    out.push({ key, id, first: out.length === 0 });
  }
  return out;
}

/** "?": every keyboard shortcut, in groups. */
export function ShortcutsDialog({ groups, onClose }: { groups: readonly ShortcutGroup[]; onClose: () => void }) {
  return (
    <ModalDialog title="Keyboard shortcuts" busy={false} onClose={onClose} className="shortcuts-dialog">
      <div className="shortcut-groups">
        {groups.map((group) => (
          <section key={group.title} aria-label={group.title}>
            <h3>{group.title}</h3>
            <dl className="shortcut-list">
              {group.shortcuts.map(({ keys, action }) => (
                <div key={action} className="shortcut">
                  <dt>
                    {keys.map((combo, i) => (
                      <span key={combo}>
                        {i > 0 && <span className="muted"> or </span>}
                        {steps(combo).map(({ key, id, first }) => (
                          <span key={id}>
                            {!first && <span className="muted"> then </span>}
                            <kbd>{key}</kbd>
                          </span>
                        ))}
                      </span>
                    ))}
                  </dt>
                  <dd>{action}</dd>
                </div>
              ))}
            </dl>
          </section>
        ))}
      </div>
      <div className="dialog-actions">
        <form method="dialog">
          <button type="submit" className="button primary">
            Close
          </button>
        </form>
      </div>
    </ModalDialog>
  );
}
