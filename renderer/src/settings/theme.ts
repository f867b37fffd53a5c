import { useLayoutEffect } from 'react';
import type { Settings } from '../../../shared/settings';

// The theme is one attribute on <html>: data-theme="light" or "dark". The
// dark colours are one set of CSS variables under :root[data-theme='dark']
// (styles/base.css), so "system" is resolved here, from prefers-color-scheme,
// rather than by a second copy of that set inside a media query.

const darkQuery = '(prefers-color-scheme: dark)';

function resolve(choice: Settings['theme']): 'light' | 'dark' {
  if (choice !== 'system') return choice;
  return typeof window.matchMedia === 'function' && window.matchMedia(darkQuery).matches ? 'dark' : 'light';
}

/** Sets <html data-theme> for `choice`; for 'system', follows the OS while it changes. Returns the function that stops following. */
export function applyTheme(choice: Settings['theme']): () => void {
  const root = document.documentElement;
  root.dataset.theme = resolve(choice);
  if (choice !== 'system' || typeof window.matchMedia !== 'function') return () => {};
  const media = window.matchMedia(darkQuery);
  const follow = () => {
    root.dataset.theme = resolve('system');
  };
  media.addEventListener('change', follow);
  return () => media.removeEventListener('change', follow);
}

/** The theme setting, applied before the browser paints (no flash of the other theme on a switch). */
export function useTheme(choice: Settings['theme']): void {
  useLayoutEffect(() => applyTheme(choice), [choice]);
}
