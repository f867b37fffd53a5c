import { describe, expect, it } from 'vitest';
import { downloadMark } from '../../main/store/opened-attachments';
import { effectiveFilename, isViewableAttachment } from '../../shared/attachment-open';

// "Open" is an allow-list: what a default program shows rather than runs.

describe('which attachments may be opened', () => {
  it('opens images, PDFs, plain text and Office documents without macros', () => {
    for (const name of [
      'photo.JPG',
      'scan.jpeg',
      'chart.png',
      'a.gif',
      'a.webp',
      'IMG_1.HEIC',
      'report.pdf',
      'notes.txt',
      'build.log',
      'letter.docx',
      'budget.xlsx',
      'slides.pptx',
    ]) {
      expect(isViewableAttachment(name), name).toBe(true);
    }
  });

  it('makes everything else Save only, including what the old blocklist missed', () => {
    const missed = [
      'help.chm',
      'addin.xll',
      'app.jnlp',
      'tool.pyw',
      'query.iqy',
      'x.sct',
      'x.wsc',
      'lib.library-ms',
      'q.searchConnector-ms',
      'site.website',
      'page.mht',
      'fmt.ps1xml',
      'run.scpt',
      'macro.docm',
      'macro.xlsm',
      'macro.pptm',
      'tpl.dotm',
      'notebook.one',
    ];
    const classic = ['setup.exe', 'run.bat', 'x.js', 'x.vbs', 'x.hta', 'x.lnk', 'x.jar', 'x.desktop', 'x.sh', 'x.iso', 'x.msi'];
    const risky = [
      'drawing.svg',
      'page.html',
      'page.htm',
      'data.csv',
      'old.doc',
      'old.xls',
      'text.odt',
      'a.rtf',
      'archive.zip',
      'noextension',
      'README',
    ];
    for (const name of [...missed, ...classic, ...risky]) expect(isViewableAttachment(name), name).toBe(false);
  });

  it('decides on the name as Windows stores it: without trailing dots and spaces', () => {
    expect(effectiveFilename('invoice.exe.')).toBe('invoice.exe');
    expect(effectiveFilename('invoice.exe . .  ')).toBe('invoice.exe');
    expect(isViewableAttachment('invoice.exe.')).toBe(false);
    expect(isViewableAttachment('invoice.pdf.exe')).toBe(false);
    expect(isViewableAttachment('invoice.exe.pdf')).toBe(true); // a PDF, whatever its name says before
    expect(isViewableAttachment('report.pdf. ')).toBe(true);
    expect(isViewableAttachment('.pdf')).toBe(false);
  });
});

describe('marking a file written for opening as downloaded', () => {
  const when = new Date('2026-12-07T04:00:00Z');

  it('writes a Zone.Identifier stream with ZoneId=3 (Internet) on Windows', () => {
    expect(downloadMark('win32', 'C:\\data\\opened-attachments\\ab\\report.pdf', when)).toEqual({
      kind: 'stream',
      path: 'C:\\data\\opened-attachments\\ab\\report.pdf:Zone.Identifier',
      content: '[ZoneTransfer]\r\nZoneId=3\r\n',
    });
  });

  it('sets the com.apple.quarantine attribute on macOS', () => {
    const mark = downloadMark('darwin', '/Users/a/data/opened-attachments/ab/report.pdf', when);
    expect(mark).toEqual({
      kind: 'xattr',
      command: '/usr/bin/xattr',
      args: [
        '-w',
        'com.apple.quarantine',
        `0081;${(when.getTime() / 1000).toString(16)};Tidings;`,
        '/Users/a/data/opened-attachments/ab/report.pdf',
      ],
    });
  });

  it('does nothing on Linux, which has no such mark', () => {
    expect(downloadMark('linux', '/home/a/report.pdf', when)).toBeNull();
  });
});
