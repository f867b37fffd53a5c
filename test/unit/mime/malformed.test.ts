import { describe, expect, it } from 'vitest';
import { parseMessage } from '../../../main/mime/parse-message.ts';
import type { ParsedMessage } from '../../../main/mime/types.ts';
import { hugeMessage, malformedMessages } from '../../corpus/index.ts';

/** What the message list needs to show a row, whatever the message was. */
function expectListable(parsed: ParsedMessage): void {
  expect(typeof parsed.subject).toBe('string');
  expect(typeof parsed.text).toBe('string');
  expect(typeof parsed.snippet).toBe('string');
  for (const list of [
    parsed.from,
    parsed.to,
    parsed.cc,
    parsed.bcc,
    parsed.replyTo,
    parsed.references,
    parsed.attachments,
    parsed.problems,
  ]) {
    expect(Array.isArray(list)).toBe(true);
  }
  expect(parsed.date === null || !Number.isNaN(Date.parse(parsed.date))).toBe(true);
  expect(JSON.parse(JSON.stringify(parsed))).toEqual(parsed);
}

describe('malformed messages', () => {
  it.each(malformedMessages().map((m) => [m.name, m] as const))('%s: parses without throwing and can be listed', async (_name, message) => {
    const parsed = await parseMessage(message.raw);
    expectListable(parsed);
    const { expect: wanted } = message;
    if (wanted.problem) expect(parsed.problems).not.toEqual([]);
    if (wanted.subject !== undefined) expect(parsed.subject).toBe(wanted.subject);
    if (wanted.textIncludes !== undefined) expect(parsed.text).toContain(wanted.textIncludes);
    expect(parsed.parseFailed).toBe(wanted.parseFailed ?? false);
    if (parsed.parseFailed) expect(parsed.problems[0]).toMatch(/could not be parsed/);
    expect(parsed.text).not.toContain('\0');
  });

  it('says what was wrong, in words', async () => {
    const problems = new Map<string, string[]>();
    for (const m of malformedMessages()) problems.set(m.name, (await parseMessage(m.raw)).problems);
    expect(problems.get('boundary not found')).toEqual([
      'no part of multipart/mixed matches its boundary',
      'the raw body is shown as text',
    ]);
    expect(problems.get('boundary parameter missing')).toEqual([
      'multipart/alternative has no boundary parameter',
      'the raw body is shown as text',
    ]);
    expect(problems.get('bad base64')).toContainEqual(expect.stringMatching(/bad base64 in the body/));
    expect(problems.get('unknown charset')).toContainEqual(expect.stringMatching(/unknown charset "x-klingon"/));
    expect(problems.get('raw 8-bit Latin-1 headers')).toContainEqual(expect.stringMatching(/raw 8-bit bytes in the Subject header/));
    expect(problems.get('raw UTF-8 headers (RFC 6532)')).toEqual([]);
    expect(problems.get('multiparts nested 100 deep')).toContainEqual(expect.stringMatching(/nested 100 levels deep/));
    expect(problems.get('NUL bytes')).toContainEqual('NUL bytes removed from the message');
    expect(problems.get('unreadable Date')).toContainEqual(expect.stringMatching(/unreadable Date header/));
    expect(problems.get('no header at all')).toEqual(['no From header', 'no Date header']);
    expect(problems.get('headers only, no body')).toEqual([]);
  });

  it('reads the headers of a message that cannot be parsed', async () => {
    const giant = malformedMessages().find((m) => m.name === 'header over 1 MB');
    const parsed = await parseMessage(giant?.raw ?? Buffer.alloc(0));
    expect(parsed).toMatchObject({
      parseFailed: true,
      subject: 'Giant header',
      from: [{ name: 'Mal Formed', address: 'mal@example.com' }],
      date: '2024-06-03T09:00:00.000Z',
      messageId: '<malformed@example.com>',
      text: '',
    });
  });

  it('parses a 20 MB message within a bounded memory increase', async () => {
    const huge = hugeMessage(20);
    expect(huge.raw.length).toBeGreaterThan(19 * 1024 * 1024);
    const before = process.memoryUsage().rss;
    let peak = before;
    const sampler = setInterval(() => {
      peak = Math.max(peak, process.memoryUsage().rss);
    }, 2);
    const parsed = await parseMessage(huge.raw);
    clearInterval(sampler);
    peak = Math.max(peak, process.memoryUsage().rss);
    expect(parsed.attachments).toMatchObject([{ filename: 'dump.bin', size: huge.attachmentSize, inline: false }]);
    expect(parsed.text).toContain(huge.textPhrase);
    expect(parsed.problems).toEqual([]);
    // the attachment is counted, not kept: the text parts (~1.2 MB) and
    // mailparser's buffers are what the parse holds
    expect(peak - before).toBeLessThan(200 * 1024 * 1024);
  });
});
