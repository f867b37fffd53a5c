import net from 'node:net';

// A TCP relay in front of a plain-text SMTP port that watches the dialogue,
// to stop a client at an exact point of a submission: it calls `hook` (which
// kills the client) when the chosen moment comes, once, and is a plain relay
// afterwards. It also counts the messages the server accepted ("250 ... queued").
//
//   'mail'  the client sent MAIL FROM: it is not passed on (nothing reached the server)
//   'dot'   the client sent the final "." of DATA: it is passed on, the server's reply is not
//   'dot-held'  the client sent the final "." of DATA: it is not passed on (the server never completes the message)
//   'quit'  the client sent QUIT after the server's 250: not passed on
//   'dot-paused'  the client sent the final "." of DATA: it is passed on, the
//           server's replies wait until the promise `hook` returns settles
//           (the test changes the world meanwhile, e.g. fills the disk), then go on

export type TapPoint = 'mail' | 'dot' | 'dot-held' | 'quit' | 'dot-paused';

export interface SmtpTap {
  port: number;
  /** Messages the server accepted through this relay. */
  readonly accepted: number;
  arm(point: TapPoint, hook: () => unknown): void;
  close(): Promise<void>;
}

export async function startSmtpTap(targetPort: number, targetHost = '127.0.0.1'): Promise<SmtpTap> {
  const sockets = new Set<net.Socket>();
  let armed: { point: TapPoint; hook: () => unknown } | undefined;
  let accepted = 0;
  const server = net.createServer((client) => {
    const upstream = net.connect(targetPort, targetHost);
    sockets.add(client).add(upstream);
    let holdReplies = false;
    /** Replies kept back while a 'dot-paused' hook runs; undefined when none are. */
    let paused: Buffer[] | undefined;
    let awaitingReply = false;
    // The end of the last chunk, so that a "\r\n.\r\n" split across two chunks is still seen.
    let tail = '';
    upstream.on('data', (chunk: Buffer) => {
      const text = chunk.toString('latin1');
      accepted += (text.match(/^250 [^\r\n]*queued/gm) ?? []).length;
      if (awaitingReply && /^250 /m.test(text)) {
        awaitingReply = false;
        if (client.destroyed) upstream.end('QUIT\r\n');
      }
      if (paused) paused.push(chunk);
      else if (!holdReplies && !client.destroyed) client.write(chunk);
    });
    client.on('data', (chunk: Buffer) => {
      const text = tail + chunk.toString('latin1');
      tail = text.slice(-4);
      const fire = () => {
        const hook = armed?.hook;
        armed = undefined;
        hook?.();
      };
      if (armed?.point === 'mail' && /^MAIL FROM:/im.test(text)) return fire();
      if (armed?.point === 'quit' && /^QUIT\r\n/m.test(text)) return fire();
      if (armed?.point === 'dot-held' && text.includes('\r\n.\r\n')) return fire();
      if (text.includes('\r\n.\r\n')) {
        awaitingReply = true;
        if (armed?.point === 'dot-paused') {
          const kept: Buffer[] = [];
          paused = kept;
          upstream.write(chunk);
          const hook = armed.hook;
          armed = undefined;
          void Promise.resolve()
            .then(hook)
            .catch((error: unknown) => console.warn('smtp-tap: the dot-paused hook failed', error))
            .then(() => {
              paused = undefined;
              if (!client.destroyed) for (const reply of kept) client.write(reply);
            });
          return;
        }
        if (armed?.point === 'dot') {
          holdReplies = true;
          upstream.write(chunk);
          return fire();
        }
      }
      upstream.write(chunk);
    });
    const end = () => {
      client.destroy();
      // A message whose "." went out is left to the server to finish: close after its reply.
      if (awaitingReply) setTimeout(() => upstream.destroy(), 5_000).unref();
      else upstream.destroy();
      sockets.delete(client);
    };
    client.on('error', end).on('close', end);
    upstream
      .on('error', () => client.destroy())
      .on('close', () => {
        sockets.delete(upstream);
        client.destroy();
      });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', resolve);
  });
  return {
    port: (server.address() as net.AddressInfo).port,
    get accepted() {
      return accepted;
    },
    arm(point, hook) {
      armed = { point, hook };
    },
    async close() {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
