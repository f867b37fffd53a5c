import type { Page } from 'playwright-core';
import type { TestServers, TestUser } from '../servers/types';

// The wizard's manual form, filled as a person would, for the e2e tests that
// need an account and are not about the form itself (add-account and
// setup-wizard test the form field by field). Opens the app at `url`, takes
// the wizard's way to the manual form ("Add account", "Set up manually") and
// ends with Save clicked. Outgoing mail goes to the run's Postfix over
// implicit TLS.

export interface ManualAccount {
  name: string;
  user: TestUser;
  protocol: 'IMAP' | 'POP3';
  /** The incoming server (or a relay in front of it), over SSL/TLS. */
  host: string;
  port: number;
}

export async function addAccountByHand(page: Page, url: string, servers: TestServers, account: ManualAccount): Promise<void> {
  const field = (label: string) => page.getByLabel(label, { exact: true });
  await page.goto(url);
  await page.getByRole('button', { name: 'Add account' }).first().click();
  await page.getByRole('button', { name: 'Set up manually' }).click();
  await field('Your name').fill(account.name);
  await field('Email address').fill(account.user.address);
  await field('Password').fill(account.user.password);
  await field('Incoming server type').selectOption({ label: account.protocol });
  await field('Incoming security').selectOption({ label: 'SSL/TLS' });
  await field('Incoming server').fill(account.host);
  await field('Incoming port').fill(String(account.port));
  await field('Incoming username').fill(account.user.address);
  await field('Outgoing security').selectOption({ label: 'SSL/TLS' });
  await field('Outgoing server').fill(servers.postfix.host);
  await field('Outgoing port').fill(String(servers.postfix.ports.submissions));
  await field('Outgoing username').fill(account.user.address);
  await page.getByRole('button', { name: 'Save', exact: true }).click();
}
