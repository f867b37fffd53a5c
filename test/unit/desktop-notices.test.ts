import { describe, expect, it } from 'vitest';
import { checkedNotice } from '../../main/app/desktop-notices';
import { noticeFor } from '../../renderer/src/common/new-mail';
import type { Events } from '../../shared/contract';
import type { MessageSummary } from '../../shared/mail';

function arrived(accountId: string, folderId: number, ...messages: [number, string, string][]): Events['mail.arrived'] {
  return {
    accountId,
    folderId,
    more: 0,
    messages: messages.map(
      ([id, name, subject]) =>
        ({ id, accountId, folderId, subject, from: { name, address: `${name.toLowerCase()}@example.test` } }) as unknown as MessageSummary,
    ),
  };
}

describe('new-mail notifications', () => {
  it('names one message by sender and subject, and opens it', () => {
    expect(noticeFor([arrived('a1', 7, [42, 'Carol', 'Lunch?'])])).toEqual({
      title: 'Carol',
      body: 'Lunch?',
      tag: 'mail-42',
      open: { accountId: 'a1', folderId: 7, messageId: 42 },
    });
  });

  it('groups several into one, with a count and the first senders, opening their Inbox or All Inboxes', () => {
    const one = noticeFor([arrived('a1', 7, [1, 'Carol', 'a'], [2, 'Bob', 'b']), arrived('a1', 7, [3, 'Carol', 'c'])]);
    expect(one).toEqual({
      title: '3 new messages',
      body: 'From Carol, Bob',
      tag: 'mail-several',
      open: { accountId: 'a1', folderId: 7, messageId: null },
    });
    const two = noticeFor([arrived('a1', 7, [1, 'A', 'x'], [2, 'B', 'x'], [3, 'C', 'x']), arrived('a2', 9, [4, 'D', 'y'])]);
    expect(two?.body).toBe('From A, B, C and 1 more');
    expect(two?.open).toBeNull();
    expect(noticeFor([{ ...arrived('a1', 7, [1, 'A', 'x']), more: 30 }])?.title).toBe('31 new messages');
    expect(noticeFor([])).toBeNull();
  });

  it('lets main show only bounded plain text with a simple tag', () => {
    expect(checkedNotice({ title: 'Carol\u0007', body: 'Lunch?\r\nBcc: x', tag: 'mail-42' })).toEqual({
      title: 'Carol',
      body: 'Lunch? Bcc: x',
      tag: 'mail-42',
      silent: false,
    });
    // Silent only when the page says so (the sound setting off); anything else than true is not.
    expect(checkedNotice({ title: 'x', body: 'y', tag: 't', silent: true })?.silent).toBe(true);
    expect(checkedNotice({ title: 'x', body: 'y', tag: 't', silent: 'yes' })?.silent).toBe(false);
    expect(checkedNotice({ title: 'x'.repeat(500), body: '', tag: 't' })?.title).toHaveLength(200);
    expect(checkedNotice({ title: 'x', body: 'y', tag: '../../etc' })).toBeNull();
    expect(checkedNotice({ title: 1, body: 'y', tag: 't' })).toBeNull();
    expect(checkedNotice(null)).toBeNull();
  });
});
