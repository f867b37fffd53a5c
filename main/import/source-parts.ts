import type { Dirent } from 'node:fs';
import { open, readdir, stat } from 'node:fs/promises';
import { basename, join } from 'node:path';
import type { ImportSourceKind, MboxVariant } from '../../shared/transfer';
import { ImportSourceError } from './source-error';

// What a source is made of: its parts, each one folder's mail (an mbox file,
// or a list of message files), in a fixed order, so that an import resumed
// later finds the same part at the same index. Which kind a path is, is told
// from what is in it (detectSource).

export interface SourcePart {
  /** The folder it goes into, under the import's destination ([]: the destination itself). */
  folder: string[];
  /** mbox: one file; maildir/emlx/eml: `files`, one message each. */
  kind: 'mbox' | 'maildir' | 'emlx' | 'eml';
  path: string;
  files: string[];
  variant: MboxVariant;
  bytes: number;
}

export interface Source {
  kind: ImportSourceKind;
  parts: SourcePart[];
}

/** Thunderbird files beside its mbox files that are not mail. */
const NOT_MBOX = /\.(msf|dat|json|sqlite|sqlite-wal|sqlite-shm|html|js|txt|mozlz4|lz4|bak|log|ini|xml|rdf)$/i;

export async function detectSource(path: string, variant?: MboxVariant): Promise<Source> {
  const info = await statOrExplain(path);
  if (info.isFile()) return fileSource(path, info.size, variant);
  if (!info.isDirectory()) throw new ImportSourceError(`${basename(path)} is neither a file nor a folder.`);
  let entries = await list(path);
  // An upload of one chosen folder: its tree sits under one directory.
  if (entries.length === 1 && entries[0]?.isDirectory() && !isMaildirPart(entries[0].name) && !entries[0].name.endsWith('.mbox')) {
    return detectSource(join(path, entries[0].name), variant);
  }
  const names = new Set(entries.map((e) => e.name));
  if (names.has('prefs.js') || (names.has('Mail') && names.has('times.json'))) return thunderbirdProfile(path);
  if (names.has('cur') || names.has('new')) return { kind: 'maildir', parts: await maildirParts(path, []) };
  if (path.endsWith('.mbox') || entries.some((e) => e.isDirectory() && e.name.endsWith('.mbox'))) {
    return { kind: 'applemail', parts: await appleMailParts(path, path.endsWith('.mbox') ? [] : null) };
  }
  if (entries.length === 1 && entries[0]?.isFile()) {
    const only = join(path, entries[0].name);
    return fileSource(only, (await stat(only)).size, variant);
  }
  // A folder of files: .eml messages, mbox files (each its own folder), folders of those.
  entries = entries.filter((e) => !e.name.startsWith('.'));
  const parts = await looseParts(path, [], variant);
  if (parts.length === 0)
    throw new ImportSourceError('There is no mail in this folder that Tidings can read (mbox, Maildir, .eml, Thunderbird, Apple Mail).');
  return { kind: parts.every((p) => p.kind === 'eml') ? 'eml' : 'mbox', parts };
}

async function fileSource(path: string, size: number, variant: MboxVariant | undefined): Promise<Source> {
  if (/\.eml$/i.test(path))
    return { kind: 'eml', parts: [{ folder: [], kind: 'eml', path, files: [path], variant: 'mboxrd', bytes: size }] };
  if (/\.emlx$/i.test(path))
    return { kind: 'applemail', parts: [{ folder: [], kind: 'emlx', path, files: [path], variant: 'mboxrd', bytes: size }] };
  if (size === 0) throw new ImportSourceError(`${basename(path)} is empty.`);
  if (!(await looksLikeMbox(path))) {
    throw new ImportSourceError(
      `${basename(path)} is not an mbox file: it does not begin with a "From " line (nor is it an .eml or .emlx message).`,
    );
  }
  return {
    kind: 'mbox',
    parts: [{ folder: [], kind: 'mbox', path, files: [], variant: variant ?? (await guessVariant(path)), bytes: size }],
  };
}

/** mboxcl2 when the first message has a Content-Length that lands on the next "From " line or the end; else mboxrd. */
async function guessVariant(path: string): Promise<MboxVariant> {
  const file = await open(path, 'r');
  try {
    const head = Buffer.alloc(256 * 1024);
    const { bytesRead } = await file.read(head, 0, head.length, 0);
    const text = head.subarray(0, bytesRead).toString('latin1');
    if (!text.startsWith('From ')) return 'mboxrd';
    const headerEnd = text.search(/\r?\n\r?\n/);
    if (headerEnd < 0) return 'mboxrd';
    const length = /\ncontent-length:[ \t]*(\d+)/i.exec(text.slice(0, headerEnd));
    if (!length) return 'mboxrd';
    const bodyStart = headerEnd + (text.slice(headerEnd).match(/^\r?\n\r?\n/)?.[0].length ?? 2);
    const after = bodyStart + Number(length[1]);
    if (after > bytesRead) return 'mboxrd';
    const rest = text.slice(after).replace(/^[\r\n]+/, '');
    return rest === '' || rest.startsWith('From ') ? 'mboxcl2' : 'mboxrd';
  } finally {
    await file.close();
  }
}

