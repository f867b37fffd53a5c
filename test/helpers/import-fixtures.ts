import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

// Sources to import, built by the tests: a Thunderbird profile, an Apple Mail
// bundle, a Maildir++ tree, plain mbox files.

/** A message with a From header, Message-ID and body; LF line ends unless `crlf`. */
export function testMessage(n: number, body = `Body of message ${n}.\n`, extraHeaders = '', crlf = false): string {
  const text = `From: Sender ${n} <s${n}@example.test>\nTo: me@example.test\nSubject: Message ${n}\nMessage-ID: <m${n}@example.test>\nDate: Tue, 03 Nov 2026 09:${String(n % 60).padStart(2, '0')}:00 +0000\n${extraHeaders}\n${body}`;
  return crlf ? text.replace(/\n/g, '\r\n') : text;
}

/** mboxo as Thunderbird writes it: ">From " quoting, an empty line between messages. */
export function thunderbirdMbox(messages: readonly string[]): string {
  return messages.map((m) => `From - Tue Nov 03 09:00:00 2026\n${m.replace(/^From /gm, '>From ')}\n`).join('');
}

/**
 * A Thunderbird profile: Mail/Local Folders with Inbox (read, starred and
 * unread mail, one expunged), Archive with a nested Archive.sbd/2024, and a
 * POP3 account's folder; .msf files beside them; profiles.ini one level up.
 */
export async function thunderbirdProfile(root: string): Promise<string> {
  const profile = join(root, 'abcd1234.default-release');
  const local = join(profile, 'Mail', 'Local Folders');
  const pop = join(profile, 'Mail', 'pop.example.test');
  await mkdir(join(local, 'Archive.sbd'), { recursive: true });
  await mkdir(pop, { recursive: true });
  await writeFile(join(profile, 'prefs.js'), '// prefs\n');
  await writeFile(
    join(root, 'profiles.ini'),
    '[Profile0]\nName=default-release\nIsRelative=1\nPath=abcd1234.default-release\nDefault=1\n\n[General]\nStartWithLastProfile=1\n',
  );
  const status = (hex: string) => `X-Mozilla-Status: ${hex}\nX-Mozilla-Status2: 00000000\n`;
  await writeFile(
    join(local, 'Inbox'),
    thunderbirdMbox([
      testMessage(1, 'Read it.\nFrom the inbox.\n', status('0001')),
      testMessage(2, 'Starred and read.\n', status('0005')),
      testMessage(3, 'Not read.\n', status('0000')),
      testMessage(4, 'Deleted, not compacted.\n', status('0009')),
    ]),
  );
  await writeFile(join(local, 'Inbox.msf'), '// mork index: not mail\n');
  await writeFile(join(local, 'Archive'), thunderbirdMbox([testMessage(5, 'Archived.\n', status('0001'))]));
  await writeFile(join(local, 'Archive.sbd', '2024'), thunderbirdMbox([testMessage(6, 'Old.\n', status('0004'))]));
  await writeFile(join(local, 'Archive.sbd', '2024.msf'), 'x');
  await writeFile(join(pop, 'Inbox'), thunderbirdMbox([testMessage(7, 'Over POP3.\n', status('0000'))]));
  await writeFile(join(pop, 'popstate.dat'), '# POP3 State File\n');
  return root;
}

/** An .emlx file: the byte count, the message, Apple's plist with its flags. */
export function emlx(message: string, flags: number): Buffer {
  const raw = Buffer.from(message);
  const plist = `<?xml version="1.0" encoding="UTF-8"?>\n<!DOCTYPE plist PUBLIC "-//Apple//DTD PLIST 1.0//EN" "http://www.apple.com/DTDs/PropertyList-1.0.dtd">\n<plist version="1.0">\n<dict>\n\t<key>date-received</key>\n\t<integer>1700000000</integer>\n\t<key>flags</key>\n\t<integer>${flags}</integer>\n</dict>\n</plist>\n`;
  return Buffer.concat([Buffer.from(`${raw.length}        \n`), raw, Buffer.from(plist)]);
}

/** Apple Mail's Work.mbox with two messages (read+flagged, unread) in the newer layout, and a sub-mailbox Clients.mbox. */
export async function appleMailBundle(root: string): Promise<string> {
  const bundle = join(root, 'Work.mbox');
  const messages = join(bundle, '6E4E3C1A-0000-4000-8000-000000000001', 'Data', '1', 'Messages');
  await mkdir(messages, { recursive: true });
  await writeFile(join(messages, '11.emlx'), emlx(testMessage(11, 'Flagged and read.\n', '', true), (1 << 0) | (1 << 4)));
  await writeFile(join(messages, '12.emlx'), emlx(testMessage(12, 'Unread.\nFrom Apple.\n'), 0));
  await writeFile(join(bundle, 'Info.plist'), '<plist/>');
  const sub = join(bundle, 'Clients.mbox', 'Messages');
  await mkdir(sub, { recursive: true });
  await writeFile(join(sub, '13.emlx'), emlx(testMessage(13, 'A client.\n'), 1));
  return bundle;
}

/** A Maildir++ tree: the Inbox (one seen, one new), .Lists and .Lists.Rust. */
export async function maildirTree(root: string): Promise<string> {
  const dirs = ['', '.Lists', '.Lists.Rust'];
  for (const d of dirs) for (const sub of ['cur', 'new', 'tmp']) await mkdir(join(root, d, sub), { recursive: true });
  await writeFile(join(root, 'cur', '1700000001.M1P1.host:2,S'), testMessage(21));
  await writeFile(join(root, 'new', '1700000002.M2P1.host'), testMessage(22));
  await writeFile(join(root, '.Lists', 'cur', '1700000003.M3P1.host:2,FS'), testMessage(23));
  await writeFile(join(root, '.Lists.Rust', 'cur', '1700000004.M4P1.host:2,'), testMessage(24));
  await writeFile(join(root, '.Lists.Rust', 'cur', '1700000005.M5P1.host:2,T'), testMessage(25));
  return root;
}
