import { type ComposeSettings, DEFAULT_UNDO_SECONDS, type Identity, type IdentityInput } from '../../shared/compose';
import { ApiError } from '../../shared/errors';
import { newId } from '../base/ids';
import type { AccountsRepo, StoredAccount } from '../store/accounts-repo';
import type { ComposeSettingsRepo } from '../store/compose-settings-repo';
import type { IdentitiesRepo } from '../store/identities-repo';

// Who an account sends as (identities) and how it composes (settings). An
// account that never had identities gets one from its own name and address.

/** Where the copy of a sent message goes: appended by us over IMAP, filed by the server, or kept in the local Sent folder only (POP3). */
export type SentCopyPolicy = 'append' | 'server' | 'local';

export class IdentityService {
  constructor(
    private readonly deps: {
      accounts: AccountsRepo;
      identities: IdentitiesRepo;
      settings: ComposeSettingsRepo;
      /** Whether the provider files sent mail in Sent itself, when the user has not said (main/accounts/provider-facts.ts). */
      serverFilesSent(account: StoredAccount): boolean;
      /** The global undo-send delay (store/settings-repo.ts), for accounts that chose none; absent: DEFAULT_UNDO_SECONDS. */
      defaultUndoSeconds?: () => number;
    },
  ) {}

  list(accountId?: string): Identity[] {
    const accounts = accountId ? [this.account(accountId)] : this.deps.accounts.list();
    return accounts.flatMap((account) => this.ofAccount(account));
  }

  set(accountId: string, inputs: readonly IdentityInput[]): Identity[] {
    this.account(accountId);
    const known = new Set(this.ofAccount(this.account(accountId)).map((i) => i.id));
    const identities = inputs.map(
      (input): Identity => ({
        id: input.id && (known.has(input.id) || !this.deps.identities.get(input.id)) ? input.id : newId('i'),
        accountId,
        name: input.name.trim(),
        address: input.address,
        replyTo: input.replyTo,
        signature: input.signature,
        signatureHtml: input.signatureHtml ?? null,
        isDefault: input.isDefault,
      }),
    );
    this.deps.identities.replace(accountId, identities);
    return this.deps.identities.list(accountId);
  }

  /** The identity to send as: the given one when it belongs to the account, else the account's default. */
  resolve(accountId: string, identityId: string | null): Identity {
    const identities = this.ofAccount(this.account(accountId));
    const chosen = identityId ? identities.find((i) => i.id === identityId) : undefined;
    if (identityId && !chosen) throw new ApiError('invalid_argument', 'That identity does not belong to this account (any more).');
    return chosen ?? identities.find((i) => i.isDefault) ?? (identities[0] as Identity);
  }

  /** Every address the user sends from (all accounts), lower-case: left out of "reply all". */
  ownAddresses(): Set<string> {
    const addresses = new Set<string>();
    for (const account of this.deps.accounts.list()) {
      addresses.add(account.email.toLowerCase());
      for (const identity of this.ofAccount(account)) addresses.add(identity.address.toLowerCase());
    }
    return addresses;
  }

  settings(accountId: string): ComposeSettings {
    const account = this.account(accountId);
    const stored = this.deps.settings.get(accountId);
    return {
      accountId,
      format: stored.format ?? 'html',
      sentByServer: stored.sentByServer ?? this.deps.serverFilesSent(account),
      sentByServerOverride: stored.sentByServer,
      undoSeconds: stored.undoSeconds ?? this.deps.defaultUndoSeconds?.() ?? DEFAULT_UNDO_SECONDS,
    };
  }

  setSettings(
    accountId: string,
    change: { format?: 'html' | 'plain' | undefined; sentByServerOverride?: boolean | null | undefined; undoSeconds?: number | undefined },
  ): ComposeSettings {
    this.account(accountId);
    const stored = this.deps.settings.get(accountId);
    this.deps.settings.setChoices(accountId, {
      format: change.format ?? stored.format,
      sentByServer: change.sentByServerOverride === undefined ? stored.sentByServer : change.sentByServerOverride,
      undoSeconds: change.undoSeconds ?? stored.undoSeconds,
    });
    return this.settings(accountId);
  }

  sentCopyPolicy(accountId: string): SentCopyPolicy {
    const account = this.account(accountId);
    // POP3 has no server folders: the copy lives in the local folder with role 'sent'.
    if (account.incoming.protocol === 'pop3') return 'local';
    return this.settings(accountId).sentByServer ? 'server' : 'append';
  }

  account(accountId: string): StoredAccount {
    const account = this.deps.accounts.get(accountId);
    if (!account) throw new ApiError('not_found', 'That account does not exist (any more).');
    return account;
  }

  private ofAccount(account: StoredAccount): Identity[] {
    const stored = this.deps.identities.list(account.id);
    if (stored.length > 0) return stored;
    const first: Identity = {
      id: newId('i'),
      accountId: account.id,
      name: account.name,
      address: account.email,
      replyTo: null,
      signature: '',
      signatureHtml: null,
      isDefault: true,
    };
    this.deps.identities.replace(account.id, [first]);
    return [first];
  }
}
