// Icons of the compose pane, drawn like components/icons.tsx (24-unit grid,
// stroked with currentColor, decorative: the button's name says what it does).

const PATHS = {
  bold: 'M7 4.5h6a3.7 3.7 0 010 7.5H7zM7 12h7.2a3.75 3.75 0 010 7.5H7z',
  italic: 'M10 4.5h8M6 19.5h8M14 4.5l-4 15',
  underline: 'M7 4v7a5 5 0 0010 0V4M5 20h14',
  bullets: 'M10 6h10M10 12h10M10 18h10M5 6h.01M5 12h.01M5 18h.01',
  numbers: 'M10 6h10M10 12h10M10 18h10M4 4.5l1.5-1V9M3.7 13.6a1.4 1.4 0 012.6.7c0 1.1-2.6 2.2-2.6 3.7h2.8',
  quote: 'M5 4v16M10 7h9M10 12h9M10 17h6',
  link: 'M10.5 13.5a4 4 0 005.7 0l3-3a4 4 0 00-5.7-5.7l-1.2 1.2M13.5 10.5a4 4 0 00-5.7 0l-3 3a4 4 0 005.7 5.7l1.2-1.2',
  send: 'M4 12L20 4l-4 16-4.5-6.5zM11.5 13.5L20 4',
  reply: 'M10 6L4 12l6 6M4 12h10a6 6 0 016 6',
  replyAll: 'M11 6l-6 6 6 6M7 6l-6 6 6 6M5 12h10a6 6 0 016 6',
  forward: 'M14 6l6 6-6 6M20 12H10a6 6 0 00-6 6',
  compose: 'M4 20h4L19 9l-4-4L4 16zM13.5 6.5l4 4',
  warning: 'M12 3l9 16H3zM12 10v4M12 17v.5',
  file: 'M6 3h8l4 4v14H6zM14 3v4h4',
} as const;

export type ComposeIconName = keyof typeof PATHS;

export function FormatIcon({ name }: { name: ComposeIconName }) {
  return (
    <svg className={`icon icon-${name}`} viewBox="0 0 24 24" aria-hidden="true" focusable="false">
      <path d={PATHS[name]} />
    </svg>
  );
}
