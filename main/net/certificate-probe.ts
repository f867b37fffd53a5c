import net, { isIP } from 'node:net';
import tls from 'node:tls';

// When verification of a server's certificate fails, the failed connection is
// already gone and Node no longer lets us read the certificate. To show the
// user what they are asked to trust (issuer, fingerprint), we connect once more
// to read it. This connection sends no credentials and no data beyond what is
// needed to start TLS (for STARTTLS), and is closed as soon as the handshake
// is done: verification is deliberately not enforced on it, because reading
// the untrusted certificate is its whole purpose.

export type ProbeMode = 'tls' | 'starttls-imap' | 'starttls-pop3' | 'starttls-smtp';

const PROBE_TIMEOUT_MS = 10_000;

/** The PEM of the certificate host:port presents. */
export async function readPresentedCertificate(host: string, port: number, mode: ProbeMode): Promise<string> {
  const deadline = AbortSignal.timeout(PROBE_TIMEOUT_MS);
  const plain = mode === 'tls' ? undefined : await startTlsNegotiation(host, port, mode, deadline);
  return new Promise<string>((resolve, reject) => {
    const socket = tls.connect({
      host,
      port,
      socket: plain,
      servername: isIP(host) ? undefined : host,
      // Read-only probe, see the comment at the top: nothing is sent over it.
      rejectUnauthorized: false,
    });
    const fail = (error: Error) => {
      socket.destroy();
      reject(error);
    };
    deadline.addEventListener('abort', () => fail(new Error('Timed out reading the server certificate')), { once: true });
    socket.once('error', fail);
    socket.once('secureConnect', () => {
      const cert = socket.getPeerCertificate(false);
      socket.end();
      socket.destroy();
      if (!cert?.raw) return reject(new Error('The server presented no certificate'));
      resolve(derToPem(cert.raw));
    });
  });
}

function derToPem(der: Buffer): string {
  const base64 = der.toString('base64').replace(/.{64}/g, '$&\n');
  return `-----BEGIN CERTIFICATE-----\n${base64.replace(/\n$/, '')}\n-----END CERTIFICATE-----\n`;
}

/** Speak just enough IMAP, POP3 or SMTP to be allowed to start TLS; returns the plain socket. */
async function startTlsNegotiation(
  host: string,
  port: number,
  mode: Exclude<ProbeMode, 'tls'>,
  deadline: AbortSignal,
): Promise<net.Socket> {
  const socket = net.connect({ host, port });
  const lines = lineReader(socket, deadline);
  try {
    if (mode === 'starttls-imap') {
      await lines.until((line) => line.startsWith('* '));
      socket.write('P1 STARTTLS\r\n');
      await lines.until(
        (line) => line.startsWith('P1 '),
        (line) => line.startsWith('P1 OK'),
      );
    } else if (mode === 'starttls-pop3') {
      await lines.until(
        (line) => line.startsWith('+OK') || line.startsWith('-ERR'),
        (line) => line.startsWith('+OK'),
      );
      socket.write('STLS\r\n');
      await lines.until(
        (line) => line.startsWith('+OK') || line.startsWith('-ERR'),
        (line) => line.startsWith('+OK'),
      );
    } else {
      await lines.until(
        (line) => /^\d{3} /.test(line),
        (line) => line.startsWith('220'),
      );
      socket.write('EHLO tidings.invalid\r\n');
      await lines.until(
        (line) => /^\d{3} /.test(line),
        (line) => line.startsWith('250'),
      );
      socket.write('STARTTLS\r\n');
      await lines.until(
        (line) => /^\d{3} /.test(line),
        (line) => line.startsWith('220'),
      );
    }
    lines.detach();
    return socket;
  } catch (error) {
    socket.destroy();
    throw error;
  }
}

/** Waits for the line that ends a response; `accept` says whether it is a success. */
function lineReader(socket: net.Socket, deadline: AbortSignal) {
  let buffer = '';
  let waiter: ((line: string) => void) | undefined;
  let failure: Error | undefined;
  let failWaiter: ((error: Error) => void) | undefined;
  const onData = (chunk: Buffer) => {
    buffer += chunk.toString('latin1');
    if (buffer.length > 64 * 1024) onError(new Error('The server sent an overlong line'));
    let index = buffer.indexOf('\n');
    while (index >= 0 && waiter) {
      const line = buffer.slice(0, index).replace(/\r$/, '');
      buffer = buffer.slice(index + 1);
      waiter(line);
      index = buffer.indexOf('\n');
    }
  };
  const onError = (error: Error) => {
    failure = error;
    failWaiter?.(error);
  };
  const onClose = () => onError(new Error('The server closed the connection'));
  const onAbort = () => onError(new Error('Timed out talking to the server'));
  socket.on('data', onData);
  socket.on('error', onError);
  socket.on('close', onClose);
  deadline.addEventListener('abort', onAbort, { once: true });

  return {
    until(isLast: (line: string) => boolean, accept: (line: string) => boolean = () => true): Promise<string> {
      return new Promise((resolve, reject) => {
        if (failure) return reject(failure);
        failWaiter = reject;
        waiter = (line) => {
          if (!isLast(line)) return;
          waiter = undefined;
          if (accept(line)) resolve(line);
          else reject(new Error(`The server refused to start TLS: ${line}`));
        };
        onData(Buffer.alloc(0));
      });
    },
    detach() {
      socket.off('data', onData);
      socket.off('error', onError);
      socket.off('close', onClose);
      deadline.removeEventListener('abort', onAbort);
    },
  };
}
