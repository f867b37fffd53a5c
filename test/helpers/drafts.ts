import type { AccountDraft, Security } from '../../shared/accounts';
import type { TestServers, TestUser } from '../servers/types';
import { type ImapServer, type ImapServerName, imapServer } from './imap-servers';

type User = keyof TestServers['users'] | TestUser;

/** An "Add account" form filled in for a test user against the test servers (IMAP on Dovecot, or on Cyrus with `imapServer: 'cyrus'`). */
export function draftFor(
  servers: TestServers,
  options: {
    user?: User;
    password?: string;
    protocol?: 'imap' | 'pop3';
    incomingSecurity?: Security;
    outgoingSecurity?: Security;
    imapServer?: ImapServerName | ImapServer;
  } = {},
): AccountDraft {
  const user = typeof options.user === 'object' ? options.user : servers.users[options.user ?? 'alice'];
  const protocol = options.protocol ?? 'imap';
  const incomingSecurity = options.incomingSecurity ?? 'tls';
  const outgoingSecurity = options.outgoingSecurity ?? 'tls';
  const ports = servers.dovecot.ports;
  const imap = imapServer(servers, options.imapServer ?? 'dovecot');
  const incomingPort =
    protocol === 'imap' ? (incomingSecurity === 'tls' ? imap.imaps : imap.imap) : incomingSecurity === 'tls' ? ports.pop3s : ports.pop3;
  return {
    name: 'Test User',
    email: user.address,
    password: options.password ?? user.password,
    incoming: {
      protocol,
      host: protocol === 'imap' ? imap.host : servers.dovecot.host,
      port: incomingPort,
      security: incomingSecurity,
      username: user.address,
    },
    outgoing: {
      host: servers.postfix.host,
      port: outgoingSecurity === 'tls' ? servers.postfix.ports.submissions : servers.postfix.ports.submission,
      security: outgoingSecurity,
      username: user.address,
    },
  };
}
