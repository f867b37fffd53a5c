import type { z } from 'zod';
import type { Method, MethodResult, methodSchemas } from '../../shared/contract';
import { ApiError } from '../../shared/errors';
import { composeHandlers } from './compose-handlers';
import type { Services } from './services';
import { transferHandlers } from './transfer-handlers';

// One handler per method of the contract; arguments arrive already validated.
// TypeScript checks that every method has exactly one handler.

type Handlers = {
  [M in Method]: (services: Services, args: z.output<(typeof methodSchemas)[M]>) => Promise<MethodResult<M>>;
};

export const handlers: Handlers = {
  'app.info': async (s) => s.info(),
  'accounts.list': async (s) => s.accounts.list(),
  'accounts.discover': async (s, { email }) => s.accounts.discover(email),
  'accounts.test': async (s, draft) => s.accounts.test(draft),
  'accounts.add': async (s, draft) => s.accounts.add(draft),
  'accounts.verify': async (s, { id }) => s.accounts.verify(id),
  'accounts.setOptions': async (s, { id, options }) => s.accounts.setOptions(id, options),
  'accounts.update': async (s, change) => s.accounts.update(change),
  'accounts.reorder': async (s, { ids }) => s.accounts.reorder(ids),
  'accounts.remove': async (s, { id }) => {
    await s.accounts.remove(id);
    return { removed: true };
  },
  'certificates.trust': async (s, { host, port, fingerprint256 }) => {
    s.accounts.trustCertificate(host, port, fingerprint256);
    return { trusted: true };
  },
  'certificates.list': async (s) => s.accounts.trustedCertificates(),
  'certificates.revoke': async (s, { host, port, fingerprint256 }) => {
    await s.accounts.revokeCertificate(host, port, fingerprint256);
    return { revoked: true };
  },
  'folders.list': async (s, { accountId }) => s.mail.listFolders(accountId),
  'messages.page': async (s, { folderId, ...page }) => s.mail.page(folderId, page),
  'messages.view': async (s, { view, ...page }) => s.mail.view(view, page),
  'views.list': async (s) => s.mail.viewCounts(),
  'messages.conversations': async (s, { folderId, offset, limit }) => s.mail.conversations(folderId, offset, limit),
  'messages.thread': async (s, { threadId, folderId }) => s.mail.thread(threadId, folderId),
  'messages.get': async (s, { id }) => s.mail.get(id),
  'messages.source': async (s, { id }) => s.mail.source(id),
  'messages.attachment': async (s, { id, index }) => s.mail.attachment(id, index),
  'messages.openAttachment': async (s, { id, index }) => s.mail.openAttachment(id, index),
  'messages.setFlags': async (s, { ids, seen, flagged }) => ({
    changed: s.mail.setFlags(ids, { ...(seen === undefined ? {} : { seen }), ...(flagged === undefined ? {} : { flagged }) }),
  }),
  'messages.move': async (s, { ids, folderId }) => ({ moved: s.mail.move(ids, folderId) }),
  'messages.delete': async (s, { ids }) => ({ deleted: s.mail.delete(ids) }),
  'messages.archive': async (s, { ids }) => ({ archived: s.mail.archive(ids) }),
  'messages.searchServer': (s, { accountId, query, folderId, limit, exceptLocal }) =>
    s.mail.searchServer(accountId, query, folderId, limit, exceptLocal),
  'messages.junk': async (s, { ids }) => ({ moved: s.mail.junk(ids) }),
  'messages.notJunk': async (s, { ids }) => ({ moved: s.mail.notJunk(ids) }),
  'messages.unsubscribe': async (s, { id }) => s.compose.unsubscribe(id),
  'messages.setLabels': async (s, { ids, add, remove }) => ({ changed: s.mail.setLabels(ids, { add, remove }) }),
  'messages.allowRemoteContent': async (s, { id, scope }) => {
    s.mail.allowRemoteContent(id, scope);
    return { allowed: true };
  },
  'messages.search': async (s, args) => s.mail.search(args),
  'folders.create': async (s, { accountId, name, parentId }) => s.folders.create(accountId, name, parentId),
  'folders.rename': async (s, { id, name }) => s.folders.rename(id, name),
  'folders.delete': async (s, { id }) => {
    await s.folders.delete(id);
    return { deleted: true };
  },
  'oauth.providers': async (s) => s.oauth.providers(),
  'oauth.begin': async (s, { provider, email }) => s.oauth.begin(provider, email),
  'oauth.wait': async (s, { flowId }) => s.oauth.wait(flowId),
  'oauth.cancel': async (s, { flowId }) => {
    s.oauth.cancel(flowId);
    return { cancelled: true };
  },
  'oauth.reauthorize': async (s, { accountId }) => s.oauth.reauthorize(accountId),
  'sync.now': async (s, { accountId }) => {
    if (!s.syncs.poke(accountId)) throw new ApiError('not_found', 'That account has no sync (it may have been removed).');
    return { started: true };
  },
  'settings.get': async (s) => s.settings.get(),
  'settings.set': async (s, { change }) => {
    const settings = s.settings.set(change);
    s.events.emit('settings.changed', settings);
    return settings;
  },
  ...composeHandlers,
  ...transferHandlers,
};
