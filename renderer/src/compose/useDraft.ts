import { useCallback, useEffect, useRef, useState } from 'react';
import type { Draft, DraftFields } from '../../../shared/compose';
import type { ApiError } from '../../../shared/errors';
import { useApi } from '../api/context';
import { toApiError } from '../api/errors';

/** Saved a couple of seconds after the last change: often enough that a crash loses little, rarely enough not to churn. */
export const AUTOSAVE_DELAY_MS = 2_000;
/** A save that failed for a reason that may pass (a full disk, the core busy) is tried again this much later, also without another keystroke. */
export const SAVE_RETRY_MS = 15_000;

/** Failures that saving the same fields again cannot mend: the user has to change something (or the draft is gone). */
const FINAL_FAILURES: ReadonlySet<ApiError['code']> = new Set(['invalid_argument', 'conflict', 'not_found']);

export type SaveStatus =
  | { state: 'unsaved' }
  | { state: 'saving' }
  | { state: 'saved'; savedAt: string }
  | { state: 'failed'; error: ApiError };

export interface DraftEditor {
  draft: Draft;
  status: SaveStatus;
  /** Change fields; saved AUTOSAVE_DELAY_MS after the last change. */
  update: (patch: Partial<Draft>) => void;
  /** Save now if anything changed (or it was never saved); resolves with the draft's id. */
  flush: () => Promise<string>;
  /** Whether there is anything worth keeping (never-saved and empty drafts are dropped on close). */
  hasContent: () => boolean;
  /** The draft's id once it has one. */
  id: () => string | null;
  /** The latest fields, also before React renders them (e.g. right after a blur made a chip). */
  current: () => Draft;
  /** No more saving (after Send or Discard). */
  stop: () => void;
  /** Saving again after a stop that did not end the draft (closing could not save it): changes are kept and saved, a pending one soon. */
  resume: () => void;
}

/** What drafts.save takes: the fields, attachments by reference. */
export function draftFields(draft: Draft): DraftFields {
  return {
    accountId: draft.accountId,
    identityId: draft.identityId,
    to: draft.to,
    cc: draft.cc,
    bcc: draft.bcc,
    subject: draft.subject,
    body: draft.body,
    attachments: draft.attachments.map((a) => ({
      id: a.id,
      ...(a.inline ? { inline: true } : {}),
      ...(a.contentId ? { contentId: a.contentId } : {}),
    })),
    inReplyTo: draft.inReplyTo,
    references: draft.references,
    source: draft.source,
  };
}

function bodyIsEmpty(body: Draft['body']): boolean {
  const content = body.format === 'html' ? body.html.replace(/<[^>]*>/g, '') : body.text;
  return content.trim().length === 0;
}

/**
 * One draft being edited: its fields, and saving them. Saves never overlap
 * (the contract asks it): a change during a save is saved right after it.
 */
export function useDraft(initial: Draft): DraftEditor {
  const api = useApi();
  const [draft, setDraft] = useState(initial);
  const [status, setStatus] = useState<SaveStatus>(
    initial.id && initial.savedAt ? { state: 'saved', savedAt: initial.savedAt } : { state: 'unsaved' },
  );
  const latest = useRef(initial);
  const id = useRef(initial.id);
  // Changes not yet sent to the core; the first save of a prefilled draft counts as one.
  const dirty = useRef(initial.id === null);
  const edited = useRef(false);
  const queue = useRef<Promise<unknown>>(Promise.resolve());
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);
  const stopped = useRef(false);
  const flushLater = useRef<(ms: number) => void>(() => {});

  const saveOnce = useCallback(async (): Promise<string> => {
    if (!dirty.current && id.current) return id.current;
    dirty.current = false;
    setStatus({ state: 'saving' });
    try {
      const saved = await api.call('drafts.save', { ...(id.current ? { id: id.current } : {}), draft: draftFields(latest.current) });
      id.current = saved.id;
      // Another change may have come in while saving: its own save is queued already.
      if (!dirty.current) setStatus({ state: 'saved', savedAt: saved.savedAt });
      return saved.id;
    } catch (failure) {
      // What was typed stays here (latest), marked unsaved, and is saved again later.
      dirty.current = true;
      const error = toApiError(failure);
      setStatus({ state: 'failed', error });
      if (!FINAL_FAILURES.has(error.code)) flushLater.current(SAVE_RETRY_MS);
      throw error;
    }
  }, [api]);

  const flush = useCallback((): Promise<string> => {
    if (timer.current) clearTimeout(timer.current);
    timer.current = null;
    const next = queue.current.catch(() => {}).then(saveOnce);
    queue.current = next;
    return next;
  }, [saveOnce]);

  /** Saves `ms` from now (instead of any save already waiting). */
  flushLater.current = (ms: number) => {
    if (stopped.current) return;
    if (timer.current) clearTimeout(timer.current);
    timer.current = setTimeout(() => {
      timer.current = null;
      // A failure is on the status line (and schedules the next try).
      if (!stopped.current) flush().catch(() => {});
    }, ms);
  };

  const update = useCallback((patch: Partial<Draft>) => {
    if (stopped.current) return;
    latest.current = { ...latest.current, ...patch };
    setDraft(latest.current);
    dirty.current = true;
    edited.current = true;
    setStatus((s) => (s.state === 'failed' ? s : { state: 'unsaved' }));
    flushLater.current(AUTOSAVE_DELAY_MS);
  }, []);

  const stop = useCallback(() => {
    stopped.current = true;
    if (timer.current) clearTimeout(timer.current);
  }, []);

  const resume = useCallback(() => {
    stopped.current = false;
    if (dirty.current) flushLater.current(SAVE_RETRY_MS);
  }, []);

  // A pending change when the pane goes away (closed, the app reloaded) is saved, not dropped.
  useEffect(
    () => () => {
      if (timer.current && !stopped.current) {
        clearTimeout(timer.current);
        void queue.current
          .catch(() => {})
          .then(saveOnce)
          .catch(() => {});
      }
    },
    [saveOnce],
  );

  const hasContent = useCallback(() => {
    const d = latest.current;
    if (id.current !== null || edited.current) {
      return (
        id.current !== null ||
        d.to.length + d.cc.length + d.bcc.length + d.attachments.length > 0 ||
        d.subject.trim() !== '' ||
        !bodyIsEmpty(d.body)
      );
    }
    return false;
  }, []);

  return { draft, status, update, flush, hasContent, id: () => id.current, current: () => latest.current, stop, resume };
}
