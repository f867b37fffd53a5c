import {
  type Account,
  type AccountUpdate,
  accountColorSchema,
  accountNameSchema,
  incomingSettingsSchema,
  passwordSchema,
  type Security,
  serverSettingsSchema,
} from '../../../shared/accounts';

// The account editor's values and the pure logic around them: the form from a
// saved account, and the accounts.update call for what the user changed (only
// that: an unchanged server is not tried again), or the errors per field.

export interface ServerValues {
  host: string;
  /** As typed; checked to be 1–65535 on save. */
  port: string;
  security: Security;
  username: string;
}

export interface AccountFormValues {
  name: string;
  /** #rrggbb, or null for the colour of its place in the list. */
  color: string | null;
  incoming: ServerValues;
  outgoing: ServerValues;
  /** A new password or app password; empty: unchanged. */
  password: string;
}

export type AccountFieldKey = 'name' | 'color' | 'password' | `${'incoming' | 'outgoing'}.${keyof ServerValues}`;
export type AccountFieldErrors = Partial<Record<AccountFieldKey, string>>;

export function formOf(account: Account): AccountFormValues {
  const server = (s: Account['outgoing']): ServerValues => ({
    host: s.host,
    port: String(s.port),
    security: s.security,
    username: s.username,
  });
  return {
    name: account.name,
    color: account.color ?? null,
    incoming: server(account.incoming),
    outgoing: server(account.outgoing),
    password: '',
  };
}

/** What to send for the changes in `values`; null when nothing changed. Errors per field when something is not valid. */
export function updateOf(account: Account, values: AccountFormValues): { update: AccountUpdate | null; errors: AccountFieldErrors } {
  const errors: AccountFieldErrors = {};
  const update: AccountUpdate = { id: account.id };
  let changed = false;

  const name = accountNameSchema.safeParse(values.name);
  if (!name.success) errors.name = name.error.issues[0]?.message ?? 'Not a name';
  else if (name.data !== account.name) {
    update.name = name.data;
    changed = true;
  }

  if (values.color !== (account.color ?? null)) {
    if (values.color !== null && !accountColorSchema.safeParse(values.color).success) errors.color = 'Choose one of the colours';
    else {
      update.color = values.color;
      changed = true;
    }
  }

  for (const side of ['incoming', 'outgoing'] as const) {
    const typed = values[side];
    const saved = account[side];
    const candidate = {
      ...(side === 'incoming' ? { protocol: account.incoming.protocol } : {}),
      host: typed.host.trim(),
      port: /^\d+$/.test(typed.port.trim()) ? Number(typed.port.trim()) : Number.NaN,
      security: typed.security,
      username: typed.username,
    };
    const parsed = (side === 'incoming' ? incomingSettingsSchema : serverSettingsSchema).safeParse(candidate);
    if (!parsed.success) {
      for (const issue of parsed.error.issues) {
        const field = String(issue.path[0]) as keyof ServerValues;
        const key = `${side}.${field}` as AccountFieldKey;
        errors[key] ??= field === 'port' && Number.isNaN(candidate.port) ? 'Port must be a whole number' : issue.message;
      }
      continue;
    }
    const same =
      parsed.data.host === saved.host &&
      parsed.data.port === saved.port &&
      parsed.data.security === saved.security &&
      parsed.data.username === saved.username;
    if (!same) {
      if (side === 'incoming') update.incoming = parsed.data as Account['incoming'];
      else update.outgoing = parsed.data;
      changed = true;
    }
  }

  if (values.password !== '') {
    const password = passwordSchema.safeParse(values.password);
    if (!password.success) errors.password = password.error.issues[0]?.message ?? 'Not a password';
    else {
      update.password = password.data;
      changed = true;
    }
  }

  return { update: changed && Object.keys(errors).length === 0 ? update : null, errors };
}

/** Whether saving would try the sign-in (new servers or password): the button says "Test and save". */
export function triesSignIn(update: AccountUpdate | null): boolean {
  return update !== null && (update.incoming !== undefined || update.outgoing !== undefined || update.password !== undefined);
}
