import { createElement, type ReactNode } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { beforeAll, describe, expect, it } from 'vitest';
import type { AttachmentInfo } from '../../../shared/mail';

// The reader's attachment list in the desktop app (a preload bridge present):
// "Open" only for the types shared/attachment-open.ts allows; the rest say
// "Save only", with the reason in the title.

type Module = typeof import('../../../renderer/src/reader/AttachmentList');
type Context = typeof import('../../../renderer/src/api/context');
let list: Module;
let context: Context;

beforeAll(async () => {
  // Before the module is read: it decides once whether this window can open files.
  (globalThis as { window?: unknown }).window = { tidingsBridge: {} };
  list = await import('../../../renderer/src/reader/AttachmentList');
  context = await import('../../../renderer/src/api/context');
});

function render(attachments: AttachmentInfo[]): string {
  type Props = Parameters<Context['ApiProvider']>[0];
  // children given as createElement's third argument, which its props type does not see.
  const Provider = context.ApiProvider as (props: Omit<Props, 'children'> & { children?: ReactNode }) => ReactNode;
  const value = { api: {} as Props['api'], connection: {} as Props['connection'] };
  return renderToStaticMarkup(createElement(Provider, value, createElement(list.AttachmentList, { messageId: 1, attachments })));
}

const file = (index: number, filename: string | null): AttachmentInfo => ({
  index,
  filename,
  contentType: 'application/octet-stream',
  size: 1000,
  contentId: null,
  inline: false,
});

describe('the attachment list', () => {
  it('offers Open for a PDF, and Save only, with why, for a macro document, a program and a name with trailing dots', () => {
    const html = render([file(0, 'report.pdf'), file(1, 'budget.docm'), file(2, 'setup.exe'), file(3, 'invoice.exe. ')]);
    const items = html.split('<li').slice(1);
    expect(items[0]).toContain('aria-label="Open report.pdf"');
    expect(items[0]).not.toContain('Save only');
    for (const [index, name] of [
      [1, 'budget.docm'],
      [2, 'setup.exe'],
      [3, 'invoice.exe. '],
    ] as const) {
      expect(items[index]).not.toContain('attachment-open');
      expect(items[index]).toContain('Save only');
      expect(items[index]).toContain(
        `title="Tidings opens only images, PDFs, plain text and Office documents without macros. ${name} may be a program`,
      );
      expect(items[index]).toContain(`aria-label="Save ${name}"`);
    }
  });
});
