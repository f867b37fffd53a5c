import { useId, useMemo, useRef, useState } from 'react';
import type { Account } from '../../../shared/accounts';
import type { Folder } from '../../../shared/mail';
import type { ImportJob } from '../../../shared/transfer';
import { toApiError } from '../api/errors';
import { folderLabels } from '../common/folder-labels';
import { useToast } from '../components/Toasts';
import { useAccountFolders } from '../queries/useFolders';
import { type FileToUpload, offerDownload, useImports, useThunderbirdProfiles, useTransferActions } from '../queries/useTransfer';
import { filesFromDrop, filesFromInput } from './dropped-files';
import { ImportJobRow } from './ImportJobRow';
import './transfer.css';

/**
 * Settings › Import & export. Import: where the mail goes (an account's
 * folder: a POP3 account's local folders, or an IMAP folder, which gets it by
 * APPEND), then what: files or a folder chosen or dropped here (uploaded in
 * chunks), a Thunderbird profile the core found, or in the desktop app a
 * path from its own dialog. The imports below, live. Export: a folder or a
 * search result as an mboxrd file.
 */
export function TransferPage({ accounts }: { accounts: Account[] }) {
  const headingId = useId();
  const toast = useToast();
  const actions = useTransferActions();
  const { jobs } = useImports();
  const profiles = useThunderbirdProfiles();
  const [accountId, setAccountId] = useState<string | null>(accounts[0]?.id ?? null);
  const folders = useAccountFolders(accountId);
  const selectable = (folders ?? []).filter((f) => f.selectable && f.role !== 'all' && f.role !== 'flagged');
  const labels = useMemo(() => folderLabels(folders ?? []), [folders]);
  const [folderId, setFolderId] = useState<number | null>(null);
  const destination = selectable.find((f) => f.id === folderId) ?? selectable.find((f) => f.role === 'inbox') ?? selectable[0];
  const [upload, setUpload] = useState<{ sent: number; total: number } | null>(null);
  const [dragging, setDragging] = useState(false);
  const filesInput = useRef<HTMLInputElement>(null);
  const folderInput = useRef<HTMLInputElement>(null);
  const [exportFolderId, setExportFolderId] = useState<number | null>(null);
  const [query, setQuery] = useState('');
  const [exporting, setExporting] = useState(false);
  const bridge = window.tidingsBridge;

  async function importFiles(files: FileToUpload[]) {
    if (!destination || files.length === 0) return;
    setUpload({ sent: 0, total: files.reduce((sum, f) => sum + f.file.size, 0) });
    try {
      await actions.uploadAndImport(files, destination.id, (sent, total) => setUpload({ sent, total }));
    } catch (failure) {
      toast(`Could not import: ${toApiError(failure).message}`);
    } finally {
      setUpload(null);
    }
  }

  async function run(what: string, work: () => Promise<unknown>) {
    try {
      await work();
    } catch (failure) {
      toast(`Could not ${what}: ${toApiError(failure).message}`);
    }
  }

  async function exportMbox(scope: { folderId: number } | { query: string }) {
    setExporting(true);
    try {
      const file = await actions.exportMbox(scope);
      offerDownload(file.fileName, file.bytes);
      toast(`Exported ${file.messages.toLocaleString()} message${file.messages === 1 ? '' : 's'} as ${file.fileName}.`);
    } catch (failure) {
      toast(`Could not export: ${toApiError(failure).message}`);
    } finally {
      setExporting(false);
    }
  }

  const exportFolder = exportFolderId ?? destination?.id ?? null;

  return (
    <section className="transfer-page" aria-labelledby={headingId}>
      <h2 id={headingId} className="settings-page-title">
        Import &amp; export
      </h2>

      <fieldset className="settings-group">
        <legend>Import mail</legend>
        <p className="muted">
          From mbox files, a Maildir folder, a Thunderbird profile, Apple Mail mailboxes (.mbox) or .eml messages. The source&apos;s folders
          become folders inside the one chosen; duplicates are skipped; each message is kept byte for byte, with its read and starred flags.
        </p>
        <div className="transfer-row">
          <label className="field">
            Account
            <select
              value={accountId ?? ''}
              onChange={(event) => {
                setAccountId(event.target.value);
                setFolderId(null);
              }}
            >
              {accounts.map((a) => (
                <option key={a.id} value={a.id}>
                  {a.name || a.email}
                </option>
              ))}
            </select>
          </label>
          <FolderSelect label="Into folder" folders={selectable} labels={labels} value={destination?.id ?? null} onChange={setFolderId} />
        </div>
        <button
          type="button"
          className={`transfer-drop${dragging ? ' dragging' : ''}`}
          disabled={!destination || upload !== null}
          onClick={() => filesInput.current?.click()}
          onDragOver={(event) => {
            event.preventDefault();
            setDragging(true);
          }}
          onDragLeave={() => setDragging(false)}
          onDrop={(event) => {
            event.preventDefault();
            setDragging(false);
            void filesFromDrop(event.dataTransfer).then(importFiles);
          }}
        >
          {upload
            ? `Uploading… ${percent(upload.sent, upload.total)}`
            : 'Drop mbox, .eml or .emlx files, or a mail folder, here — or click to choose files'}
        </button>
        <div className="transfer-row">
          <button type="button" className="button" disabled={!destination || upload !== null} onClick={() => filesInput.current?.click()}>
            Choose files…
          </button>
          <button type="button" className="button" disabled={!destination || upload !== null} onClick={() => folderInput.current?.click()}>
            Choose a folder…
          </button>
          {bridge?.choosePath &&
            (['open-file', 'open-folder'] as const).map((purpose) => (
              <button
                key={purpose}
                type="button"
                className="button"
                disabled={!destination}
                onClick={() =>
                  void run('import', async () => {
                    const grant = await bridge.choosePath?.(purpose);
                    if (grant && destination) await actions.importGranted(grant, destination.id);
                  })
                }
              >
                {purpose === 'open-file' ? 'Import a file from this computer…' : 'Import a folder from this computer…'}
              </button>
            ))}
        </div>
        <input
          ref={filesInput}
          type="file"
          multiple
          hidden
          data-testid="import-files"
          onChange={(event) => void importFiles(filesFromInput(event.currentTarget)).finally(() => (event.target.value = ''))}
        />
        <input
          ref={folderInput}
          type="file"
          hidden
          {...{ webkitdirectory: '' }}
          onChange={(event) => void importFiles(filesFromInput(event.currentTarget)).finally(() => (event.target.value = ''))}
        />
        {profiles.length > 0 && (
          <div className="transfer-profiles">
            <h3>Thunderbird on this computer</h3>
            <ul>
              {profiles.map((profile) => (
                <li key={profile.path}>
                  <span>
                    {profile.name}
                    {profile.isDefault ? ' (default)' : ''} <span className="muted">{profile.path}</span>
                  </span>
                  <button
                    type="button"
                    className="button"
                    disabled={!destination}
                    onClick={() => destination && void run('import', () => actions.importThunderbird(profile.path, destination.id))}
                  >
                    Import its local mail
                  </button>
                </li>
              ))}
            </ul>
          </div>
        )}
      </fieldset>

      {jobs.length > 0 && (
        <fieldset className="settings-group">
          <legend>Imports</legend>
          <ul className="transfer-jobs" aria-label="Imports">
            {jobs.map((job: ImportJob) => (
              <ImportJobRow
                key={job.id}
                job={job}
                onStop={() => void run('stop the import', () => actions.stop(job.id))}
                onResume={() => void run('resume the import', () => actions.resume(job.id))}
                onForget={() => void run('remove the import from the list', () => actions.forget(job.id))}
              />
            ))}
          </ul>
        </fieldset>
      )}

      <fieldset className="settings-group">
        <legend>Export mail</legend>
        <p className="muted">As an mboxrd file, which Thunderbird, Apple Mail, mutt and most mail programs open.</p>
        <div className="transfer-row">
          <FolderSelect label="Folder" folders={selectable} labels={labels} value={exportFolder} onChange={setExportFolderId} />
          <button
            type="button"
            className="button"
            disabled={exportFolder === null || exporting}
            onClick={() => exportFolder !== null && void exportMbox({ folderId: exportFolder })}
          >
            {exporting ? 'Exporting…' : 'Export folder'}
          </button>
        </div>
        {bridge?.choosePath && (
          <div className="transfer-row">
            <button
              type="button"
              className="button"
              disabled={exportFolder === null}
              onClick={() =>
                void run('export', async () => {
                  const folder = selectable.find((f) => f.id === exportFolder);
                  const grant = folder && (await bridge.choosePath?.('save-mbox', `${folder.name}.mbox`));
                  if (grant && folder) {
                    const done = await actions.exportToPath(grant, { mbox: { folderId: folder.id } });
                    toast(`Exported ${done.messages.toLocaleString()} messages to ${done.path}.`);
                  }
                })
              }
            >
              Save the folder as mbox…
            </button>
            <button
              type="button"
              className="button"
              disabled={accountId === null}
              onClick={() =>
                void run('export', async () => {
                  const grant = await bridge.choosePath?.('save-folder', 'Maildir');
                  if (grant && accountId) {
                    const done = await actions.exportToPath(grant, { maildir: accountId });
                    toast(`Exported ${done.messages.toLocaleString()} messages to ${done.path}.`);
                  }
                })
              }
            >
              Save the account as a Maildir folder…
            </button>
          </div>
        )}
        <form
          className="transfer-row"
          onSubmit={(event) => {
            event.preventDefault();
            if (query.trim()) void exportMbox({ query: query.trim() });
          }}
        >
          <label className="field">
            Search
            <input type="search" value={query} placeholder="from:ann has:attachment" onChange={(event) => setQuery(event.target.value)} />
          </label>
          <button type="submit" className="button" disabled={!query.trim() || exporting}>
            Export the result
          </button>
        </form>
      </fieldset>
    </section>
  );
}

function FolderSelect(props: {
  label: string;
  folders: Folder[];
  /** Each folder's name as the tree shows it (common/folder-labels.ts). */
  labels: Map<number, string>;
  value: number | null;
  onChange: (id: number) => void;
}) {
  return (
    <label className="field">
      {props.label}
      <select value={props.value ?? ''} onChange={(event) => props.onChange(Number(event.target.value))}>
        {props.folders.map((f) => (
          <option key={f.id} value={f.id}>
            {props.labels.get(f.id)}
          </option>
        ))}
      </select>
    </label>
  );
}

export function percent(done: number, total: number): string {
  return total > 0 ? `${Math.floor((100 * done) / total)} %` : '';
}
