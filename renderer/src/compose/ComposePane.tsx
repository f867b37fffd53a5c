import type { Editor } from '@tiptap/core';
import { type DragEvent, type KeyboardEvent, useCallback, useEffect, useId, useRef, useState } from 'react';
import { type ComposeSettings, DEFAULT_UNDO_SECONDS, type Draft, type DraftAttachment, type OutboxItem } from '../../../shared/compose';
import type { Address } from '../../../shared/mail';
import { useApi } from '../api/context';
import { toApiError } from '../api/errors';
import { subjectText } from '../common/format';
import { Icon } from '../components/icons';
import { useComposeAccount } from '../queries/useComposeAccount';
import { AddressField } from './AddressField';
import { estimateMessageBytes, refuseFile, uploadFile } from './attachments';
import { docToText } from './body-text';
import { ComposeAttachments, type Upload } from './ComposeAttachments';
import { ComposeOptions } from './ComposeOptions';
import { FormatIcon } from './compose-icons';
import { convertBody, identityOf, sendProblem } from './draft-body';
import { RichEditor } from './RichEditor';
import { SendFailureBanner } from './SendFailureBanner';
import type { SendFailure } from './send-failure';
import { type SaveStatus, useDraft } from './useDraft';

interface Props {
  draft: Draft;
  /** Why this draft came back from sending (the server refused it). */
  failure: SendFailure | null;
  /** People for the address fields. */
  suggest: (query: string) => Promise<Address[]>;
  /** Closed (Escape, Close, Discard); the draft is saved unless discarded. */
  onClose: () => void;
  /** Queued in the outbox: the caller offers Undo. */
  onSent: (item: OutboxItem, draft: Draft, undoSeconds: number) => void;
}

const TITLES: Record<NonNullable<Draft['source']>['mode'] | 'new', string> = {
  new: 'New message',
  reply: 'Reply',
  replyAll: 'Reply all',
  forward: 'Forward',
  forwardAsAttachment: 'Forward',
};

/**
 * Writing one message: the address fields, subject, From, the body (rich or
 * plain), attachments, and Send. Everything typed is saved as a draft a
 * moment after each change; Escape closes and keeps it.
 */
