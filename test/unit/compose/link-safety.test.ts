import { describe, expect, it } from 'vitest';
import { isSafeHref, safeLinkHref } from '../../../renderer/src/compose/link-safety';

describe('links the user puts into a message', () => {
  it('takes web and mail links, adding the scheme people leave out', () => {
    expect(safeLinkHref('https://example.com/a?b=1')).toBe('https://example.com/a?b=1');
    expect(safeLinkHref('http://example.com')).toBe('http://example.com/');
    expect(safeLinkHref('example.com/engine')).toBe('https://example.com/engine');
    expect(safeLinkHref(' mailto:ada@example.com ')).toBe('mailto:ada@example.com');
    expect(safeLinkHref('ada@example.com')).toBe('mailto:ada@example.com');
  });

  it('refuses every other scheme, however it is written', () => {
    for (const bad of [
      'javascript:alert(1)',
      'JavaScript:alert(1)',
      ' javascript:alert(1)',
      'java\tscript:alert(1)',
      'data:text/html,<script>alert(1)</script>',
      'vbscript:msgbox',
      'file:///etc/passwd',
      'ftp://example.com',
      'blob:https://example.com/x',
      'https://',
      'mailto:',
      '',
      'http://exa mple.com',
    ])
      expect(safeLinkHref(bad), bad).toBeNull();
  });

  it('checks hrefs as they arrive from pasted HTML', () => {
    expect(isSafeHref('https://example.com')).toBe(true);
    expect(isSafeHref('mailto:a@b.c')).toBe(true);
    expect(isSafeHref('javascript:alert(1)')).toBe(false);
    expect(isSafeHref('/relative')).toBe(false);
    expect(isSafeHref('data:text/html,x')).toBe(false);
  });
});
