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
  /** The plain-text signature (with `formatted`, the text of the formatted one). */
  signature: string;
  /** Whether the signature is formatted (bold, links, lists): then `signatureHtml` is it. */
  formatted: boolean;
  signatureHtml: string;
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
    formatted: identity.signatureHtml !== null,
    signatureHtml: identity.signatureHtml ?? '',
    isDefault: identity.isDefault,
  };
}

/**
 * A plain signature as the formatted editor starts it ("Formatted" turned on):
 * its lines stay lines (a line break, not a paragraph each, so the plain part
 * made from it reads as it did); a blank line starts a paragraph.
 */
export function signatureTextToHtml(text: string): string {
  const paragraphs = text
    .replace(/\r\n?/g, '\n')
    .trim()
    .split(/\n\s*\n/);
  return paragraphs
    .filter((p) => p.trim() !== '')
    .map((p) => `<p>${p.split('\n').map(escapeText).join('<br>')}</p>`)
    .join('');
}

function escapeText(line: string): string {
  return line.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
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
    formatted: false,
    signatureHtml: '',
    isDefault: false,
  };
}

const FIELD_WORDS: Record<string, string> = {
  name: 'Enter a name on one line, up to 200 characters.',
  address: 'Enter an email address, like name@example.com.',
  replyTo: 'Enter an email address, or leave it empty.',
  signature: 'A signature has at most 10,000 characters.',
  signatureHtml: 'A formatted signature is too long (at most 50,000 characters of HTML).',
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
      signatureHtml: values.formatted ? values.signatureHtml : null,
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
