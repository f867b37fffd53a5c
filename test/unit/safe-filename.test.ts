import { describe, expect, it } from 'vitest';
import { safeFilename } from '../../main/base/file-names';

describe('safeFilename', () => {
  it('keeps ordinary names, including non-ASCII ones', () => {
    expect(safeFilename('Rechnung März.pdf', 'application/pdf')).toBe('Rechnung März.pdf');
    expect(safeFilename('報告書.docx', 'application/octet-stream')).toBe('報告書.docx');
  });

  it('never lets a sender choose a directory or a hidden file', () => {
    expect(safeFilename('../../.bashrc', 'text/plain')).toBe('_.._.bashrc');
    expect(safeFilename('/etc/passwd', 'text/plain')).toBe('_etc_passwd');
    expect(safeFilename('..\\..\\boot.ini', 'text/plain')).toBe('_.._boot.ini');
    expect(safeFilename('.hidden', 'text/plain')).toBe('hidden');
    expect(safeFilename('a\u0000b\r\nc<d>.txt', 'text/plain')).toBe('abcd.txt');
  });

  it('names nameless parts by their type', () => {
    expect(safeFilename(null, 'image/png')).toBe('attachment.png');
    expect(safeFilename('   ', 'application/x-weird+type')).toBe('attachment.xweirdtype');
    expect(safeFilename(null, 'garbage')).toBe('attachment');
  });
});
