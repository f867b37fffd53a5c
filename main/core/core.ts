import { join } from 'node:path';
import { AccountsService } from '../accounts/accounts-service';
import { createConnectionTester } from '../accounts/connection-test';
import { SeenCertificates } from '../accounts/seen-certificates';
import { createDispatcher, type Dispatch } from '../api/dispatcher';
import { openSecretStore, type SecretStore } from '../auth/keychain';
import { AccountsRepo } from '../store/accounts-repo';
import { CertificatesRepo } from '../store/certificates-repo';
import { openDatabase } from '../store/database';
import { EventBus } from './event-bus';
import type { Services } from './services';
import { APP_VERSION } from './version';

// The core: the store, the keychain and the mail services behind the one
// dispatcher. It runs in Electron's utilityProcess (main/app/core-process.ts)
// or inside `npm run web` (main/web/cli.ts); the same code either way.

export interface Core {
  dispatch: Dispatch;
  events: EventBus;
  services: Services;
  close(): Promise<void>;
}

export interface CoreOptions {
  dataDir: string;
  /** Tests pass their own; otherwise the OS keychain, or memory when there is none. */
  secrets?: SecretStore;
  /** Check saved accounts' servers at start (off in tests that want quiet). */
  verifyOnStart?: boolean;
}

export async function startCore(options: CoreOptions): Promise<Core> {
  const db = openDatabase(join(options.dataDir, 'tidings.sqlite'));
  const secrets = options.secrets ?? (await openSecretStore());
  const events = new EventBus();
  const certificates = new CertificatesRepo(db);
  const seen = new SeenCertificates();
  const accounts = new AccountsService({
    accounts: new AccountsRepo(db),
    certificates,
    secrets,
    tester: createConnectionTester(certificates, seen),
    seen,
    events,
    dataDir: options.dataDir,
  });
  const services: Services = {
    accounts,
    events,
    info: () => ({
      name: 'Tidings',
      version: APP_VERSION,
      dataDir: options.dataDir,
      secretStorage: secrets.kind,
      ...(secrets.message ? { secretStorageMessage: secrets.message } : {}),
    }),
  };
  if (options.verifyOnStart !== false) accounts.verifyAll();
  return {
    dispatch: createDispatcher(services),
    events,
    services,
    async close() {
      db.close();
    },
  };
}
