import type { Editor } from '@tiptap/core';
import { type RefObject, useCallback, useEffect, useRef, useState } from 'react';
import type { Draft } from '../../../shared/compose';
import { docToText } from './body-text';
import { convertBody } from './draft-body';
import type { DraftEditor } from './useDraft';

export interface ComposeBody {
  /** Remounts the editor: the rich editor reads its content once, so a format switch gives it the converted body. */
  editorKey: number;
  plainBody: RefObject<HTMLTextAreaElement | null>;
  onEditorReady: (editor: Editor) => void;
  /** Rich text or plain text, converting what is written. */
  setFormat: (format: 'html' | 'plain') => void;
  /** A body changed from outside the editor (the signature of another identity): shown at once. */
  replace: (body: Draft['body']) => void;
}

const isReply = (draft: Draft) => draft.source?.mode === 'reply' || draft.source?.mode === 'replyAll';

/**
 * The message body (rich or plain) and where the keyboard starts: in the body
 * when replying (the recipients are filled in), else in To.
 */
export function useComposeBody(initial: Draft, editor: DraftEditor, section: RefObject<HTMLElement | null>): ComposeBody {
  const bodyEditor = useRef<Editor | null>(null);
  const plainBody = useRef<HTMLTextAreaElement>(null);
  const [editorKey, setEditorKey] = useState(0);

  useEffect(() => {
    if (isReply(initial)) {
      if (initial.body.format === 'plain') {
        plainBody.current?.focus();
        plainBody.current?.setSelectionRange(0, 0);
      }
      // The rich editor focuses itself in onEditorReady.
    } else section.current?.querySelector<HTMLElement>('[data-focus="compose-to"]')?.focus();
  }, [initial, section]);

  const onEditorReady = useCallback(
    (e: Editor) => {
      bodyEditor.current = e;
      if (isReply(initial)) e.commands.focus('start');
    },
    [initial],
  );

  function setFormat(format: 'html' | 'plain') {
    // The editor's own document gives the best text (lists, quotes, links); without it, the HTML's text.
    const htmlToText = (html: string) =>
      bodyEditor.current && !bodyEditor.current.isDestroyed
        ? docToText(bodyEditor.current.getJSON())
        : (new DOMParser().parseFromString(html, 'text/html').body.textContent ?? '');
    editor.update({ body: convertBody(editor.draft.body, format, htmlToText) });
    setEditorKey((k) => k + 1);
  }

  function replace(next: Draft['body']) {
    editor.update({ body: next });
    setEditorKey((k) => k + 1);
  }

  return { editorKey, plainBody, onEditorReady, setFormat, replace };
}
