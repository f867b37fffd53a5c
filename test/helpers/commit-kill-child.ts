import { SmtpSession } from '../../main/smtp/submit';
import type { ServerSettings } from '../../shared/accounts';

// A process that submits one message and dies by SIGKILL right after
// `beforeCommit` returns, at the next turn of the event loop: the moment the
// outbox records "committing". Whatever the message's bytes were doing then
// (still queued in this process, or gone to the server with the final "."),
// the kill decides. Input on stdin, one JSON object:
// { server, password, from, to, raw (base64) }. Prints "committing" first.

interface Input {
  server: ServerSettings;
  password: string;
  from: string;
  to: string[];
  raw: string;
}

async function main(): Promise<void> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  const input = JSON.parse(Buffer.concat(chunks).toString('utf8')) as Input;
  const session = await SmtpSession.open(input.server, { kind: 'password', password: input.password }, []);
  const outcome = await session.send({
    envelope: { from: input.from, to: input.to },
    raw: Buffer.from(input.raw, 'base64'),
    beforeCommit() {
      process.stdout.write('committing\n');
      setImmediate(() => process.kill(process.pid, 'SIGKILL'));
    },
  });
  // Reached only if the server answered before the next turn: say so, the test treats it as a failure to reach the moment.
  process.stdout.write(`answered: ${JSON.stringify(outcome)}\n`);
  session.close();
}

main().catch((error: unknown) => {
  process.stderr.write(`commit-kill-child: ${(error as Error).stack ?? String(error)}\n`);
  process.exit(2);
});
