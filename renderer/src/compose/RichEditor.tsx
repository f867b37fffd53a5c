import type { Editor } from '@tiptap/core';
import { Placeholder } from '@tiptap/extensions';
import { EditorContent, useEditor, useEditorState } from '@tiptap/react';
import StarterKit from '@tiptap/starter-kit';
import { type KeyboardEvent, useEffect, useId, useRef, useState } from 'react';
import { docToText } from './body-text';
import { FormatIcon } from './compose-icons';
import { isSafeHref, safeLinkHref } from './link-safety';

export interface BodyValue {
  html: string;
  text: string;
}

interface Props {
  /** HTML the editor starts with (a draft, a quoted reply); read once. */
  initialHtml: string;
  onChange: (body: BodyValue) => void;
  /** The editor, for the pane to focus it (e.g. after To in a reply). */
  onReady?: (editor: Editor) => void;
  /** Its accessible name and empty-state words (the message body by default; Settings edits a signature with it). */
  label?: string;
  placeholder?: string;
}

/**
 * The message body: ProseMirror through TipTap, limited to what mail carries
 * well (paragraphs, bold, italic, underline, lists, links, quotes). Every link
 * passes link-safety (typed, pasted or autolinked).
 */
export function RichEditor({ initialHtml, onChange, onReady, label = 'Message body', placeholder = 'Write your message…' }: Props) {
  const changed = useRef(onChange);
  changed.current = onChange;
  const [linking, setLinking] = useState(false);
  const editor = useEditor({
    extensions: [
      StarterKit.configure({
        heading: false,
        code: false,
        codeBlock: false,
        horizontalRule: false,
        strike: false,
        link: {
          openOnClick: false,
          autolink: true,
          defaultProtocol: 'https',
          protocols: [],
          isAllowedUri: (url) => isSafeHref(url) || safeLinkHref(url) !== null,
        },
      }),
      Placeholder.configure({ placeholder }),
    ],
    content: initialHtml,
    editorProps: {
      attributes: { class: 'compose-editor', 'aria-label': label, 'aria-multiline': 'true', role: 'textbox' },
      handleKeyDown: (_view, event) => {
        if (event.key.toLowerCase() !== 'k' || !(event.ctrlKey || event.metaKey)) return false;
        setLinking(true);
        return true;
      },
    },
    onUpdate: ({ editor: e }) => changed.current({ html: e.getHTML(), text: docToText(e.getJSON()) }),
  });

  useEffect(() => {
    if (editor && onReady) onReady(editor);
  }, [editor, onReady]);

  return (
    <div className="compose-body">
      {editor && <FormatBar editor={editor} linking={linking} setLinking={setLinking} />}
      <EditorContent editor={editor} className="compose-editor-wrap" />
    </div>
  );
}

/** Bold, italic, underline, lists, quote, link: buttons that say whether they are on (aria-pressed). */
function FormatBar({ editor, linking, setLinking }: { editor: Editor; linking: boolean; setLinking: (on: boolean) => void }) {
  const state = useEditorState({
    editor,
    selector: ({ editor: e }) => ({
      bold: e.isActive('bold'),
      italic: e.isActive('italic'),
      underline: e.isActive('underline'),
      bulletList: e.isActive('bulletList'),
      orderedList: e.isActive('orderedList'),
      blockquote: e.isActive('blockquote'),
      link: e.isActive('link'),
    }),
  });
  const chain = () => editor.chain().focus();
  return (
    <>
      <div className="format-bar" role="toolbar" aria-label="Formatting">
        <FormatButton label="Bold" shortcut="Control+B" icon="bold" on={state.bold} onClick={() => chain().toggleBold().run()} />
        <FormatButton label="Italic" shortcut="Control+I" icon="italic" on={state.italic} onClick={() => chain().toggleItalic().run()} />
        <FormatButton
          label="Underline"
          shortcut="Control+U"
          icon="underline"
          on={state.underline}
          onClick={() => chain().toggleUnderline().run()}
        />
        <span className="format-sep" aria-hidden="true" />
        <FormatButton label="Bulleted list" icon="bullets" on={state.bulletList} onClick={() => chain().toggleBulletList().run()} />
        <FormatButton label="Numbered list" icon="numbers" on={state.orderedList} onClick={() => chain().toggleOrderedList().run()} />
        <FormatButton label="Quote" icon="quote" on={state.blockquote} onClick={() => chain().toggleBlockquote().run()} />
        <span className="format-sep" aria-hidden="true" />
        <FormatButton label="Link" shortcut="Control+K" icon="link" on={state.link || linking} onClick={() => setLinking(!linking)} />
      </div>
      {linking && <LinkBox editor={editor} onDone={() => setLinking(false)} />}
    </>
  );
}

