import { chmod, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runWebEntry, withToken } from '../helpers/web-app';

// `npm run web` opens the browser with an address on its command line, and
// any local user can read a command line (/proc/PID/cmdline). So that address
// carries a one-time code, not the access token; the code works once. A fake
// xdg-open of the test's own records what the browser would have been given.

let work = '';
afterAll(async () => {
  if (work) await rm(work, { recursive: true, force: true });
});

async function exists(path: string): Promise<boolean> {
  return readFile(path).then(
    () => true,
    () => false,
  );
}

async function trade(origin: string, code: string): Promise<number> {
  const answer = await fetch(`${origin}/session`, {
    method: 'POST',
    headers: { Origin: origin, 'Content-Type': 'application/json' },
    body: JSON.stringify({ code }),
  });
  await answer.body?.cancel();
  return answer.status;
}

describe('the browser npm run web opens', () => {
  it('is given a one-time code on its command line, never the token', async () => {
    work = await mkdtemp(join(tmpdir(), 'tidings-open-'));
    const opened = join(work, 'opened.txt');
    const bin = join(work, 'bin');
    await mkdir(bin);
    await writeFile(join(bin, 'xdg-open'), `#!/bin/sh\nprintf '%s\\n' "$@" > '${opened}.part' && mv '${opened}.part' '${opened}'\n`);
    await chmod(join(bin, 'xdg-open'), 0o755);

    const app = await runWebEntry(['--port', '0', '--data-dir', join(work, 'data')], {
      PATH: `${bin}:${process.env.PATH}`,
      DISPLAY: ':0',
      TIDINGS_KEYCHAIN: 'memory',
    });
    try {
      const printed = app.printedUrl;
      await expect.poll(() => exists(opened), { timeout: 30_000 }).toBe(true);
      const browserArgs = (await readFile(opened, 'utf8')).trim().split('\n');

      expect(browserArgs).toHaveLength(1);
      const address = browserArgs[0] ?? '';
      expect(address).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/#code=[0-9a-f]{32}$/);
      const token = new URLSearchParams(new URL(await withToken(printed)).hash.slice(1)).get('token') ?? '';
      expect(token).toMatch(/^[0-9a-f]{64}$/);
      expect(address).not.toContain(token);
      expect(app.output()).not.toContain(token);
      // Its own code, not the printed one (spent above); it works once.
      const url = new URL(address);
      const code = new URLSearchParams(url.hash.slice(1)).get('code') ?? '';
      expect(printed).not.toContain(code);
      expect(await trade(url.origin, code)).toBe(200);
      expect(await trade(url.origin, code)).toBe(403);
    } finally {
      await app.stop();
    }
  });
});
