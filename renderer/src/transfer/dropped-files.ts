import type { FileToUpload } from '../queries/useTransfer';

// What the user chose or dropped, as files with their paths inside it: a
// chosen or dropped folder keeps its tree (a Maildir's cur/new, a
// Thunderbird profile's Mail/…/Inbox.sbd), which is how the core tells what
// kind of source it is.

/** The files of an <input type="file"> (with webkitdirectory, each with its path in the folder). */
export function filesFromInput(input: HTMLInputElement): FileToUpload[] {
  return Array.from(input.files ?? []).map((file) => ({ path: safePath(file.webkitRelativePath || file.name), file }));
}

/** The files of a drop, walking dropped folders (bounded: 100,000 files). */
export async function filesFromDrop(data: DataTransfer): Promise<FileToUpload[]> {
  const entries = Array.from(data.items)
    .map((item) => item.webkitGetAsEntry?.())
    .filter((entry): entry is FileSystemEntry => Boolean(entry));
  if (entries.length === 0) return Array.from(data.files).map((file) => ({ path: safePath(file.name), file }));
  const found: FileToUpload[] = [];
  const walk = async (entry: FileSystemEntry, prefix: string): Promise<void> => {
    if (found.length >= 100_000) return;
    const path = prefix ? `${prefix}/${entry.name}` : entry.name;
    if (entry.isFile) {
      const file = await new Promise<File>((resolve, reject) => (entry as FileSystemFileEntry).file(resolve, reject));
      found.push({ path: safePath(path), file });
    } else if (entry.isDirectory) {
      const reader = (entry as FileSystemDirectoryEntry).createReader();
      for (;;) {
        const batch = await new Promise<FileSystemEntry[]>((resolve, reject) => reader.readEntries(resolve, reject));
        if (batch.length === 0) break;
        for (const child of batch) await walk(child, path);
      }
    }
  };
  for (const entry of entries) await walk(entry, '');
  return found;
}

/** A relative path the core accepts: no empty, "." or ".." parts, forward slashes. */
function safePath(path: string): string {
  const parts = path
    .replaceAll('\\', '/')
    .split('/')
    .filter((part) => part !== '' && part !== '.' && part !== '..');
  return parts.join('/') || 'file';
}
