import { describe, expect, it } from 'vitest';
import { MessageListStore } from '../../../renderer/src/list/list-store';
import { rowLabel } from '../../../renderer/src/list/MessageRow';
import { createQueryClient } from '../../../renderer/src/queries/client';
import { queryKeys } from '../../../renderer/src/queries/keys';
import { setLabels } from '../../../renderer/src/queries/useSetLabels';
import { ApiError } from '../../../shared/errors';
import type { MessageDetail } from '../../../shared/mail';
import { FakeApi, settle, summary } from './fake-api';

// A label change as the user sees it: the reader's message and the list's row
// show it at once; the core's refusal puts the message back as it is.

function detail(id: number, labels: string[] | undefined): MessageDetail {
  return { ...summary(id), ...(labels ? { labels } : {}) } as MessageDetail;
}

describe('setLabels (queries/useSetLabels.ts)', () => {
  it('shows the change in the reader at once and asks the core once for all the messages', async () => {
    const api = new FakeApi();
    const client = createQueryClient();
    client.setQueryData(queryKeys.message(1), detail(1, ['Work']));
    const done = setLabels(api, client, [1, 2], { add: ['Receipts'], remove: ['Work'] });
    expect(client.getQueryData<MessageDetail>(queryKeys.message(1))?.labels).toEqual(['Receipts']);
    const call = api.take('messages.setLabels');
    expect(call.args).toEqual({ ids: [1, 2], add: ['Receipts'], remove: ['Work'] });
    call.resolve({ changed: 2 });
    await expect(done).resolves.toBe(2);
  });

  it('leaves mail without labels alone, and on a refusal re-reads the message and throws the core’s words', async () => {
    const api = new FakeApi();
    const client = createQueryClient();
    client.setQueryData(queryKeys.message(3), detail(3, undefined));
    client.setQueryData(queryKeys.message(4), detail(4, ['Work']));
    const done = setLabels(api, client, [3, 4], { add: ['Travel'], remove: [] });
    expect(client.getQueryData<MessageDetail>(queryKeys.message(3))?.labels).toBeUndefined();
    api
      .take('messages.setLabels')
      .reject(new ApiError('invalid_argument', 'Only Gmail messages have labels; use folders for this account.'));
    await expect(done).rejects.toMatchObject({ code: 'invalid_argument', message: expect.stringContaining('Only Gmail messages') });
    expect(client.getQueryState(queryKeys.message(4))?.isInvalidated).toBe(true);
  });
});

describe('a row’s labels', () => {
  it('change in the list store at once (list-store update)', async () => {
    const api = new FakeApi();
    const store = new MessageListStore(api, { kind: 'folder', accountId: 'a_1', folderId: 7 });
    store.ensure(0, 10);
    api.take('messages.page').resolve({ folderId: 7, total: 2, offset: 0, items: [summary(1, { labels: ['Work'] }), summary(2)] });
    await settle();
    const before = store.getVersion();
    store.update([1, 2], (m) => (m.labels ? { ...m, labels: [...m.labels, 'Travel'] } : m));
    expect(store.row(0)?.labels).toEqual(['Work', 'Travel']);
    expect(store.row(1)?.labels).toBeUndefined();
    expect(store.getVersion()).toBeGreaterThan(before);
  });

  it('are said by the row’s accessible name', () => {
    const name = rowLabel(summary(1, { seen: true, subject: 'Invoice', labels: ['Receipts/2024', 'Work'] }));
    expect(name).toMatch(/^Ada, Invoice, .*, labels Receipts\/2024, Work$/);
    expect(rowLabel(summary(2, { seen: true, subject: 'Plain' }))).not.toContain('labels');
  });
});
