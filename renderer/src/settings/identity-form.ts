import type { Account } from '../../../shared/accounts';
import { type Identity, type IdentityInput, identityInputSchema } from '../../../shared/compose';

// The values of the identities editor (IdentitiesEditor.tsx) and the
// identities.set list they make: pure, unit tested.

export interface IdentityValues {
  /** React's key: the id of a saved one, a fresh one for a new row. */
  key: string;
  id: string | undefined;
  name: string;
  address: string;
  /** '' = none. */
  replyTo: string;
  signature: string;
  isDefault: boolean;
}

export function valuesOf(identity: Identity): IdentityValues {
  return {
    key: identity.id,
    id: identity.id,
    name: identity.name,
    address: identity.address,
    replyTo: identity.replyTo ?? '',
    signature: identity.signature,
    isDefault: identity.isDefault,
  };
}

let fresh = 0;

/** A new row: the account's name, an address to fill in. */
export function blankIdentity(account: Pick<Account, 'name' | 'email'>): IdentityValues {
  fresh += 1;
  return {
    key: `new-${fresh}`,
    id: undefined,
    name: account.name && account.name !== account.email ? account.name : '',
    address: '',
    replyTo: '',
    signature: '',
    isDefault: false,
  };
}

const FIELD_WORDS: Record<string, string> = {
  name: 'Enter a name on one line, up to 200 characters.',
  address: 'Enter an email address, like name@example.com.',
  replyTo: 'Enter an email address, or leave it empty.',
  signature: 'A signature has at most 10,000 characters.',
};

/**
 * The list for identities.set, or, when a field is not right, the words for
 * each such field by its input's id (`identity-<row>-<field>`).
 */
export function identityInputsOf(list: readonly IdentityValues[]): { inputs: IdentityInput[] | null; errors: Record<string, string> } {
  const errors: Record<string, string> = {};
  const inputs: IdentityInput[] = [];
  list.forEach((values, row) => {
    const parsed = identityInputSchema.safeParse({
      ...(values.id ? { id: values.id } : {}),
      name: values.name.trim(),
      address: values.address.trim(),
      replyTo: values.replyTo.trim() || null,
      signature: values.signature,
      isDefault: values.isDefault,
    });
    if (parsed.success) inputs.push(parsed.data);
    else {
      for (const issue of parsed.error.issues) {
        const field = String(issue.path[0] ?? 'name');
        errors[`identity-${row}-${field}`] ??= FIELD_WORDS[field] ?? issue.message;
      }
    }
  });
  return { inputs: Object.keys(errors).length > 0 ? null : inputs, errors };
}
