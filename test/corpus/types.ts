// What a correct parser must find in each corpus message.

export const KINDS = [
  'plain',
  'utf8',
  'charset',
  'qp-base64',
  'alternative',
  'attachments',
  'related',
  'forward',
  'thread',
  'html-only',
  'special-lines',
] as const;

export type Kind = (typeof KINDS)[number];

export interface ExpectedAttachment {
  filename: string | null;
  contentType: string;
  /** Decoded size in bytes. */
  size: number;
  inline: boolean;
}

export interface Expected {
  kind: Kind;
  /** Charset of the main text part. */
  charset: string;
  messageId: string;
  inReplyTo: string | null;
  references: string[];
  subject: string;
  /** ISO 8601, UTC. */
  date: string;
  fromName: string;
  fromAddress: string;
  toAddresses: string[];
  /** Each must occur in the parsed text (whitespace as written). */
  bodyPhrases: string[];
  /** Must occur in the parsed HTML; null when the message has no HTML. */
  htmlPhrase: string | null;
  /** The snippet must start with this (the first words the sender wrote, quotes skipped). */
  snippetStart: string;
  attachments: ExpectedAttachment[];
}

export interface CorpusMessage {
  raw: Buffer;
  expected: Expected;
}
