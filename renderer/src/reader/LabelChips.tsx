import { Icon } from '../components/icons';

/** A Gmail message's labels, each a chip with its own remove button. */
export function LabelChips({ labels, onRemove }: { labels: string[]; onRemove: ((label: string) => void) | undefined }) {
  return (
    <ul className="label-chips" aria-label="Labels">
      {labels.map((label) => (
        <li key={label} className="label-chip">
          <span className="label-chip-name" title={label}>
            {label}
          </span>
          {onRemove && (
            <button
              type="button"
              className="label-chip-remove"
              aria-label={`Remove label ${label}`}
              title={`Remove label ${label}`}
              onClick={() => onRemove(label)}
            >
              <Icon name="close" />
            </button>
          )}
        </li>
      ))}
    </ul>
  );
}
