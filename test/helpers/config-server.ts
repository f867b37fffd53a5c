import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:https';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

// A stand-in for autoconfig and ISPDB web servers: HTTPS on 127.0.0.1 with a
// certificate from the run's test CA, answering from a table that tests change
// as they go, and recording every request.

export interface ConfigServer {
  port: number;
  /** Path (with query) → body; anything else is a 404. */
  files: Map<string, string>;
  requests: string[];
  /** While set, answers wait for it (a test can look at the app while it is still asking). */
  gate: Promise<void> | null;
  close(): Promise<void>;
}

/** A certificate for these DNS names (and 127.0.0.1), signed by the test CA in caDir. */
export async function issueCertificate(caDir: string, names: string[]): Promise<{ cert: string; key: string }> {
  const work = await mkdtemp(join(tmpdir(), 'tidings-cert-'));
  const run = promisify(execFile);
  try {
    await run('openssl', ['genpkey', '-algorithm', 'EC', '-pkeyopt', 'ec_paramgen_curve:P-256', '-out', join(work, 'key.pem')]);
    await run('openssl', [
      'req',
      '-new',
      '-key',
      join(work, 'key.pem'),
      '-subj',
      `/O=Tidings tests/CN=${names[0]}`,
      '-out',
      join(work, 'req.csr'),
    ]);
    const san = [...names.map((name) => `DNS:${name}`), 'IP:127.0.0.1'].join(', ');
    await writeFile(
      join(work, 'ext.cnf'),
      `basicConstraints = critical, CA:FALSE\nkeyUsage = critical, digitalSignature\nextendedKeyUsage = serverAuth\nsubjectAltName = ${san}\n`,
    );
    await run('openssl', [
      'x509',
      '-req',
      '-sha256',
      '-days',
      '2',
      '-in',
      join(work, 'req.csr'),
      '-CA',
      join(caDir, 'ca.pem'),
      '-CAkey',
      join(caDir, 'ca.key'),
      '-set_serial',
      `0x${Date.now().toString(16)}`,
      '-extfile',
      join(work, 'ext.cnf'),
      '-out',
      join(work, 'cert.pem'),
    ]);
    return { cert: await readFile(join(work, 'cert.pem'), 'utf8'), key: await readFile(join(work, 'key.pem'), 'utf8') };
  } finally {
    await rm(work, { recursive: true, force: true });
  }
}

export async function startConfigServer(tls: { cert: string; key: string }): Promise<ConfigServer> {
  const files = new Map<string, string>();
  const requests: string[] = [];
  const state: ConfigServer = {
    port: 0,
    files,
    requests,
    gate: null,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
  const server: Server = createServer(tls, async (request, response) => {
    const path = request.url ?? '/';
    requests.push(`${request.headers.host ?? ''}${path}`);
    if (state.gate) await state.gate;
    const body = files.get(path);
    if (body === undefined) return void response.writeHead(404).end('not found');
    response.writeHead(200, { 'content-type': 'application/xml' }).end(body);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  state.port = (server.address() as AddressInfo).port;
  return state;
}

/** A config-v1.1.xml for the test servers. */
export function testConfigXml(options: {
  imap?: { host: string; port: number; socket?: 'SSL' | 'STARTTLS' };
  pop3?: { host: string; port: number; socket?: 'SSL' | 'STARTTLS' };
  smtp?: { host: string; port: number; socket?: 'SSL' | 'STARTTLS' };
  domain?: string;
}): string {
  const server = (kind: string, type: string, s: { host: string; port: number; socket?: string }) =>
    `    <${kind} type="${type}">
      <hostname>${s.host}</hostname>
      <port>${s.port}</port>
      <socketType>${s.socket ?? 'SSL'}</socketType>
      <username>%EMAILADDRESS%</username>
      <authentication>password-cleartext</authentication>
    </${kind}>`;
  return `<?xml version="1.0" encoding="UTF-8"?>
<clientConfig version="1.1">
  <emailProvider id="${options.domain ?? 'example.test'}">
    <domain>${options.domain ?? 'example.test'}</domain>
    <displayName>Example Test Mail</displayName>
${options.imap ? server('incomingServer', 'imap', options.imap) : ''}
${options.pop3 ? server('incomingServer', 'pop3', options.pop3) : ''}
${options.smtp ? server('outgoingServer', 'smtp', options.smtp) : ''}
  </emailProvider>
</clientConfig>
`;
}