function FormatButton({
  label,
  shortcut,
  icon,
  on,
  onClick,
}: {
  label: string;
  shortcut?: string;
  icon: Parameters<typeof FormatIcon>[0]['name'];
  on: boolean;
  onClick: () => void;
}) {
  return (
    <button
      type="button"
      className={on ? 'format-button on' : 'format-button'}
      aria-label={label}
      aria-pressed={on}
      aria-keyshortcuts={shortcut}
      title={shortcut ? `${label} (${shortcut.replace('Control', 'Ctrl')})` : label}
      // Keep the selection in the editor while clicking.
      onMouseDown={(e) => e.preventDefault()}
      onClick={onClick}
    >
      <FormatIcon name={icon} />
    </button>
  );
}

/** Add or change the link on the selection; only http, https and mailto are accepted. */
function LinkBox({ editor, onDone }: { editor: Editor; onDone: () => void }) {
  const current = editor.getAttributes('link').href;
  const [value, setValue] = useState(typeof current === 'string' ? current : '');
  const [error, setError] = useState<string | null>(null);
  const inputId = useId();
  const errorId = useId();

  function apply() {
    const href = safeLinkHref(value);
    if (href === null) {
      setError('Only web addresses (http, https) and email addresses can be linked.');
      return;
    }
    const { empty } = editor.state.selection;
    const chain = editor.chain().focus().extendMarkRange('link');
    // No text selected: the address itself becomes the linked words.
    if (empty && !editor.isActive('link'))
      chain.insertContent({ type: 'text', text: value.trim(), marks: [{ type: 'link', attrs: { href } }] });
    else chain.setLink({ href });
    chain.run();
    onDone();
  }

  function unlink() {
    editor.chain().focus().extendMarkRange('link').unsetLink().run();
    onDone();
  }

  function onKeyDown(event: KeyboardEvent) {
    if (event.key === 'Enter') {
      event.preventDefault();
      apply();
    } else if (event.key === 'Escape') {
      event.preventDefault();
      event.stopPropagation();
      editor.commands.focus();
      onDone();
    }
  }

  return (
    // biome-ignore lint/a11y/noStaticElementInteractions: Enter/Escape for the controls inside
    <div className="link-box" onKeyDown={onKeyDown}>
      <label htmlFor={inputId}>Link address</label>
      <input
        id={inputId}
        // biome-ignore lint/a11y/noAutofocus: the user just asked to type a link
        autoFocus
        type="text"
        inputMode="url"
        placeholder="https://example.com"
        value={value}
        aria-invalid={error !== null}
        aria-describedby={error ? errorId : undefined}
        onChange={(e) => {
          setValue(e.target.value);
          setError(null);
        }}
      />
      <button type="button" className="button primary" onClick={apply}>
        Apply link
      </button>
      {editor.isActive('link') && (
        <button type="button" className="button" onClick={unlink}>
          Remove link
        </button>
      )}
      <button
        type="button"
        className="button quiet"
        onClick={() => {
          editor.commands.focus();
          onDone();
        }}
      >
        Cancel
      </button>
      {error && (
        <p id={errorId} className="field-error" role="alert">
          {error}
        </p>
      )}
    </div>
  );
}
