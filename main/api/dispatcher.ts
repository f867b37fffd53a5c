import type { z } from 'zod';
import { type Method, type MethodResult, methodSchemas } from '../../shared/contract';
import { ApiError, type ApiErrorShape } from '../../shared/errors';
import { DISK_FULL_MESSAGE, isDiskFull } from '../base/disk-full';
import { logger } from '../base/log';
import { handlers } from './handlers';
import type { Services } from './services';

// The one entry point for every call from a UI, whichever transport carried
// it. It refuses unknown methods, validates every argument against the
// contract's schema (the renderer is untrusted), and turns every failure into
// an ApiError the UI can show.

export type Dispatch = (method: string, args: unknown) => Promise<unknown>;

const log = logger('api');

export function createDispatcher(services: Services): Dispatch {
  return async (method, args) => {
    if (!Object.hasOwn(methodSchemas, method)) {
      throw new ApiError('unknown_method', `Unknown method: ${String(method).slice(0, 80)}`);
    }
    const name = method as Method;
    const parsed = methodSchemas[name].safeParse(args ?? {});
    if (!parsed.success) throw new ApiError('invalid_argument', describeIssues(name, parsed.error));
    const handler = handlers[name] as (services: Services, args: unknown) => Promise<MethodResult<Method>>;
    return handler(services, parsed.data);
  };
}

/** "accounts.add: incoming.port: Port must be 1–65535; email: Enter an email address ..." */
function describeIssues(method: string, error: z.ZodError): string {
  const issues = error.issues.slice(0, 5).map((issue) => {
    const path = issue.path.map(String).join('.');
    return path ? `${path}: ${issue.message}` : issue.message;
  });
  return `${method}: ${issues.join('; ')}`;
}

/** What goes over the wire for a failed call; internal errors keep their details to the log. */
export function toErrorShape(error: unknown): ApiErrorShape {
  if (error instanceof ApiError) return error.toJSON();
  if (isDiskFull(error)) {
    log.warn({ err: error }, 'the disk is full');
    return { code: 'disk_full', message: DISK_FULL_MESSAGE };
  }
  log.error({ err: error }, 'internal error');
  return { code: 'internal', message: 'Something went wrong inside Tidings. The details are in its log.' };
}
