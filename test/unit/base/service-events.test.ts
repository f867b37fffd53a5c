import { describe, expect, it } from 'vitest';
import { ServiceEvents } from '../../../main/base/service-events';

describe('ServiceEvents', () => {
  it('emit waits for every listener in turn, and the first failure reaches the caller', async () => {
    const failures: unknown[] = [];
    const signals = new ServiceEvents((_, error) => failures.push(error));
    const heard: string[] = [];
    signals.on('account.reauthorized', async ({ accountId }) => {
      await new Promise((resolve) => setTimeout(resolve, 5));
      heard.push(`first ${accountId}`);
    });
    signals.on('account.reauthorized', ({ accountId }) => {
      heard.push(`second ${accountId}`);
    });
    await signals.emit('account.reauthorized', { accountId: 'a1' });
    expect(heard).toEqual(['first a1', 'second a1']);

    signals.on('account.reauthorized', () => {
      throw new Error('cannot reconnect');
    });
    await expect(signals.emit('account.reauthorized', { accountId: 'a2' })).rejects.toThrow('cannot reconnect');
    expect(failures).toEqual([]);
  });

  it('notify does not wait, and hands what a listener throws or rejects to onError, never to the teller', async () => {
    const failures: { event: string; error: unknown }[] = [];
    const signals = new ServiceEvents((event, error) => failures.push({ event, error }));
    const heard: string[] = [];
    signals.on('folders.changed', () => {
      throw new Error('sync throw');
    });
    signals.on('folders.changed', async () => {
      throw new Error('async rejection');
    });
    signals.on('folders.changed', ({ accountId }) => {
      heard.push(accountId);
    });
    expect(() => signals.notify('folders.changed', { accountId: 'acc' })).not.toThrow();
    expect(heard).toEqual(['acc']);
    await new Promise((resolve) => setImmediate(resolve));
    expect(failures.map((f) => [f.event, (f.error as Error).message])).toEqual([
      ['folders.changed', 'sync throw'],
      ['folders.changed', 'async rejection'],
    ]);
  });

  it('delivers only to listeners of that event, and not after they unsubscribe', () => {
    const signals = new ServiceEvents(() => undefined);
    const heard: string[] = [];
    const off = signals.on('sync.status', ({ status }) => {
      heard.push(status.state);
    });
    signals.on('folders.changed', () => {
      heard.push('folders');
    });
    signals.notify('sync.status', { accountId: 'a', status: { state: 'connected' } });
    off();
    signals.notify('sync.status', { accountId: 'a', status: { state: 'checking' } });
    expect(heard).toEqual(['connected']);
  });
});
