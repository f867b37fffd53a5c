import { AsyncEntry, type EntryOptions } from '@napi-rs/keyring';
import { ApiError } from '../../shared/errors';
import { logger } from '../base/log';

// Secrets (passwords, app passwords, OAuth refresh tokens) live in the OS
// keychain: macOS Keychain, Windows Credential Manager, the Secret Service on
// Linux (GNOME Keyring, KWallet). Never in the store, settings files or logs.
// Without a reachable keychain the user is told, and secrets are kept in this
// process's memory for the run only.

export interface SecretStore {
  readonly kind: 'keychain' | 'memory';
  /** Plain words for the user when kind is 'memory'. */
  readonly message?: string;
  get(key: string): Promise<string | null>;
  set(key: string, secret: string): Promise<void>;
  delete(key: string): Promise<boolean>;
}

export const KEYCHAIN_SERVICE = 'Tidings';

// On Linux, pin entries to the Secret Service: the library would otherwise fall
// back silently to the kernel keyring, which forgets everything at reboot.
const entryOptions: EntryOptions | undefined = process.platform === 'linux' ? { linux: { store: 'secret-service' } } : undefined;

class OsKeychain implements SecretStore {
  readonly kind = 'keychain' as const;

  private entry(key: string): AsyncEntry {
    return new AsyncEntry(KEYCHAIN_SERVICE, key, entryOptions);
  }

  async get(key: string): Promise<string | null> {
    return wrap('read', () => this.entry(key).getPassword());
  }

  async set(key: string, secret: string): Promise<void> {
    await wrap('save', () => this.entry(key).setPassword(secret));
  }

  async delete(key: string): Promise<boolean> {
    return wrap('delete', () => this.entry(key).deleteCredential());
  }
}

async function wrap<T>(what: string, work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    throw new ApiError('keychain_unavailable', `Could not ${what} the password in the system keychain: ${messageOf(error)}`);
  }
}

/** Used when no keychain answers: secrets survive only until Tidings quits. */
export class MemorySecretStore implements SecretStore {
  readonly kind = 'memory' as const;
  private readonly secrets = new Map<string, string>();

  constructor(readonly message?: string) {}

  async get(key: string): Promise<string | null> {
    return this.secrets.get(key) ?? null;
  }

  async set(key: string, secret: string): Promise<void> {
    this.secrets.set(key, secret);
  }

  async delete(key: string): Promise<boolean> {
    return this.secrets.delete(key);
  }
}

/**
 * The OS keychain when one answers a read (which, unlike a write, never
 * leaves anything behind), else memory with a message saying why.
 */
export async function openSecretStore(): Promise<SecretStore> {
  if (process.env.TIDINGS_KEYCHAIN === 'memory') {
    return new MemorySecretStore('The system keychain is switched off (TIDINGS_KEYCHAIN=memory).');
  }
  try {
    // Reading an entry that does not exist answers null when the keychain works, and throws when it does not.
    await new AsyncEntry(KEYCHAIN_SERVICE, 'availability-check', entryOptions).getPassword(AbortSignal.timeout(5000));
    return new OsKeychain();
  } catch (error) {
    logger('auth').warn({ err: error }, 'no system keychain: secrets are kept in memory');
    const hint = process.platform === 'linux' ? ' Install and unlock a Secret Service keyring (GNOME Keyring or KWallet).' : '';
    return new MemorySecretStore(`No system keychain is available (${messageOf(error)}).${hint}`);
  }
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** The keychain key of an account's password. */
export function passwordKey(accountId: string): string {
  return `account:${accountId}:password`;
}
