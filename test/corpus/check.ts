// Comparing a parse with what the corpus says a correct parser finds. Returns
// the differences in words (empty when all is right), so that a failing test
// shows every mismatch of a message at once; the sync tests can use it on
// what they read back.
import type { ParsedMessage } from '../../main/mime/types.ts';
import type { Expected } from './types.ts';

export function corpusMismatches(parsed: ParsedMessage, expected: Expected): string[] {
  const out: string[] = [];
  const same = (what: string, actual: unknown, wanted: unknown) => {
    if (JSON.stringify(actual) !== JSON.stringify(wanted))
      out.push(`${what}: got ${JSON.stringify(actual)}, want ${JSON.stringify(wanted)}`);
  };
  same('subject', parsed.subject, expected.subject);
  same('from', parsed.from[0], { name: expected.fromName, address: expected.fromAddress });
  same(
    'to',
    parsed.to.map((a) => a.address),
    expected.toAddresses,
  );
  same('messageId', parsed.messageId, expected.messageId);
  same('inReplyTo', parsed.inReplyTo, expected.inReplyTo);
  same('references', parsed.references, expected.references);
  same('date', parsed.date, expected.date);
  for (const phrase of expected.bodyPhrases) {
    if (!parsed.text.includes(phrase)) out.push(`text lacks ${JSON.stringify(phrase.slice(0, 120))}`);
  }
  if (expected.htmlPhrase === null) same('html', parsed.html, null);
  else if (!parsed.html?.includes(expected.htmlPhrase)) out.push(`html lacks ${JSON.stringify(expected.htmlPhrase)}`);
  if (!parsed.snippet.startsWith(expected.snippetStart))
    out.push(`snippet ${JSON.stringify(parsed.snippet)} does not start with ${JSON.stringify(expected.snippetStart)}`);
  same(
    'attachments',
    parsed.attachments.map(({ filename, contentType, size, inline }) => ({ filename, contentType, size, inline })),
    expected.attachments,
  );
  same(
    'hasAttachments',
    parsed.hasAttachments,
    expected.attachments.some((a) => !a.inline),
  );
  same('problems', parsed.problems, []);
  return out;
}
