import type { z } from 'zod';
import type { TransferMethodResults, transferMethodSchemas } from '../../shared/transfer';
import type { Services } from './services';

// Import and export (main/import/transfer-service.ts).

type Handlers = {
  [M in keyof typeof transferMethodSchemas]: (
    services: Services,
    args: z.output<(typeof transferMethodSchemas)[M]>,
  ) => Promise<TransferMethodResults[M]>;
};

export const transferHandlers: Handlers = {
  'import.list': async (s) => s.transfer.list(),
  'import.start': async (s, spec) => s.transfer.start(spec),
  'import.stop': async (s, { id }) => s.transfer.stop(id),
  'import.resume': async (s, { id }) => s.transfer.resume(id),
  'import.forget': async (s, { id }) => {
    await s.transfer.forget(id);
    return { forgotten: true };
  },
  'import.thunderbirdProfiles': async (s) => s.transfer.thunderbirdProfiles(),
  'import.uploadBegin': async (s, { files }) => s.transferFiles.beginUpload(files),
  'import.uploadChunk': async (s, { uploadId, file, offset, data }) => ({
    received: await s.transferFiles.uploadChunk(uploadId, file, offset, data),
  }),
  'export.mbox': async (s, { scope }) => s.transfer.exportMbox(scope),
  'export.read': async (s, { exportId, offset, length }) => ({ data: await s.transferFiles.readExport(exportId, offset, length) }),
  'export.discard': async (s, { exportId }) => {
    await s.transferFiles.discardExport(exportId);
    return { discarded: true };
  },
  'export.toPath': async (s, { grant, what }) => {
    const path = s.transferFiles.granted(grant);
    const result = 'mbox' in what ? await s.transfer.exportMboxTo(path, what.mbox) : await s.transfer.exportMaildir(path, what.maildir);
    return { messages: result.messages, path };
  },
};
