import type { ImportJob } from '../../../shared/transfer';

const STATES: Record<ImportJob['state'], string> = {
  running: 'Importing',
  stopped: 'Stopped',
  failed: 'Stopped by a problem',
  done: 'Done',
};

/** One import: what, how far (a bar over the source's bytes), the counts, why it stopped, and Stop / Resume / Remove. */
export function ImportJobRow({
  job,
  onStop,
  onResume,
  onForget,
}: {
  job: ImportJob;
  onStop: () => void;
  onResume: () => void;
  onForget: () => void;
}) {
  const { progress } = job;
  const fraction = job.state === 'done' ? 1 : progress.bytesTotal > 0 ? Math.min(1, progress.bytesDone / progress.bytesTotal) : 0;
  const counts = [
    `${progress.imported.toLocaleString()} imported`,
    progress.duplicates > 0 ? `${progress.duplicates.toLocaleString()} already there` : '',
    progress.unreadable > 0 ? `${progress.unreadable.toLocaleString()} unreadable, skipped` : '',
  ]
    .filter(Boolean)
    .join(', ');
  return (
    <li className={`transfer-job ${job.state}`} aria-label={`Import of ${job.title}`}>
      <div className="transfer-job-head">
        <strong>{job.title}</strong>
        <span className="muted">
          {STATES[job.state]}
          {job.state === 'running' && progress.parts > 1
            ? ` (part ${Math.min(progress.part + 1, progress.parts)} of ${progress.parts})`
            : ''}
        </span>
      </div>
      <progress max={1} value={fraction} aria-label={`Progress of ${job.title}`} />
      <p className="transfer-job-counts">{counts}</p>
      {job.error && (
        <p className="transfer-job-error" role="alert">
          {job.error}
        </p>
      )}
      <div className="transfer-row">
        {job.state === 'running' && (
          <button type="button" className="button" onClick={onStop}>
            Stop
          </button>
        )}
        {(job.state === 'stopped' || job.state === 'failed') && (
          <button type="button" className="button" onClick={onResume}>
            Resume
          </button>
        )}
        {job.state !== 'running' && (
          <button type="button" className="link-button" onClick={onForget}>
            Remove from the list
          </button>
        )}
      </div>
    </li>
  );
}
