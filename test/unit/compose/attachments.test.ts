import { describe, expect, it } from 'vitest';
import {
  bytesToBase64,
  estimateMessageBytes,
  refuseFile,
  uploadContentType,
  uploadFilename,
} from '../../../renderer/src/compose/attachments';
import { MAX_ATTACHMENT_BYTES } from '../../../shared/compose';
import { methodSchemas } from '../../../shared/contract';

describe('files the user attaches', () => {
  it('sends names and types the contract accepts, whatever the browser reports', () => {
    const begin = methodSchemas['drafts.attachmentBegin'];
    const cases: [string, string][] = [
      ['report.pdf', 'application/pdf'],
      ['', ''],
      ['tab\there\u0007.txt', 'text/plain; charset=utf-8'],
      ['x'.repeat(400), 'weird type'],
      ['Отчёт 2026 📎.docx', 'application/vnd.openxmlformats-officedocument.wordprocessingml.document'],
    ];
    for (const [name, type] of cases) {
      const args = { filename: uploadFilename(name), contentType: uploadContentType(type), size: 10 };
      expect(begin.safeParse(args).success, JSON.stringify(args)).toBe(true);
    }
    expect(uploadFilename('')).toBe('attachment');
    expect(uploadContentType('text/plain; charset=utf-8')).toBe('text/plain');
    expect(uploadContentType('')).toBe('application/octet-stream');
  });

  it('refuses a file above the per-attachment limit before uploading it', () => {
    expect(refuseFile({ name: 'film.mkv', size: MAX_ATTACHMENT_BYTES + 1 })).toMatch(/film\.mkv is .* at most/);
    expect(refuseFile({ name: 'ok.pdf', size: MAX_ATTACHMENT_BYTES })).toBeNull();
  });

  it('encodes bytes as base64 the way Node does, also above the spread limit', () => {
    const bytes = new Uint8Array(200_000).map((_, i) => (i * 31 + 7) % 256);
    expect(bytesToBase64(bytes)).toBe(Buffer.from(bytes).toString('base64'));
    expect(bytesToBase64(new Uint8Array())).toBe('');
  });

  it('estimates the sent size from base64 growth', () => {
    const estimate = estimateMessageBytes([3_000_000], 1_000);
    // 3 MB of file is about 4.1 MB in base64 with line breaks.
    expect(estimate).toBeGreaterThan(4_000_000);
    expect(estimate).toBeLessThan(4_200_000);
    expect(estimateMessageBytes([], 0)).toBeLessThan(5_000);
  });
});
