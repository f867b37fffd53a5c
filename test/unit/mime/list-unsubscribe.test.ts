import { describe, expect, it } from 'vitest';
import { listUnsubscribe } from '../../../main/mime/list-unsubscribe';

describe('List-Unsubscribe (RFC 2369, RFC 8058)', () => {
  it('reads the one-click https URI only with List-Unsubscribe-Post, and the mailto beside it', () => {
    const header = '<mailto:leave@lists.example.org?subject=unsubscribe>, <https://lists.example.org/u/abc?x=1>';
    expect(listUnsubscribe(header, 'List-Unsubscribe=One-Click')).toEqual({
      oneClick: 'https://lists.example.org/u/abc?x=1',
      mailto: 'mailto:leave@lists.example.org?subject=unsubscribe',
      web: 'https://lists.example.org/u/abc?x=1',
    });
    // Without the Post header the https URI is a page to open, not a request to make.
    expect(listUnsubscribe(header, undefined)?.oneClick).toBeNull();
    expect(listUnsubscribe(header, 'List-Unsubscribe=Maybe')?.oneClick).toBeNull();
  });

  it('never makes a one-click request over http, and offers http only as a page', () => {
    expect(listUnsubscribe('<http://lists.example.org/u/1>', 'List-Unsubscribe=One-Click')).toEqual({
      oneClick: null,
      mailto: null,
      web: 'http://lists.example.org/u/1',
    });
  });

  it('takes folded headers, bare URIs and ignores what is not a usable URI', () => {
    expect(listUnsubscribe('<https://lists.example.org/\r\n u/abc>', 'List-Unsubscribe=One-Click')?.oneClick).toBe(
      'https://lists.example.org/u/abc',
    );
    expect(listUnsubscribe('mailto:leave@example.org', undefined)?.mailto).toBe('mailto:leave@example.org');
    expect(listUnsubscribe('<javascript:alert(1)>, <ftp://example.org/x>, <https://>', undefined)).toBeNull();
    expect(listUnsubscribe(`<https://example.org/${'a'.repeat(3000)}>`, undefined)).toBeNull();
    expect(listUnsubscribe(undefined, 'List-Unsubscribe=One-Click')).toBeNull();
  });
});
