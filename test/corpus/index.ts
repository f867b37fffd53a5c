// The test corpus: generated raw messages with what a parser must find in
// them, broken messages, and a huge one. See generate.ts and malformed.ts.
export { corpusMismatches } from './check.ts';
export { CYCLE } from './cycle.ts';
export { contextFor, corpusMessage, DEFAULT_SEED, generateCorpus, iterateCorpus } from './generate.ts';
export { charsetMessage } from './kinds-text.ts';
export { hugeMessage, type MalformedMessage, malformedMessages } from './malformed.ts';
export { CHARSET_SAMPLES, type CharsetSample } from './samples.ts';
export { type CorpusMessage, type Expected, type ExpectedAttachment, KINDS, type Kind } from './types.ts';
