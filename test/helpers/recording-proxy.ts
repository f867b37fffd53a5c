import net from 'node:net';

/**
 * A TCP relay on 127.0.0.1 that keeps every byte the client sent, so a test
 * can prove what did (or did not) go over the wire before TLS.
 */
export interface RecordingProxy {
  port: number;
  /** Everything clients sent, as latin1 text. */
  sent(): string;
  /** How many clients connected. */
  connections(): number;
  /** The most clients connected at one time. */
  mostAtOnce(): number;
  close(): Promise<void>;
}

export async function startRecordingProxy(targetPort: number, targetHost = '127.0.0.1'): Promise<RecordingProxy> {
  const chunks: Buffer[] = [];
  const sockets = new Set<net.Socket>();
  let connections = 0;
  let open = 0;
  let most = 0;
  const server = net.createServer((client) => {
    connections++;
    most = Math.max(most, ++open);
    client.once('close', () => open--);
    const upstream = net.connect(targetPort, targetHost);
    sockets.add(client).add(upstream);
    client.on('data', (data) => chunks.push(Buffer.from(data)));
    client.pipe(upstream).pipe(client);
    const end = () => {
      client.destroy();
      upstream.destroy();
    };
    client.on('error', end).on('close', end);
    upstream.on('error', end).on('close', end);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: (server.address() as net.AddressInfo).port,
    sent: () => Buffer.concat(chunks).toString('latin1'),
    connections: () => connections,
    mostAtOnce: () => most,
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}

/** A port on 127.0.0.1 where nothing listens (bound, then released). */
export async function closedPort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}
