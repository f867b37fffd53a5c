import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdir, rm, writeFile } from 'node:fs/promises';
import { join, relative, sep } from 'node:path';

// "Open" on an attachment: the core writes the attachment's bytes to a file
// of its own, and the Electron shell hands that file to the user's default
// program (shell.openPath). Never inside the app: an HTML or SVG attachment
// would run with the app's origin. The files live in the data dir, each in a
// folder of its own (two attachments may share a name), readable by the user
// only, and go at the next start (the program may still be reading them now).

export function openedAttachmentsDir(dataDir: string): string {
  return join(dataDir, 'opened-attachments');
}

/** Whether `file` is one of ours: the Electron shell opens nothing else, whatever the core (or anyone) says. */
export function isOpenedAttachment(dataDir: string, file: string): boolean {
  const rel = relative(openedAttachmentsDir(dataDir), file);
  const parts = rel.split(sep);
  return parts.length === 2 && /^[0-9a-f]{16}$/.test(parts[0] as string) && !rel.startsWith('..');
}

/**
 * How a file written for opening is marked as downloaded from the internet,
 * so the system treats it as such (Office opens it in Protected View, macOS
 * Gatekeeper checks it, SmartScreen asks): a `Zone.Identifier` alternate data
 * stream with ZoneId=3 (Internet) on Windows, the `com.apple.quarantine`
 * extended attribute on macOS. Linux has no such mark. A plain function of the
 * platform, so each branch is tested on any machine.
 */
export type DownloadMark = { kind: 'stream'; path: string; content: string } | { kind: 'xattr'; command: string; args: string[] } | null;

export function downloadMark(platform: NodeJS.Platform, file: string, now: Date): DownloadMark {
  if (platform === 'win32') {
    return { kind: 'stream', path: `${file}:Zone.Identifier`, content: '[ZoneTransfer]\r\nZoneId=3\r\n' };
  }
  if (platform === 'darwin') {
    // flags;seconds since 1970 in hex;agent;event id. 0081: downloaded, not yet approved by the user.
    const seconds = Math.floor(now.getTime() / 1000).toString(16);
    return { kind: 'xattr', command: '/usr/bin/xattr', args: ['-w', 'com.apple.quarantine', `0081;${seconds};Tidings;`, file] };
  }
  return null;
}

async function applyDownloadMark(mark: DownloadMark): Promise<void> {
  if (!mark) return;
  if (mark.kind === 'stream') {
    await writeFile(mark.path, mark.content);
    return;
  }
  await new Promise<void>((resolve, reject) => {
    execFile(mark.command, mark.args, (error) => (error ? reject(error) : resolve()));
  });
}

/** Writes the attachment for opening; returns the file's path. `filename` must already be safe (safeFilename). */
export async function writeForOpening(
  dataDir: string,
  filename: string,
  bytes: Uint8Array,
  platform: NodeJS.Platform = process.platform,
): Promise<string> {
  const folder = join(openedAttachmentsDir(dataDir), randomBytes(8).toString('hex'));
  await mkdir(folder, { recursive: true, mode: 0o700 });
  const file = join(folder, filename);
  await writeFile(file, bytes, { mode: 0o600 });
  // Unmarked, the file would look like one the user made: refuse to hand it over then.
  await applyDownloadMark(downloadMark(platform, file, new Date()));
  return file;
}

/** At start: what earlier runs opened is no longer in use. */
export async function clearOpenedAttachments(dataDir: string): Promise<void> {
  await rm(openedAttachmentsDir(dataDir), { recursive: true, force: true });
}
