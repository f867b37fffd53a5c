import { z } from 'zod';

// zod compiles object validators with `new Function` unless told not to. Our CSP
// has no 'unsafe-eval', so that would only produce CSP violation reports. zod
// decides when a schema is constructed, so this module must be evaluated before
// any module that builds schemas (shared/accounts.ts): import it first.
z.config({ jitless: true });
