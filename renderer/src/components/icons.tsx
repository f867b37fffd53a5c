// Inline SVG: allowed by the CSP (no style attributes), no extra requests.

export function AppMark() {
  return (
    <svg className="app-mark" viewBox="0 0 64 64" aria-hidden="true" focusable="false">
      <rect x="4" y="12" width="56" height="40" rx="8" className="app-mark-body" />
      <path d="M8 18 L32 36 L56 18" className="app-mark-flap" />
    </svg>
  );
}
