import { describe, expect, it } from 'vitest';
import { mailtoArgs, WaitingMailto } from '../../main/app/mailto-launch';

describe('mailto: links handed to the desktop app', () => {
  it('finds them among command-line arguments, whatever else is there', () => {
    const argv = [
      '/opt/Tidings/tidings',
      '--no-sandbox',
      '--data-dir=/tmp/x',
      'MAILTO:bob@example.test?subject=Hi',
      'https://example.test',
    ];
    expect(mailtoArgs(argv)).toEqual(['MAILTO:bob@example.test?subject=Hi']);
    expect(mailtoArgs(['/usr/bin/tidings'])).toEqual([]);
  });

  it('keeps them until the page takes them, once, and at most 20', () => {
    const waiting = new WaitingMailto();
    expect(waiting.add('mailto:a@example.test')).toBe(true);
    expect(waiting.add('javascript:alert(1)')).toBe(false);
    expect(waiting.take()).toEqual(['mailto:a@example.test']);
    expect(waiting.take()).toEqual([]);
    for (let i = 0; i < 25; i++) waiting.add(`mailto:n${i}@example.test`);
    const taken = waiting.take();
    expect(taken).toHaveLength(20);
    expect(taken[0]).toBe('mailto:n0@example.test');
  });
});
