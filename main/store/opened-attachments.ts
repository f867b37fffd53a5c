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
 * File types that the operating system runs rather than shows: opening one
 * from a mail is how machines get infected, so "Open" refuses them (Save
 * still works, for someone who knows what they are doing).
 */
const RUNNABLE_EXTENSIONS = new Set(
  (
    'exe com bat cmd msi msp scr pif cpl msc hta lnk reg url scf inf vbs vbe js jse wsf wsh ps1 psm1 jar app ' +
    'command sh bash zsh csh desktop appimage run bin deb rpm pkg mpkg dmg workflow terminal py pl rb iso img vhd ' +
    'vhdx appx msix application gadget xbap settingcontent-ms'
  ).split(' '),
);

export function isRunnable(filename: string): boolean {
  const dot = filename.lastIndexOf('.');
  if (dot < 0) return false;
  return RUNNABLE_EXTENSIONS.has(
    filename
      .slice(dot + 1)
      .toLowerCase()
      .replace(/[\s.]+$/, ''),
  );
}

/** Writes the attachment for opening; returns the file's path. `filename` must already be safe (safeFilename). */
export async function writeForOpening(dataDir: string, filename: string, bytes: Uint8Array): Promise<string> {
  const folder = join(openedAttachmentsDir(dataDir), randomBytes(8).toString('hex'));
  await mkdir(folder, { recursive: true, mode: 0o700 });
  const file = join(folder, filename);
  await writeFile(file, bytes, { mode: 0o600 });
  return file;
}

/** At start: what earlier runs opened is no longer in use. */
export async function clearOpenedAttachments(dataDir: string): Promise<void> {
  await rm(openedAttachmentsDir(dataDir), { recursive: true, force: true });
}