async function statOrExplain(path: string) {
  try {
    return await stat(path);
  } catch (error) {
    throw explain(error, path);
  }
}

async function list(path: string): Promise<Dirent[]> {
  try {
    const entries = await readdir(path, { withFileTypes: true });
    return entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  } catch (error) {
    throw explain(error, path);
  }
}

export function explain(error: unknown, path: string): ImportSourceError {
  const code = (error as NodeJS.ErrnoException).code;
  if (code === 'EACCES' || code === 'EPERM')
    return new ImportSourceError(`Tidings may not read ${path} (permission denied). Allow it, then resume.`);
  if (code === 'ENOENT') return new ImportSourceError(`${path} is not there any more.`);
  return new ImportSourceError(`Could not read ${path}: ${(error as Error).message}`);
}

async function sizeOf(files: readonly string[]): Promise<number> {
  let total = 0;
  for (const file of files) total += (await stat(file).catch(() => ({ size: 0 }))).size;
  return total;
}

// ---- Maildir ----

function isMaildirPart(name: string): boolean {
  return name === 'cur' || name === 'new' || name === 'tmp';
}

/**
 * A Maildir and its subfolders: Maildir++ keeps them beside cur/new/tmp as
 * `.Name.Sub` (dots separate levels); the "fs" layout nests them as plain
 * folders that hold cur/new themselves. A message is a file in cur/ or new/
 * (tmp/ holds deliveries not finished).
 */
async function maildirParts(root: string, folder: string[]): Promise<SourcePart[]> {
  const parts: SourcePart[] = [];
  const entries = await list(root);
  const files: string[] = [];
  for (const sub of ['cur', 'new']) {
    if (!entries.some((e) => e.name === sub && e.isDirectory())) continue;
    for (const entry of await list(join(root, sub))) {
      if (entry.isFile() && !entry.name.startsWith('.')) files.push(join(root, sub, entry.name));
    }
  }
  if (files.length > 0 || folder.length === 0)
    parts.push({ folder, kind: 'maildir', path: root, files, variant: 'mboxrd', bytes: await sizeOf(files) });
  for (const entry of entries) {
    if (!entry.isDirectory() || isMaildirPart(entry.name)) continue;
    if (entry.name.startsWith('.') && folder.length === 0) {
      const names = entry.name.slice(1).split('.').filter(Boolean);
      if (names.length > 0) parts.push(...(await maildirParts(join(root, entry.name), names)).filter((p) => p.files.length > 0));
    } else if (!entry.name.startsWith('.')) {
      const inner = await list(join(root, entry.name)).catch(() => []);
      if (inner.some((e) => e.name === 'cur' || e.name === 'new'))
        parts.push(...(await maildirParts(join(root, entry.name), [...folder, entry.name])));
    }
  }
  return parts;
}

// ---- Thunderbird ----

/**
 * A Thunderbird profile's local mail: Mail/ holds a folder per account kept
 * on this computer (Local Folders, each POP3 account); in it each mail folder
 * is an mbox file without extension, its subfolders in `<name>.sbd/`, and
 * its index in `<name>.msf` (ignored: derived, and rebuilt by Thunderbird).
 * ImapMail/ is a cache of what is on IMAP servers, which Tidings syncs itself.
 */
async function thunderbirdProfile(profile: string): Promise<Source> {
  const mail = join(profile, 'Mail');
  const accounts = (await list(mail)).filter((e) => e.isDirectory());
  const parts: SourcePart[] = [];
  for (const account of accounts) parts.push(...(await thunderbirdFolder(join(mail, account.name), [account.name])));
  if (parts.length === 0) throw new ImportSourceError('This Thunderbird profile has no local mail (Local Folders or POP3 accounts).');
  return { kind: 'thunderbird', parts };
}

