import { randomUUID } from 'node:crypto';

// The native dialogs of import and export: the page asks for one
// (`tidings:choose-path`), main shows it, and the path the user chose goes to
// the core under a new token (CorePeer.grant), which is all the page gets
// back. The page never names a path itself, so a compromised page cannot make
// the core read or write anywhere the user did not choose. The dialog's
// options are plain data here (tested in Node); index.ts passes them to
// Electron's dialog.showOpenDialog / showSaveDialog.

export type ChoosePurpose = 'open-file' | 'open-folder' | 'save-mbox' | 'save-folder';

export const CHOOSE_PURPOSES: readonly ChoosePurpose[] = ['open-file', 'open-folder', 'save-mbox', 'save-folder'];

export type DialogRequest =
  | {
      kind: 'open';
      options: {
        title: string;
        properties: ('openFile' | 'openDirectory' | 'showHiddenFiles')[];
        filters?: { name: string; extensions: string[] }[];
      };
    }
  | { kind: 'save'; options: { title: string; defaultPath: string; filters: { name: string; extensions: string[] }[] } };

/** What dialog to show for a purpose (an unknown purpose: none). */
export function dialogFor(purpose: unknown, defaultName: unknown): DialogRequest | null {
  const name = typeof defaultName === 'string' && /^[^/\\\0]{1,200}$/.test(defaultName) ? defaultName : undefined;
  switch (purpose) {
    case 'open-file':
      return {
        kind: 'open',
        options: {
          title: 'Import mail from a file',
          properties: ['openFile', 'showHiddenFiles'],
          filters: [
            { name: 'Mail (mbox, .eml, .emlx)', extensions: ['mbox', 'mbx', 'eml', 'emlx', '*'] },
            { name: 'All files', extensions: ['*'] },
          ],
        },
      };
    case 'open-folder':
      // A Maildir, a Thunderbird profile, an Apple Mail mailbox (.mbox is a folder), a folder of mbox files.
      return { kind: 'open', options: { title: 'Import mail from a folder', properties: ['openDirectory', 'showHiddenFiles'] } };
    case 'save-mbox':
      return {
        kind: 'save',
        options: { title: 'Export as mbox', defaultPath: name ?? 'mail.mbox', filters: [{ name: 'mbox', extensions: ['mbox'] }] },
      };
    case 'save-folder':
      return { kind: 'save', options: { title: 'Export as a Maildir folder', defaultPath: name ?? 'Maildir', filters: [] } };
    default:
      return null;
  }
}

/** The path a dialog answered with, or null when the user cancelled. */
export function chosenPath(answer: { canceled: boolean; filePaths?: string[]; filePath?: string }): string | null {
  if (answer.canceled) return null;
  return answer.filePaths?.[0] ?? answer.filePath ?? null;
}

/** A new token for a granted path. */
export function newGrantToken(): string {
  return randomUUID();
}
