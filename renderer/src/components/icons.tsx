import type { FolderRole } from '../../../shared/mail';

// Inline SVG: no extra requests, colour from currentColor. Every icon is
// decorative (aria-hidden): the text next to it, or the button's name, says
// what it means.

export function AppMark() {
  return (
    <svg className="app-mark" viewBox="0 0 64 64" aria-hidden="true" focusable="false">
      <rect x="4" y="12" width="56" height="40" rx="8" className="app-mark-body" />
      <path d="M8 18 L32 36 L56 18" className="app-mark-flap" />
    </svg>
  );
}

/** 16×16 line icons on a 24-unit grid (drawn in CSS: .icon). */
const PATHS = {
  inbox: 'M3 13h5l1.5 3h5L16 13h5M3 13l2.5-8h13L21 13v6H3z',
  drafts: 'M4 20h4L19 9l-4-4L4 16zM13.5 6.5l4 4',
  sent: 'M3 11l18-8-8 18-2-8zM11 13l10-10',
  archive: 'M3 4h18v4H3zM5 8v12h14V8M10 12h4',
  junk: 'M12 3l9 16H3zM12 10v4M12 17v.5',
  trash: 'M4 6h16M9 6V4h6v2M6 6l1 14h10l1-14M10 10v7M14 10v7',
  all: 'M4 4h16v4H4zM4 10h16v4H4zM4 16h16v4H4z',
  flagged: 'M12 3l2.7 5.6 6.1.9-4.4 4.3 1 6.1L12 17l-5.4 2.9 1-6.1-4.4-4.3 6.1-.9z',
  folder: 'M3 6h6l2 2h10v11H3z',
  chevron: 'M9 6l6 6-6 6',
  paperclip: 'M20 11l-8.5 8.5a5 5 0 01-7-7L13 4a3.5 3.5 0 015 5l-8.5 8.5a2 2 0 01-3-3L14 7',
  more: 'M5 12h.01M12 12h.01M19 12h.01',
  move: 'M3 6h6l2 2h10v11H3zM10 13h7M14 10l3 3-3 3',
  unread: 'M12 12m-5 0a5 5 0 1010 0 5 5 0 10-10 0',
  search: 'M10.5 17a6.5 6.5 0 100-13 6.5 6.5 0 000 13zM15.5 15.5L20 20',
  close: 'M6 6l12 12M18 6L6 18',
  source: 'M8 7l-5 5 5 5M16 7l5 5-5 5',
  retry: 'M20 12a8 8 0 11-2.3-5.7M20 4v5h-5',
  plus: 'M12 5v14M5 12h14',
  download: 'M12 4v11M7 10l5 5 5-5M5 20h14',
  label: 'M3 4.5V11l9.5 9.5 8-8L11 3H4.5zM7.5 7.5h.01',
  // A wheel with eight teeth: the settings.
  settings:
    'M12 8.5a3.5 3.5 0 100 7 3.5 3.5 0 000-7zM12 2.5v3M12 18.5v3M2.5 12h3M18.5 12h3M5.3 5.3l2.1 2.1M16.6 16.6l2.1 2.1M5.3 18.7l2.1-2.1M16.6 7.4l2.1-2.1',
} as const;

export type IconName = keyof typeof PATHS;

export function Icon({ name, className }: { name: IconName; className?: string }) {
  return (
    <svg className={className ? `icon ${className}` : 'icon'} viewBox="0 0 24 24" aria-hidden="true" focusable="false">
      <path d={PATHS[name]} />
    </svg>
  );
}

export function folderIconName(role: FolderRole | null): IconName {
  return role ?? 'folder';
}
