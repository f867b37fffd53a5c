import { type AccountDraft, accountDraftSchema, defaultPort, type IncomingProtocol, type Security } from '../../../shared/accounts';

// The "Add account" form's values and the pure logic around them: which values
// follow defaults, what the draft sent to the core looks like, and which field
// each validation error belongs to.

/**
 * Fields that follow a default until the user types into them. `null` means
 * "not edited: show the default"; a string (even an empty one) is the user's.
 */
export interface ServerForm {
  host: string | null;
  port: string | null;
  username: string | null;
  security: Security;
}

export interface FormValues {
  name: string;
  email: string;
  password: string;
  protocol: IncomingProtocol;
  incoming: ServerForm;
  outgoing: ServerForm;
}

export type ServerSide = 'incoming' | 'outgoing';

export const INITIAL_VALUES: FormValues = {
  name: '',
  email: '',
  password: '',
  protocol: 'imap',
  incoming: { host: null, port: null, username: null, security: 'tls' },
  outgoing: { host: null, port: null, username: null, security: 'tls' },
};

/** The domain of an address, if it looks like one we can guess host names from. */
function emailDomain(email: string): string | null {
  const trimmed = email.trim();
  const domain = trimmed.slice(trimmed.lastIndexOf('@') + 1).toLowerCase();
  if (!trimmed.includes('@') || !/^[a-z0-9-]+(\.[a-z0-9-]+)+$/.test(domain)) return null;
  return domain;
}

/** What each server field shows: the user's text, or the default derived from the other fields. */
export function shownServer(values: FormValues, side: ServerSide) {
  const server = values[side];
  const domain = emailDomain(values.email);
  const kind = side === 'incoming' ? values.protocol : 'smtp';
  const hostPrefix = kind === 'imap' ? 'imap' : kind === 'pop3' ? 'pop' : 'smtp';
  return {
    host: server.host ?? (domain ? `${hostPrefix}.${domain}` : ''),
    port: server.port ?? String(defaultPort(kind, server.security)),
    username: server.username ?? values.email.trim(),
    security: server.security,
  };
}

export type FieldKey = 'name' | 'email' | 'password' | `${ServerSide}.${'protocol' | 'host' | 'port' | 'security' | 'username'}`;

export type FieldErrors = Partial<Record<FieldKey, string>>;

/** Order of the fields on screen, so "focus the first invalid field" means the top-most one. */
export const FIELD_ORDER: FieldKey[] = [
  'name',
  'email',
  'password',
  'incoming.protocol',
  'incoming.host',
  'incoming.port',
  'incoming.security',
  'incoming.username',
  'outgoing.host',
  'outgoing.port',
  'outgoing.security',
  'outgoing.username',
];

const PORT_MESSAGE = 'Enter a port number from 1 to 65535';

function parsePort(text: string): number {
  return /^\s*\d{1,5}\s*$/.test(text) ? Number(text) : Number.NaN;
}

export interface Validation {
  draft: AccountDraft | null;
  errors: FieldErrors;
}

/** Validate with the same schema the core applies, and file each error under its field. */
export function validate(values: FormValues): Validation {
  const incoming = shownServer(values, 'incoming');
  const outgoing = shownServer(values, 'outgoing');
  const input = {
    name: values.name,
    email: values.email,
    password: values.password,
    incoming: {
      protocol: values.protocol,
      host: incoming.host,
      port: parsePort(incoming.port),
      security: incoming.security,
      username: incoming.username,
    },
    outgoing: {
      host: outgoing.host,
      port: parsePort(outgoing.port),
      security: outgoing.security,
      username: outgoing.username,
    },
  };
  const result = accountDraftSchema.safeParse(input);
  if (result.success) return { draft: result.data, errors: {} };

  const errors: FieldErrors = {};
  for (const issue of result.error.issues) {
    const key = issue.path.join('.') as FieldKey;
    // zod's wording for NaN ("expected number") means nothing to a user.
    const message = key.endsWith('.port') && issue.code === 'invalid_type' ? PORT_MESSAGE : issue.message;
    errors[key] ??= message;
  }
  return { draft: null, errors };
}

/** A stable key for a draft, to tell whether a test result belongs to the current values. */
export function draftKey(draft: AccountDraft): string {
  return JSON.stringify(draft);
}
