import { type DragEvent, type RefObject, useRef, useState } from 'react';
import type { DraftAttachment } from '../../../shared/compose';
import { useApi } from '../api/context';
import { toApiError } from '../api/errors';
import { estimateMessageBytes, refuseFile, uploadFile } from './attachments';
import type { Upload } from './ComposeAttachments';
import type { DraftEditor } from './useDraft';

export interface Attachments {
  /** Files on their way to the core, or that failed to get there. */
  uploads: Upload[];
  /** Whether a file is still on its way (Send waits for it). */
  uploading: boolean;
  /** The whole message, estimated, for the size warning. */
  estimatedBytes: number;
  addFiles: (files: File[]) => Promise<void>;
  remove: (attachment: DraftAttachment) => void;
  dismissUpload: (key: number) => void;
  /** The hidden file input behind "Attach". */
  fileInput: RefObject<HTMLInputElement | null>;
  /** Files are being dragged over the pane. */
  dragging: boolean;
  /** For the pane: files dropped anywhere on it are attached. */
  dropZone: {
    onDragOver: (event: DragEvent) => void;
    onDragLeave: (event: DragEvent) => void;
    onDropCapture: (event: DragEvent) => void;
  };
}

/**
 * The draft's attachments: files picked or dropped are uploaded to the core in
 * chunks (with their progress), then become attachments of the draft. An
 * upload stops when the pane is closed (`isClosed`).
 */
export function useAttachments(editor: DraftEditor, isClosed: () => boolean): Attachments {
  const api = useApi();
  const [uploads, setUploads] = useState<Upload[]>([]);
  const [dragging, setDragging] = useState(false);
  const fileInput = useRef<HTMLInputElement>(null);
  const uploadKey = useRef(1);
  const { draft } = editor;

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
          isClosed,
        );
        if (!stored) return;
        setUploads((list) => list.filter((u) => u.key !== key));
        // The latest list at the moment the upload finishes (several may finish while the pane renders once).
        editor.update({ attachments: [...editor.current().attachments, stored] });
      } catch (error) {
        const message = `Could not add ${file.name}: ${toApiError(error).message}`;
        setUploads((list) => list.map((u) => (u.key === key ? { ...u, error: message } : u)));
      }
    }
  }

  function remove(attachment: DraftAttachment) {
    editor.update({ attachments: draft.attachments.filter((a) => a.id !== attachment.id) });
    fileInput.current?.closest('section')?.querySelector<HTMLElement>('[data-focus="compose-attach"]')?.focus();
  }

  const dropZone = {
    onDragOver(event: DragEvent) {
      if (!event.dataTransfer.types.includes('Files')) return;
      event.preventDefault();
      event.dataTransfer.dropEffect = 'copy';
      setDragging(true);
    },
    onDragLeave(event: DragEvent) {
      if (!event.currentTarget.contains(event.relatedTarget as Node | null)) setDragging(false);
    },
    onDropCapture(event: DragEvent) {
      if (!event.dataTransfer.types.includes('Files')) return;
      // Before ProseMirror: dropped files are attachments, not content.
      event.preventDefault();
      event.stopPropagation();
      setDragging(false);
      void addFiles([...event.dataTransfer.files]);
    },
  };

  return {
    uploads,
    uploading: uploads.some((u) => u.error === null),
    estimatedBytes: estimateMessageBytes(
      draft.attachments.map((a) => a.size),
      draft.body.format === 'html' ? draft.body.html.length : draft.body.text.length,
    ),
    addFiles,
    remove,
    dismissUpload: (key) => setUploads((list) => list.filter((u) => u.key !== key)),
    fileInput,
    dragging,
    dropZone,
  };
}