async function thunderbirdFolder(dir: string, folder: string[]): Promise<SourcePart[]> {
  const parts: SourcePart[] = [];
  const entries = await list(dir);
  const names = new Set(entries.map((e) => e.name));
  for (const entry of entries) {
    const path = join(dir, entry.name);
    if (entry.isFile() && !entry.name.startsWith('.') && !NOT_MBOX.test(entry.name) && (await looksLikeMbox(path))) {
      parts.push({ folder: [...folder, entry.name], kind: 'mbox', path, files: [], variant: 'mboxo', bytes: (await stat(path)).size });
      if (names.has(`${entry.name}.sbd`)) parts.push(...(await thunderbirdFolder(join(dir, `${entry.name}.sbd`), [...folder, entry.name])));
    } else if (entry.isDirectory() && entry.name.endsWith('.sbd') && !names.has(entry.name.slice(0, -4))) {
      parts.push(...(await thunderbirdFolder(path, [...folder, entry.name.slice(0, -4)])));
    }
  }
  return parts;
}

/** An mbox with mail in it: it begins "From " (an empty folder's file is empty). */
async function looksLikeMbox(path: string): Promise<boolean> {
  const file = await open(path, 'r').catch(() => undefined);
  if (!file) return false;
  try {
    const head = Buffer.alloc(5);
    const { bytesRead } = await file.read(head, 0, 5, 0);
    return bytesRead === 5 && head.toString('latin1') === 'From ';
  } finally {
    await file.close();
  }
}

// ---- Apple Mail ----

/**
 * Apple Mail's `<name>.mbox` bundles: the messages are `.emlx` files in
 * `Messages/` or, in newer versions, `<id>/Data/<digits>/…/Messages/`; a
 * subfolder is a `.mbox` inside. A mailbox exported from Apple Mail is a
 * `.mbox` folder holding one plain mbox file named `mbox`. `folder` null:
 * `dir` holds bundles but is none itself.
 */
async function appleMailParts(dir: string, folder: string[] | null): Promise<SourcePart[]> {
  const parts: SourcePart[] = [];
  const entries = await list(dir);
  if (folder) {
    const exported = entries.find((e) => e.isFile() && e.name === 'mbox');
    if (exported) {
      const path = join(dir, 'mbox');
      parts.push({ folder, kind: 'mbox', path, files: [], variant: 'mboxo', bytes: (await stat(path)).size });
    } else {
      const files = await emlxFiles(dir);
      parts.push({ folder, kind: 'emlx', path: dir, files, variant: 'mboxrd', bytes: await sizeOf(files) });
    }
  }
  for (const entry of entries) {
    if (entry.isDirectory() && entry.name.endsWith('.mbox')) {
      parts.push(...(await appleMailParts(join(dir, entry.name), [...(folder ?? []), entry.name.slice(0, -5)])));
    }
  }
  return parts;
}

/** The .emlx files of one bundle (not of its sub-bundles), sorted by name (Apple numbers them in arrival order). */
async function emlxFiles(bundle: string): Promise<string[]> {
  const found: string[] = [];
  const walk = async (dir: string, depth: number): Promise<void> => {
    if (depth > 8) return;
    for (const entry of await list(dir)) {
      const path = join(dir, entry.name);
      if (entry.isDirectory() && !entry.name.endsWith('.mbox')) await walk(path, depth + 1);
      else if (entry.isFile() && entry.name.endsWith('.emlx')) found.push(path);
    }
  };
  await walk(bundle, 0);
  return found.sort(byMessageNumber);
}

function byMessageNumber(a: string, b: string): number {
  const na = Number.parseInt(basename(a), 10);
  const nb = Number.parseInt(basename(b), 10);
  if (Number.isFinite(na) && Number.isFinite(nb) && na !== nb) return na - nb;
  return a < b ? -1 : a > b ? 1 : 0;
}

// ---- Loose files ----

/** A folder of .eml files and mbox files: the .eml go into `folder`, each mbox into a folder named after it, subfolders likewise. */
async function looseParts(dir: string, folder: string[], variant: MboxVariant | undefined): Promise<SourcePart[]> {
  const parts: SourcePart[] = [];
  const eml: string[] = [];
  for (const entry of await list(dir)) {
    if (entry.name.startsWith('.')) continue;
    const path = join(dir, entry.name);
    if (entry.isFile() && /\.eml$/i.test(entry.name)) eml.push(path);
    else if (entry.isFile() && (await looksLikeMbox(path))) {
      const source = await fileSource(path, (await stat(path)).size, variant);
      for (const part of source.parts) parts.push({ ...part, folder: [...folder, entry.name.replace(/\.(mbox|mbx)$/i, '')] });
    } else if (entry.isDirectory()) {
      const inner = await detectSource(path, variant).catch(() => undefined);
      if (inner)
        for (const part of inner.parts)
          parts.push({ ...part, folder: [...folder, entry.name.replace(/\.(mbox|sbd)$/i, ''), ...part.folder] });
    }
  }
  if (eml.length > 0) parts.unshift({ folder, kind: 'eml', path: dir, files: eml, variant: 'mboxrd', bytes: await sizeOf(eml) });
  return parts;
}