export function ComposePane({ draft: initial, failure, suggest, onClose, onSent }: Props) {
  const api = useApi();
  const editor = useDraft(initial);
  const { draft } = editor;
  const account = useComposeAccount(draft.accountId);
  const titleId = useId();
  const [showCc, setShowCc] = useState(initial.cc.length > 0);
  const [showBcc, setShowBcc] = useState(initial.bcc.length > 0);
  const [uploads, setUploads] = useState<Upload[]>([]);
  const [problem, setProblem] = useState<string | null>(null);
  const [sending, setSending] = useState(false);
  const [dragging, setDragging] = useState(false);
  const [optionsOpen, setOptionsOpen] = useState(false);
  const refused = failure?.refused ?? [];
  const fileInput = useRef<HTMLInputElement>(null);
  const section = useRef<HTMLElement>(null);
  const bodyEditor = useRef<Editor | null>(null);
  const plainBody = useRef<HTMLTextAreaElement>(null);
  const closed = useRef(false);
  const uploadKey = useRef(1);
  // The rich editor reads its content once: a format switch remounts it with the converted body.
  const [editorKey, setEditorKey] = useState(0);

  // Where the keyboard starts: the body when replying (the recipients are filled in), else To.
  useEffect(() => {
    const mode = initial.source?.mode;
    if (mode === 'reply' || mode === 'replyAll') {
      if (initial.body.format === 'plain') {
        plainBody.current?.focus();
        plainBody.current?.setSelectionRange(0, 0);
      }
      // The rich editor focuses itself in onReady.
    } else section.current?.querySelector<HTMLElement>('[data-focus="compose-to"]')?.focus();
  }, [initial]);

  const onEditorReady = useCallback(
    (e: Editor) => {
      bodyEditor.current = e;
      const mode = initial.source?.mode;
      if (mode === 'reply' || mode === 'replyAll') e.commands.focus('start');
    },
    [initial],
  );

  const identity = identityOf(draft, account.identities);

  async function addFiles(files: File[]) {
    for (const file of files) {
      const key = uploadKey.current++;
      const refusal = refuseFile(file);
      setUploads((list) => [...list, { key, filename: file.name, size: file.size, sent: 0, error: refusal }]);
      if (refusal) continue;
      try {
        const stored = await uploadFile(
          api,
          file,
          (sent) => setUploads((list) => list.map((u) => (u.key === key ? { ...u, sent } : u))),
          () => closed.current,
        );
        if (!stored) return;
        setUploads((list) => list.filter((u) => u.key !== key));
        editor.update({ attachments: [...editorDraftAttachments(), stored] });
      } catch (error) {
        const message = `Could not add ${file.name}: ${toApiError(error).message}`;
        setUploads((list) => list.map((u) => (u.key === key ? { ...u, error: message } : u)));
      }
    }
  }

  // The latest list at the moment an upload finishes (several may finish while the pane renders once).
  const attachmentsRef = useRef(draft.attachments);
  attachmentsRef.current = draft.attachments;
  const editorDraftAttachments = () => attachmentsRef.current;

  function removeAttachment(attachment: DraftAttachment) {
    editor.update({ attachments: draft.attachments.filter((a) => a.id !== attachment.id) });
    fileInput.current?.closest('section')?.querySelector<HTMLElement>('[data-focus="compose-attach"]')?.focus();
  }

  async function close() {
    if (closed.current) return;
    closed.current = true;
    editor.stop();
    if (editor.hasContent()) {
      try {
        await editor.flush();
      } catch {
        // Still saved locally by the next try? No: say so and stay open, nothing typed may be lost.
        closed.current = false;
        setProblem('The draft could not be saved, so the window stays open. Copy what you wrote, or try again.');
        return;
      }
    }
    onClose();
  }

  async function discard() {
    closed.current = true;
    editor.stop();
    const id = editor.id();
    if (id) {
      try {
        await api.call('drafts.delete', { id });
      } catch (error) {
        closed.current = false;
        setProblem(`Could not discard the draft: ${toApiError(error).message}`);
        return;
      }
    }
    onClose();
  }

  async function send() {
    if (sending) return;
    const why = sendProblem(editor.current());
    if (why) {
      setProblem(why);
      section.current?.querySelector<HTMLElement>('[data-focus="compose-to"]')?.focus();
      return;
    }
    if (uploads.some((u) => u.error === null)) {
      setProblem('Some attachments are still being added. Send again when they are done.');
      return;
    }
    setProblem(null);
    setSending(true);
    try {
      const draftId = await editor.flush();
      const undoSeconds = account.settings?.undoSeconds;
      const item = await api.call('outbox.send', { draftId, ...(undoSeconds === undefined ? {} : { undoSeconds }) });
      closed.current = true;
      editor.stop();
      onSent(item, { ...editor.current(), id: draftId }, undoSeconds ?? DEFAULT_UNDO_SECONDS);
    } catch (error) {
      setProblem(`Not sent: ${toApiError(error).message}`);
      setSending(false);
    }
  }

  function setFormat(format: 'html' | 'plain') {
    // The editor's own document gives the best text (lists, quotes, links); without it, the HTML's text.
    const htmlToText = (html: string) =>
      bodyEditor.current && !bodyEditor.current.isDestroyed
        ? docToText(bodyEditor.current.getJSON())
        : (new DOMParser().parseFromString(html, 'text/html').body.textContent ?? '');
    editor.update({ body: convertBody(draft.body, format, htmlToText) });
    setEditorKey((k) => k + 1);
  }

  function onSettingsChanged(settings: ComposeSettings) {
    account.setSettings(settings);
    if (settings.format !== draft.body.format) setFormat(settings.format);
  }

  function onKeyDownCapture(event: KeyboardEvent) {
    // Before the editor sees it: ProseMirror takes Ctrl+Enter for a line break.
    if (event.key === 'Enter' && (event.ctrlKey || event.metaKey)) {
      event.preventDefault();
      event.stopPropagation();
      // An address being typed becomes a chip first (the field's blur does it).
      (document.activeElement as HTMLElement | null)?.blur();
      setTimeout(() => void send(), 0);
    }
  }

  function onKeyDown(event: KeyboardEvent) {
    // Not `defaultPrevented`: ProseMirror prevents every Escape. Controls that use Escape themselves
    // (the suggestions, the link box) stop it from reaching here.
    if (event.key === 'Escape') {
      event.preventDefault();
      void close();
    }
  }

  function onDragOver(event: DragEvent) {
    if (!event.dataTransfer.types.includes('Files')) return;
    event.preventDefault();
    event.dataTransfer.dropEffect = 'copy';
    setDragging(true);
  }

  function onDrop(event: DragEvent) {
    if (!event.dataTransfer.types.includes('Files')) return;
    // Before ProseMirror: dropped files are attachments, not content.
    event.preventDefault();
    event.stopPropagation();
    setDragging(false);
    void addFiles([...event.dataTransfer.files]);
  }

  const estimated = estimateMessageBytes(
    draft.attachments.map((a) => a.size),
    draft.body.format === 'html' ? draft.body.html.length : draft.body.text.length,
  );
  const mode = draft.source?.mode ?? 'new';
  const title = draft.subject.trim() ? subjectText(draft.subject) : TITLES[mode];

  return (
    <section
      ref={section}
      className={dragging ? 'compose dragging' : 'compose'}
      aria-labelledby={titleId}
      onKeyDownCapture={onKeyDownCapture}
      onKeyDown={onKeyDown}
      onDragOver={onDragOver}
      onDragLeave={(e) => {
        if (!e.currentTarget.contains(e.relatedTarget as Node | null)) setDragging(false);
      }}
      onDropCapture={onDrop}
    >
      <header className="compose-toolbar">
        <button
          type="button"
          className="button primary compose-send"
          onClick={() => void send()}
          aria-keyshortcuts="Control+Enter Meta+Enter"
          title="Send (Ctrl+Enter)"
          aria-disabled={sending || undefined}
        >
          <FormatIcon name="send" />
          {sending ? 'Sending…' : 'Send'}
        </button>
        <div className="compose-heading">
          <h2 id={titleId} className="compose-title">
            {title}
          </h2>
          <SaveState status={editor.status} />
        </div>
        <button
          type="button"
          className="button quiet"
          data-focus="compose-attach"
          onClick={() => fileInput.current?.click()}
          title="Attach files"
        >
          <Icon name="paperclip" />
          Attach
        </button>
        <input
          ref={fileInput}
          type="file"
          multiple
          hidden
          aria-label="Files to attach"
          onChange={(e) => {
            const files = [...(e.target.files ?? [])];
            e.target.value = '';
            void addFiles(files);
          }}
        />
        <button
          type="button"
          className="button quiet"
          aria-expanded={optionsOpen}
          onClick={() => setOptionsOpen((o) => !o)}
          title="Options for writing from this account"
        >
          Options
        </button>
        <button type="button" className="button quiet" onClick={() => void discard()} title="Delete this draft">
          <Icon name="trash" />
          Discard
        </button>
        <button
          type="button"
          className="button quiet icon-only"
          aria-label="Close and keep the draft"
          aria-keyshortcuts="Escape"
          title="Close and keep the draft (Esc)"
          onClick={() => void close()}
        >
          <Icon name="close" />
        </button>
      </header>
      {optionsOpen && account.settings && (
        <ComposeOptions settings={account.settings} accountLabel={identity?.address ?? ''} onChanged={onSettingsChanged} />
      )}
      {failure && <SendFailureBanner failure={failure} />}
      {problem && (
        <p className="compose-problem error-text" role="alert">
          {problem}
        </p>
      )}
      <div className="compose-fields">
        <AddressField
          label="To"
          focusKey="compose-to"
          value={draft.to}
          onChange={(to) => editor.update({ to })}
          suggest={suggest}
          refused={refused}
          trailing={
            (!showCc || !showBcc) && (
              <span className="compose-cc-toggles">
                {!showCc && (
                  <button type="button" className="link-button" onClick={() => setShowCc(true)} aria-label="Add Cc recipients">
                    Cc
                  </button>
                )}
                {!showBcc && (
                  <button type="button" className="link-button" onClick={() => setShowBcc(true)} aria-label="Add Bcc recipients">
                    Bcc
                  </button>
                )}
              </span>
            )
          }
        />
        {showCc && (
          <AddressField
            label="Cc"
            value={draft.cc}
            onChange={(cc) => editor.update({ cc })}
            suggest={suggest}
            autoFocus={initial.cc.length === 0}
            refused={refused}
          />
        )}
        {showBcc && (
          <AddressField
            label="Bcc"
            value={draft.bcc}
            onChange={(bcc) => editor.update({ bcc })}
            suggest={suggest}
            autoFocus={initial.bcc.length === 0}
            refused={refused}
          />
        )}
        <SubjectField value={draft.subject} onChange={(subject) => editor.update({ subject })} />
        <FromField identities={account.identities} value={identity?.id ?? null} onChange={(identityId) => editor.update({ identityId })} />
      </div>
      {draft.body.format === 'html' ? (
        <RichEditor
          key={editorKey}
          initialHtml={draft.body.html}
          onChange={({ html }) => editor.update({ body: { format: 'html', html } })}
          onReady={onEditorReady}
        />
      ) : (
        <div className="compose-body">
          <textarea
            key={editorKey}
            ref={plainBody}
            className="compose-editor compose-plain"
            aria-label="Message body"
            placeholder="Write your message…"
            value={draft.body.text}
            onChange={(e) => editor.update({ body: { format: 'plain', text: e.target.value } })}
          />
        </div>
      )}
      <ComposeAttachments
        attachments={draft.attachments}
        uploads={uploads}
        onRemove={removeAttachment}
        onDismissUpload={(key) => setUploads((list) => list.filter((u) => u.key !== key))}
        estimatedBytes={estimated}
        limitBytes={account.limits?.maxMessageBytes ?? null}
      />
      {dragging && (
        <div className="compose-drop" aria-hidden="true">
          <Icon name="paperclip" />
          Drop files to attach them
        </div>
      )}
    </section>
  );
}

