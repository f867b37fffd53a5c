import { type QueryClient, QueryObserver, type QueryObserverOptions } from '@tanstack/react-query';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { ConnectionMonitor, ConnectionSnapshot } from '../../../renderer/src/api/connection';
import { AccountStatuses } from '../../../renderer/src/queries/account-statuses';
import { createQueryClient } from '../../../renderer/src/queries/client';
import { FOLDERS_REREAD_MS, followCoreEvents, MISSING_BODY_REREAD_MS } from '../../../renderer/src/queries/events';
import { queryKeys } from '../../../renderer/src/queries/keys';
import { accountsQuery } from '../../../renderer/src/queries/useAccounts';
import { foldersQuery } from '../../../renderer/src/queries/useFolders';
import { messageQuery } from '../../../renderer/src/queries/useMessage';
import { outboxQuery } from '../../../renderer/src/queries/useOutbox';
import type { Account } from '../../../shared/accounts';
import type { MessageDetail } from '../../../shared/mail';
import { FakeApi } from './fake-api';

// The renderer's server state (renderer/src/queries): the core's events and a
// reconnect of the WebSocket turned into re-reads of the queries on screen.

class FakeConnection implements ConnectionMonitor {
  #snapshot: ConnectionSnapshot = { state: 'open', failedAttempts: 0, reconnects: 0 };
  readonly #watchers = new Set<() => void>();
  getSnapshot = () => this.#snapshot;
  subscribe = (watcher: () => void) => {
    this.#watchers.add(watcher);
    return () => {
      this.#watchers.delete(watcher);
    };
  };
  set(next: Partial<ConnectionSnapshot>): void {
    this.#snapshot = { ...this.#snapshot, ...next };
    for (const watcher of this.#watchers) watcher();
  }
  get watchers(): number {
    return this.#watchers.size;
  }
}

function account(id: string, state: Account['status']['state']): Account {
  return { id, email: `${id}@example.test`, name: '', status: { state } } as unknown as Account;
}

function message(id: number, folderId: number, body: MessageDetail['body']): MessageDetail {
  return { id, folderId, body } as unknown as MessageDetail;
}

let api: FakeApi;
let connection: FakeConnection;
let client: QueryClient;
let statuses: AccountStatuses;
let stop: () => void;
const unsubscribes: (() => void)[] = [];

/** A query on screen: an observer keeps it active, so invalidation re-reads it. */
function watch<T>(options: { queryKey: readonly unknown[] }): QueryObserver<T> {
  const observer = new QueryObserver<T>(client, options as QueryObserverOptions<T>);
  unsubscribes.push(observer.subscribe(() => {}));
  return observer;
}

beforeEach(() => {
  vi.useFakeTimers();
  api = new FakeApi();
  connection = new FakeConnection();
  client = createQueryClient();
  statuses = new AccountStatuses();
  stop = followCoreEvents(api, connection, client, statuses);
});

afterEach(() => {
  for (const unsubscribe of unsubscribes.splice(0)) unsubscribe();
  stop();
  client.clear();
  vi.useRealTimers();
});

/** Lets answers and TanStack's notifications through (its scheduler uses timers). */
async function flush(ms = 0): Promise<void> {
  await vi.advanceTimersByTimeAsync(ms);
}

describe('server state: accounts', () => {
  it('re-reads the accounts on accounts.changed', async () => {
    const observer = watch<Account[]>(accountsQuery(api, statuses));
    api.take('accounts.list').resolve([account('a_1', 'connected')]);
    await flush();
    expect(observer.getCurrentResult().data).toHaveLength(1);

    api.emit('accounts.changed', { accountIds: ['a_1', 'a_2'] });
    api.take('accounts.list').resolve([account('a_1', 'connected'), account('a_2', 'checking')]);
    await flush();
    expect(observer.getCurrentResult().data?.map((a) => a.id)).toEqual(['a_1', 'a_2']);
  });

  it('patches a status in place, and a list asked for before the event does not put the old status back', async () => {
    const observer = watch<Account[]>(accountsQuery(api, statuses));
    api.take('accounts.list').resolve([account('a_1', 'checking')]);
    await flush();
    expect(api.calls).toHaveLength(0);

    api.emit('account.status', { accountId: 'a_1', status: { state: 'connected' } });
    expect(observer.getCurrentResult().data?.[0]?.status.state).toBe('connected');
    expect(api.calls).toHaveLength(0); // no re-read for a status

    // A list asked for, then an event, then the (older) list arrives.
    void observer.refetch();
    api.emit('account.status', { accountId: 'a_1', status: { state: 'error', message: 'Refused' } });
    api.take('accounts.list').resolve([account('a_1', 'connected')]);
    await flush();
    expect(observer.getCurrentResult().data?.[0]?.status.state).toBe('error');

    // A list asked for after the event is the truth.
    void observer.refetch();
    api.take('accounts.list').resolve([account('a_1', 'connected')]);
    await flush();
    expect(observer.getCurrentResult().data?.[0]?.status.state).toBe('connected');
  });
});

describe('server state: folders', () => {
  it('re-reads an account’s folder list once per burst of store.changed, only for that account', async () => {
    const first = watch(foldersQuery(api, 'a_1'));
    watch(foldersQuery(api, 'a_2'));
    for (const call of api.calls.splice(0)) call.resolve([]);
    await flush();
    expect(first.getCurrentResult().status).toBe('success');

    for (let i = 0; i < 5; i++) {
      api.emit('store.changed', { accountId: 'a_1', folderIds: [7] });
      await flush(20);
    }
    expect(api.calls).toHaveLength(0); // not at once: coalesced
    await flush(FOLDERS_REREAD_MS);
    expect(api.calls.map((c) => c.args)).toEqual([{ accountId: 'a_1' }]);
  });

  it('re-reads again after the first re-read when changes went on meanwhile', async () => {
    watch(foldersQuery(api, 'a_1'));
    api.take('folders.list').resolve([]);
    await flush();
    api.emit('store.changed', { accountId: 'a_1', folderIds: [7] });
    await flush(FOLDERS_REREAD_MS);
    const reread = api.take('folders.list');
    api.emit('store.changed', { accountId: 'a_1', folderIds: [7] });
    await flush(FOLDERS_REREAD_MS * 2);
    expect(api.calls).toHaveLength(0); // never two reads at once
    reread.resolve([]);
    await flush(FOLDERS_REREAD_MS);
    expect(api.waiting('folders.list')).toHaveLength(1);
  });
});

describe('server state: a message whose body is not downloaded yet', () => {
  it('is read again when its folder changes, and only then', async () => {
    const waiting = watch<MessageDetail>(messageQuery(api, 1));
    const complete = watch<MessageDetail>(messageQuery(api, 2));
    api.take('messages.get').resolve(message(1, 7, 'missing'));
    api.take('messages.get').resolve(message(2, 7, 'ready'));
    await flush();

    api.emit('store.changed', { accountId: 'a_1', folderIds: [8] });
    await flush(MISSING_BODY_REREAD_MS + FOLDERS_REREAD_MS);
    expect(api.waiting('messages.get')).toHaveLength(0);

    api.emit('store.changed', { accountId: 'a_1', folderIds: [7] });
    api.emit('store.changed', { accountId: 'a_1', folderIds: [7] });
    await flush(MISSING_BODY_REREAD_MS);
    expect(api.waiting('messages.get').map((c) => c.args)).toEqual([{ id: 1 }]);
    api.take('messages.get').resolve(message(1, 7, 'ready'));
    await flush();
    expect(waiting.getCurrentResult().data?.body).toBe('ready');
    expect(complete.getCurrentResult().data?.id).toBe(2);
  });
});

describe('server state: outbox', () => {
  it('re-reads the outbox on outbox.changed, outbox.sent and outbox.failed', async () => {
    watch(outboxQuery(api));
    api.take('outbox.list').resolve([]);
    await flush();
    for (const emit of [
      () => api.emit('outbox.changed', { accountId: 'a_1' }),
      () => api.emit('outbox.sent', { accountId: 'a_1', outboxId: 'o', draftId: 'd', messageId: '<m@x>', accepted: [], refused: [] }),
      () =>
        api.emit('outbox.failed', {
          accountId: 'a_1',
          outboxId: 'o',
          draftId: 'd',
          returnedToDrafts: false,
          reason: 'auth_failed',
          message: 'The password was refused.',
          refused: [],
          accepted: [],
        }),
    ]) {
      emit();
      api.take('outbox.list').resolve([]);
      await flush();
    }
    expect(api.calls).toHaveLength(0);
  });
});

describe('server state: the connection', () => {
  it('re-reads every query on screen after a reconnect, and marks the others stale', async () => {
    watch(accountsQuery(api, statuses));
    watch(foldersQuery(api, 'a_1'));
    for (const call of api.calls.splice(0)) call.resolve([]);
    await client.prefetchQuery({ queryKey: queryKeys.appInfo, queryFn: () => Promise.resolve({}) });
    await flush();

    connection.set({ state: 'lost', failedAttempts: 1 });
    await flush();
    expect(api.calls).toHaveLength(0); // dropping is not a reason to read

    connection.set({ state: 'open', failedAttempts: 0, reconnects: 1 });
    await flush();
    expect(api.calls.map((c) => c.method).sort()).toEqual(['accounts.list', 'folders.list']);
    expect(client.getQueryState(queryKeys.appInfo)?.isInvalidated).toBe(true);
  });

  it('stops following events and the connection when stopped', () => {
    expect(api.listenerCount('store.changed')).toBe(1);
    expect(connection.watchers).toBe(1);
    stop();
    stop = () => {};
    expect(api.listenerCount('store.changed')).toBe(0);
    expect(api.listenerCount('account.status')).toBe(0);
    expect(connection.watchers).toBe(0);
  });
});
