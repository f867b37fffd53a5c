// Parsing one incoming message for the message list, the reader and the index.
// It never throws: a message mailparser cannot parse still gets a listing
// built from its headers, with the reason in `problems`.
import { logger } from '../base/log';
import { bodyOf } from './body.ts';
import { readEnvelope } from './envelope.ts';
import { decodeHeaderBytes, type RawHeaderLine, readHeaderBlock } from './headers.ts';
import { isShownInline, referencedCids } from './inline-parts.ts';
import { structureProblems } from './problems.ts';
import { type FoundAttachment, type RunResult, runMailParser, type TreeNode } from './run-mailparser.ts';
import { makeSnippet } from './snippet.ts';
import type { AttachmentInfo, ParsedMessage } from './types.ts';

export type { ParsedMessage } from './types.ts';

export async function parseMessage(raw: Buffer): Promise<ParsedMessage> {
  try {
    return fromRun(await runMailParser(raw));
  } catch (err) {
    // The reason goes into the message's problems too; the log keeps the stack.
    logger('mime').warn({ err, bytes: raw.length }, 'a message could not be parsed; only its headers are kept');
    return fromHeadersOnly(raw, err);
  }
}

function fromRun(run: RunResult): ParsedMessage {
  const problems: string[] = [];
  const lines = (run.headerLines as readonly RawHeaderLine[]).filter((l) => l.line.trim() !== '');
  if (run.headerless) problems.push('the message has no header block; all of it is shown as the body');
  const envelope = readEnvelope(lines, problems, run.headers);
  problems.push(...structureProblems(run.tree, run.notes));

  let { text, html } = run.tree ? bodyOf(run.tree) : { text: run.text?.text ?? '', html: run.text?.html ?? null };
  if (!text && html === null) {
    text = rawBodyOfBrokenMultipart(run);
    if (text) problems.push('the raw body is shown as text');
  }
  const withNul = text.includes('\0') || html?.includes('\0') || envelope.subject.includes('\0');
  if (withNul) {
    // SQLite's text functions and the DOM stop at NUL; it never belongs in mail text
    problems.push('NUL bytes removed from the message');
    text = text.replaceAll('\0', '');
    html = html?.replaceAll('\0', '') ?? null;
    envelope.subject = envelope.subject.replaceAll('\0', '');
  }

  const cids = html === null ? new Set<string>() : referencedCids(html);
  const attachments = run.attachments.map((a) => describeAttachment(a, cids));
  return {
    ...envelope,
    text,
    html,
    snippet: makeSnippet(text),
    attachments,
    hasAttachments: attachments.some((a) => !a.inline),
    problems,
    parseFailed: false,
  };
}

function describeAttachment(found: FoundAttachment, cids: ReadonlySet<string>): AttachmentInfo {
  const info: AttachmentInfo = {
    filename: found.filename,
    contentType: found.contentType,
    size: found.size,
    contentId: found.contentId,
    inline: isShownInline(found, cids),
  };
  if (found.partId) info.partId = found.partId;
  return info;
}

/**
 * A multipart whose boundary never matches has no parts, and mailparser drops
 * its body. Like other mail clients, show the raw body rather than nothing.
 */
function rawBodyOfBrokenMultipart(run: RunResult): string {
  const stack: TreeNode[] = run.tree ? [run.tree] : [];
  for (let node = stack.pop(); node; node = stack.pop()) {
    if (node.node.multipart && node.children.length === 0) {
      const chunks = run.notes.multipartBodies.get(node.node);
      if (chunks) return decodeHeaderBytes(Buffer.concat(chunks).toString('latin1')).replace(/\r\n/g, '\n').trim();
    }
    stack.push(...node.children);
  }
  return '';
}

function fromHeadersOnly(raw: Buffer, err: unknown): ParsedMessage {
  const reason = err instanceof Error ? err.message : String(err);
  const problems = [`the message could not be parsed (${reason}); only its headers are shown`];
  const body = { text: '', html: null, snippet: '', attachments: [], hasAttachments: false, problems, parseFailed: true };
  try {
    return { ...readEnvelope(readHeaderBlock(raw), problems), ...body };
  } catch {
    // nothing is readable; the message list still gets a row
    const none = { messageId: null, inReplyTo: null, references: [], subject: '', date: null, unsubscribe: null };
    return { ...none, from: [], to: [], cc: [], bcc: [], replyTo: [], ...body };
  }
}
