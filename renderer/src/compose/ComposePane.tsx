import { type KeyboardEvent, useId, useRef, useState } from 'react';
import type { ComposeSettings, Draft, OutboxItem } from '../../../shared/compose';
import type { Address } from '../../../shared/mail';
import { subjectText } from '../common/format';
import { Icon } from '../components/icons';
import { useAllIdentities, useComposeAccount } from '../queries/useComposeAccount';
import { ComposeAttachments } from './ComposeAttachments';
import { FromField, SaveState, SubjectField } from './ComposeFields';
import { ComposeOptions } from './ComposeOptions';
import { FormatIcon } from './compose-icons';
import { identityOf, signatureOf, swapSignature } from './draft-body';
import { RecipientFields } from './RecipientFields';
import { RichEditor } from './RichEditor';
import { SendFailureBanner } from './SendFailureBanner';
import type { SendFailure } from './send-failure';
import { useAttachments } from './useAttachments';
import { useComposeBody } from './useComposeBody';
import { useDraft } from './useDraft';
import { useDraftExit } from './useDraftExit';
import { useSend } from './useSend';

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
  /** Each account's name (From groups identities by account). */
  accountNames: ReadonlyMap<string, string>;
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
 * moment after each change (useDraft); Escape closes and keeps it
 * (useDraftExit). This component lays the pieces out; each concern has its
 * hook: the body and the first focus (useComposeBody), attachments
 * (useAttachments), sending (useSend), recipients (RecipientFields).
 */
export function ComposePane({ draft: initial, failure, suggest, onClose, onSent, accountNames }: Props) {
  const editor = useDraft(initial);
  const { draft } = editor;
  const account = useComposeAccount(draft.accountId);
  const titleId = useId();
  const section = useRef<HTMLElement>(null);
  const [optionsOpen, setOptionsOpen] = useState(false);
  const exit = useDraftExit(editor, onClose);
  const attachments = useAttachments(editor, exit.isClosed);
  const body = useComposeBody(initial, editor, section);
  const { send, sending } = useSend({
    editor,
    account,
    exit,
    uploading: attachments.uploading,
    onSent,
    onInvalid: () => section.current?.querySelector<HTMLElement>('[data-focus="compose-to"]')?.focus(),
  });
  const identity = identityOf(draft, account.identities);
  const allIdentities = useAllIdentities();

  // Another identity: perhaps of another account (then it sends through that account's server and files its Sent copy there), and its signature.
  function onFromChanged(identityId: string) {
    const next = allIdentities.find((i) => i.id === identityId);
    if (!next) return;
    editor.update({ accountId: next.accountId, identityId: next.id });
    body.replace(swapSignature(editor.draft.body, signatureOf(identity), signatureOf(next)));
  }

  function onSettingsChanged(settings: ComposeSettings) {
    account.setSettings(settings);
    if (settings.format !== draft.body.format) body.setFormat(settings.format);
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
      void exit.close();
    }
  }

  const mode = draft.source?.mode ?? 'new';
  const title = draft.subject.trim() ? subjectText(draft.subject) : TITLES[mode];

  return (
    <section
      ref={section}
      className={attachments.dragging ? 'compose dragging' : 'compose'}
      aria-labelledby={titleId}
      onKeyDownCapture={onKeyDownCapture}
      onKeyDown={onKeyDown}
      {...attachments.dropZone}
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
          onClick={() => attachments.fileInput.current?.click()}
          title="Attach files"
        >
          <Icon name="paperclip" />
          Attach
        </button>
        <input
          ref={attachments.fileInput}
          type="file"
          multiple
          hidden
          aria-label="Files to attach"
          onChange={(e) => {
            const files = [...(e.target.files ?? [])];
            e.target.value = '';
            void attachments.addFiles(files);
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
        <button type="button" className="button quiet" onClick={() => void exit.discard()} title="Delete this draft">
          <Icon name="trash" />
          Discard
        </button>
        <button
          type="button"
          className="button quiet icon-only"
          aria-label="Close and keep the draft"
          aria-keyshortcuts="Escape"
          title="Close and keep the draft (Esc)"
          onClick={() => void exit.close()}
        >
          <Icon name="close" />
        </button>
      </header>
      {optionsOpen && account.settings && (
        <ComposeOptions settings={account.settings} accountLabel={identity?.address ?? ''} onChanged={onSettingsChanged} />
      )}
      {failure && <SendFailureBanner failure={failure} />}
      {exit.problem && (
        <p className="compose-problem error-text" role="alert">
          {exit.problem}
        </p>
      )}
      <div className="compose-fields">
        <RecipientFields initial={initial} draft={draft} refused={failure?.refused ?? []} suggest={suggest} onChange={editor.update} />
        <SubjectField value={draft.subject} onChange={(subject) => editor.update({ subject })} />
        <FromField
          identities={allIdentities.length > 0 ? allIdentities : account.identities}
          accounts={accountNames}
          value={identity?.id ?? null}
          onChange={onFromChanged}
        />
      </div>
      {draft.body.format === 'html' ? (
        <RichEditor
          key={body.editorKey}
          initialHtml={draft.body.html}
          onChange={({ html }) => editor.update({ body: { format: 'html', html } })}
          onReady={body.onEditorReady}
        />
      ) : (
        <div className="compose-body">
          <textarea
            key={body.editorKey}
            ref={body.plainBody}
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
        uploads={attachments.uploads}
        onRemove={attachments.remove}
        onDismissUpload={attachments.dismissUpload}
        estimatedBytes={attachments.estimatedBytes}
        limitBytes={account.limits?.maxMessageBytes ?? null}
      />
      {attachments.dragging && (
        <div className="compose-drop" aria-hidden="true">
          <Icon name="paperclip" />
          Drop files to attach them
        </div>
      )}
    </section>
  );
}
