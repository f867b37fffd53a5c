import type { z } from 'zod';
import type { Method, MethodResult, methodSchemas } from '../../shared/contract';
import type { Services } from '../core/services';

// One handler per method of the contract; arguments arrive already validated.
// TypeScript checks that every method has exactly one handler.

type Handlers = {
  [M in Method]: (services: Services, args: z.output<(typeof methodSchemas)[M]>) => Promise<MethodResult<M>>;
};

export const handlers: Handlers = {
  'app.info': async (s) => s.info(),
  'accounts.list': async (s) => s.accounts.list(),
  'accounts.test': async (s, draft) => s.accounts.test(draft),
  'accounts.add': async (s, draft) => s.accounts.add(draft),
  'accounts.verify': async (s, { id }) => s.accounts.verify(id),
  'accounts.remove': async (s, { id }) => {
    await s.accounts.remove(id);
    return { removed: true };
  },
  'certificates.trust': async (s, { host, port, fingerprint256 }) => {
    s.accounts.trustCertificate(host, port, fingerprint256);
    return { trusted: true };
  },
};
