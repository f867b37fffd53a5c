// What the page may ask main to show as a desktop notification: plain text
// of bounded length, checked here because the page shows untrusted mail (a
// subject is the sender's words) and main trusts nothing it sends. No
// Electron here: index.ts shows what passes.

export interface DesktopNotice {
  title: string;
  body: string;
  tag: string;
  /** No sound (the "sound" setting off). */
  silent: boolean;
}

const LIMITS = { title: 200, body: 500, tag: 100 } as const;
// biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what is removed
const CONTROL = /[\u0000-\u001f\u007f]+/g;

/** The notice, trimmed to its limits and without control characters; null when it is not one. */
export function checkedNotice(value: unknown): DesktopNotice | null {
  if (typeof value !== 'object' || value === null) return null;
  const { title, body, tag, silent } = value as Record<string, unknown>;
  if (typeof title !== 'string' || typeof body !== 'string' || typeof tag !== 'string' || !/^[\w-]{1,100}$/.test(tag)) return null;
  const clean = (text: string, max: number) => text.replace(CONTROL, ' ').trim().slice(0, max);
  const notice = { title: clean(title, LIMITS.title), body: clean(body, LIMITS.body), tag, silent: silent === true };
  return notice.title ? notice : null;
}
