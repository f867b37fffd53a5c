// main/mime: parsing incoming mail (see parse-message.ts).
export { type AttachmentContent, getAttachment, getInlineParts } from './attachments.ts';
export { parseMessage } from './parse-message.ts';
export { extractSearchText, MAX_SEARCH_TEXT_BYTES } from './search-text.ts';
export type { Address, AttachmentInfo, ParsedMessage } from './types.ts';
