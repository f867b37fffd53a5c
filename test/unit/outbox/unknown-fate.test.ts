import { describe, expect, it } from 'vitest';
import { createLog } from '../../../main/base/log';
import { unknownFate } from '../../../main/outbox/unknown-fate';
import type { OutboxRecord } from '../../../main/store/outbox-repo';

// What became of a message that was being committed ('committing') when
// Tidings stopped: only a server that files Sent itself can be asked.

const record = { id: 'o1', accountId: 'a1', messageId: '<m1@example.test>' } as OutboxRecord;
const log = createLog({ level: 'silent' }).log;

function deps(policy: 'server' | 'append' | 'local', inSent: () => Promise<boolean | null>) {
  const asked: string[] = [];
  return {
    asked,
    deps: {
      identities: { sentCopyPolicy: () => policy },
      findInSent: (accountId: string, messageId: string) => {
        asked.push(`${accountId} ${messageId}`);
        return inSent();
      },
    },
  };
}

describe('unknownFate', () => {
  it('asks Sent on a server that files it, by the message id', async () => {
    const found = deps('server', async () => true);
    expect(await unknownFate(found.deps, record, log)).toBe('sent');
    expect(found.asked).toEqual(['a1 <m1@example.test>']);
    expect(await unknownFate(deps('server', async () => false).deps, record, log)).toBe('not-sent');
  });

  it('cannot tell while Sent cannot be looked in (offline, or the lookup failed)', async () => {
    expect(await unknownFate(deps('server', async () => null).deps, record, log)).toBe('cannot-tell');
    expect(await unknownFate(deps('server', () => Promise.reject(new Error('offline'))).deps, record, log)).toBe('cannot-tell');
  });

  it('takes the message as sent, without asking, where the server does not file Sent', async () => {
    for (const policy of ['append', 'local'] as const) {
      const d = deps(policy, async () => false);
      expect(await unknownFate(d.deps, record, log)).toBe('assumed-sent');
      expect(d.asked).toEqual([]);
    }
  });
});