function SaveState({ status }: { status: SaveStatus }) {
  const words =
    status.state === 'saving'
      ? 'Saving…'
      : status.state === 'saved'
        ? 'Draft saved'
        : status.state === 'failed'
          ? `Not saved: ${status.error.message}`
          : '';
  return (
    <span className={status.state === 'failed' ? 'compose-save-state error-text' : 'compose-save-state muted'} role="status">
      {words}
    </span>
  );
}

function SubjectField({ value, onChange }: { value: string; onChange: (subject: string) => void }) {
  const id = useId();
  return (
    <div className="compose-row">
      <label htmlFor={id} className="compose-label">
        Subject:
      </label>
      <input
        id={id}
        className="compose-input"
        type="text"
        value={value}
        maxLength={2000}
        // One line: a pasted line break would not pass the contract.
        onChange={(e) => onChange(e.target.value.replace(/[\r\n\t]+/g, ' '))}
      />
    </div>
  );
}

function FromField({
  identities,
  value,
  onChange,
}: {
  identities: { id: string; name: string; address: string }[];
  value: string | null;
  onChange: (id: string) => void;
}) {
  const id = useId();
  if (identities.length === 0) return null;
  return (
    <div className="compose-row">
      <label htmlFor={id} className="compose-label">
        From:
      </label>
      <select id={id} className="compose-select" value={value ?? ''} onChange={(e) => onChange(e.target.value)}>
        {identities.map((i) => (
          <option key={i.id} value={i.id}>
            {i.name ? `${i.name} <${i.address}>` : i.address}
          </option>
        ))}
      </select>
    </div>
  );
}
