// What was wrong with a message's MIME structure that parsing survived,
// in words a person can read in a "message details" view or a log.
import { MAX_BODY_DEPTH } from './body.ts';
import type { ChunkNotes } from './chunk-observer.ts';
import type { SplitNode, TreeNode } from './run-mailparser.ts';

/** Deeper than this is reported: real mail nests a handful of levels, a few dozen is an attack or a loop. */
const SUSPICIOUS_DEPTH = 25;

export function structureProblems(tree: TreeNode | null, notes: ChunkNotes): string[] {
  const problems: string[] = [];
  if (notes.deepestLevel > SUSPICIOUS_DEPTH) {
    const cut = notes.deepestLevel > MAX_BODY_DEPTH ? `; parts below level ${MAX_BODY_DEPTH} are not shown` : '';
    problems.push(`MIME parts are nested ${notes.deepestLevel} levels deep${cut}`);
  }
  for (const node of notes.badBase64) problems.push(`bad base64 in ${partName(node)}: invalid characters or a truncated end were skipped`);
  // an explicit stack: the tree can be as deep as mailsplit allows (1000 parts)
  const stack = tree ? [tree] : [];
  for (let node = stack.pop(); node; node = stack.pop()) {
    // reversed, so that parts are visited (and reported) in document order
    stack.push(...node.children.toReversed());
    const split = node.node;
    if (split.multipart && node.children.length === 0) {
      problems.push(
        split._boundary ? `no part of ${split.contentType} matches its boundary` : `${split.contentType} has no boundary parameter`,
      );
    }
    if (node.textContent !== undefined && !node.isAttachment) {
      const charset = split.charset || 'us-ascii';
      if (node.contentStream?.supported === false) problems.push(`unknown charset "${charset}" in ${partName(split)}; read as UTF-8`);
      else if (node.textContent.includes('\ufffd')) problems.push(`bytes that are not valid ${charset} in ${partName(split)}`);
    }
  }
  return problems;
}

/** "part 1.2" as IMAP numbers it (RFC 3501 6.4.5), or "the body" for a single-part message. */
export function partName(node: SplitNode): string {
  const numbers = (node.partNr || []).filter((n) => typeof n === 'number');
  return numbers.length ? `part ${numbers.join('.')}` : 'the body';
}
