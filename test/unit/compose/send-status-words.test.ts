import { describe, expect, it } from 'vitest';
import { sendLine } from '../../../renderer/src/compose/send-status-words';
import type { OutboxItem } from '../../../shared/compose';

const sendAt = '2026-12-07T10:00:10.000Z';
const item = { subject: 'Plans', sendAt };

function queued(change: Partial<OutboxItem>): OutboxItem {
  return {
    id: 'o1',
    accountId: 'a',
    draftId: 'd',
    subject: 'Plans',
    recipients: [],
    size: 100,
    state: 'scheduled',
    sendAt,
    attempts: 0,
    nextAttemptAt: null,
    lastError: null,
    createdAt: sendAt,
    ...change,
  };
}

describe('the note after Send', () => {
  const before = Date.parse(sendAt) - 4_200;
  const after = Date.parse(sendAt) + 6_000;

  it('counts down while Undo is possible', () => {
    expect(sendLine('undoable', item, queued({}), before)).toMatchObject({ kind: 'undoable', text: 'Sending “Plans”…', secondsLeft: 4 });
  });

  it('says the message waits, and why and until when, once the undo time is over and the outbox retries it', () => {
    const next = new Date(Date.parse(sendAt) + 60_000);
    const retrying = queued({
      state: 'retrying',
      attempts: 1,
      nextAttemptAt: next.toISOString(),
      lastError: 'Waiting to send: Cannot connect to the SMTP server smtp.example.com:587: nothing answered there.',
    });
    const hhmm = `${String(next.getHours()).padStart(2, '0')}:${String(next.getMinutes()).padStart(2, '0')}`;
    // The phase never left 'undoable' (nothing moves it on when the time runs out): the outbox's state decides.
    for (const phase of ['undoable', 'sending'] as const) {
      expect(sendLine(phase, item, retrying, after)).toEqual({
        kind: 'waiting',
        text: `“Plans” is waiting in the Outbox: cannot connect to the SMTP server smtp.example.com:587: nothing answered there. Next try at ${hhmm}.`,
        secondsLeft: 0,
      });
    }
  });

  it('says "Sending" while it is on its way, and "Sent" when it is', () => {
    expect(sendLine('undoable', item, queued({ state: 'sending' }), after).kind).toBe('sending');
    expect(sendLine('undoable', item, undefined, after).kind).toBe('sending');
    expect(sendLine('sent', item, undefined, after).text).toBe('Sent “Plans”.');
  });
});
