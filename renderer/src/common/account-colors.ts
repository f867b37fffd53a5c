// An account's colour: the bar and name on its rows in the unified views, and
// the dot by its name in the sidebar and settings. The styles work from a hue
// (mail.css: a lighter and a darker tone of it, for light and dark themes), so
// the colours offered are hues of one saturation and lightness, and a saved
// colour (#rrggbb, accounts.update) is shown by its hue.

/** The hues offered, in the order an account without a colour of its own takes them (its place in the list). */
export const ACCOUNT_HUES = [211, 28, 145, 280, 350, 185, 50, 250] as const;

/** Names for the choices in the editor (read by screen readers). */
export const HUE_NAMES: Record<(typeof ACCOUNT_HUES)[number], string> = {
  211: 'Blue',
  28: 'Orange',
  145: 'Green',
  280: 'Purple',
  350: 'Red',
  185: 'Teal',
  50: 'Yellow',
  250: 'Indigo',
};

/** The colour saved for a hue: hsl(hue 65% 50%) as #rrggbb. */
export function colorOfHue(hue: number): string {
  const s = 0.65;
  const l = 0.5;
  const a = s * Math.min(l, 1 - l);
  const channel = (n: number) => {
    const k = (n + hue / 30) % 12;
    const value = l - a * Math.max(-1, Math.min(k - 3, 9 - k, 1));
    return Math.round(value * 255)
      .toString(16)
      .padStart(2, '0');
  };
  return `#${channel(0)}${channel(8)}${channel(4)}`;
}

/** The hue of a #rrggbb colour (0 for greys). */
export function hueOf(color: string): number {
  const match = /^#([0-9a-f]{2})([0-9a-f]{2})([0-9a-f]{2})$/i.exec(color);
  if (!match) return 0;
  const [r, g, b] = match.slice(1).map((hex) => Number.parseInt(hex, 16) / 255) as [number, number, number];
  const max = Math.max(r, g, b);
  const delta = max - Math.min(r, g, b);
  if (delta === 0) return 0;
  const sector = max === r ? ((g - b) / delta) % 6 : max === g ? (b - r) / delta + 2 : (r - g) / delta + 4;
  return Math.round((sector * 60 + 360) % 360);
}

/** The hue an account is shown in: its own colour's, else the palette's at its place in the list. */
export function accountHue(account: { color?: string | undefined }, index: number): number {
  return account.color ? hueOf(account.color) : (ACCOUNT_HUES[index % ACCOUNT_HUES.length] as number);
}
