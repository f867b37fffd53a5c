import { describe, expect, it } from 'vitest';
import { parseMessage } from '../../../main/mime/parse-message.ts';
import { fileData } from '../../corpus/context.ts';
import { CYCLE, corpusMessage, corpusMismatches, generateCorpus, KINDS } from '../../corpus/index.ts';
import { Random } from '../../corpus/random.ts';

// ten rounds of the kind cycle: every kind, every charset with and without attachment
const COUNT = CYCLE.length * 10;
const corpus = generateCorpus(COUNT);

describe('the generated corpus', () => {
  it('has every kind', () => {
    expect(new Set(corpus.map((m) => m.expected.kind))).toEqual(new Set(KINDS));
  });

  it('is the same bytes for the same seed, and other bytes for another', () => {
    for (const i of [0, 5, 12, 19, 25, 399]) {
      expect(corpusMessage(i).raw.equals(corpus[i]?.raw ?? Buffer.alloc(0))).toBe(true);
      expect(corpusMessage(i, 2).raw.equals(corpus[i]?.raw ?? Buffer.alloc(0))).toBe(false);
    }
  });

  it('has distinct Message-IDs, dates over several years, and only CRLF line ends', () => {
    expect(new Set(corpus.map((m) => m.expected.messageId)).size).toBe(COUNT);
    const years = new Set(corpus.map((m) => m.expected.date.slice(0, 4)));
    expect(years.size).toBeGreaterThan(5);
    for (const { raw, expected } of corpus) {
      const text = raw.toString('latin1');
      expect(raw.includes(0)).toBe(false);
      expect(/(?<!\r)\n|\r(?!\n)/.test(text)).toBe(false);
      // RFC 5322 2.1.1: lines of at most 998 octets, but where a long line is the point
      if (expected.kind !== 'special-lines') expect(text.split('\r\n').every((line) => line.length <= 998)).toBe(true);
    }
  });

  it('builds attachment bodies that decode to the bytes they claim', () => {
    const rng = new Random(42);
    const max = 36_792 * 57;
    for (const size of [0, 1, 56, 57, 58, 171, 1000, 65_537, 999_999, max - 1, max]) {
      for (const type of ['application/pdf', 'image/png', 'application/octet-stream']) {
        const file = fileData(rng, size, type);
        const decoded = Buffer.from(Buffer.concat(file.base64).toString('latin1'), 'base64');
        expect(decoded.length).toBe(size);
        expect(decoded.equals(file.content())).toBe(true);
      }
    }
  });

  it('threads refer to earlier messages of the corpus, oldest first', () => {
    const byId = new Map(corpus.map((m, i) => [m.expected.messageId, { i, date: m.expected.date }]));
    const replies = corpus.filter((m) => m.expected.kind === 'thread');
    expect(replies.length).toBeGreaterThan(0);
    for (const { expected } of replies) {
      const chain = expected.references.map((id) => byId.get(id));
      expect(chain.every(Boolean)).toBe(true);
      expect(expected.references.at(-1)).toBe(expected.inReplyTo);
      // each answer comes after what it answers
      const dates = [...chain.map((c) => c?.date ?? ''), expected.date];
      expect([...dates].sort()).toEqual(dates);
    }
  });
});

describe('parseMessage on the corpus', () => {
  it.each(KINDS)('parses every %s message to what the corpus expects', async (kind) => {
    const messages = corpus.filter((m) => m.expected.kind === kind);
    for (const { raw, expected } of messages) {
      const parsed = await parseMessage(raw);
      expect({ index: expected.bodyPhrases[0], mismatches: corpusMismatches(parsed, expected) }).toEqual({
        index: expected.bodyPhrases[0],
        mismatches: [],
      });
    }
  });
});
