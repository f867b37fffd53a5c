import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
// @ts-expect-error: a plain .mjs build script without types
import { ICNS_TYPES, icnsFile, icoFile } from '../../scripts/icon-files.mjs';

// The app icons electron-builder packs (build/, made by scripts/make-icons.mjs
// from build/icon.svg): each container holds PNG images of the sizes it
// declares, read back here with parsers of the formats written for the test.

const build = join(import.meta.dirname, '..', '..', 'build');
const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

/** A PNG's width and height, from its IHDR chunk. */
function pngSize(png: Buffer): { width: number; height: number } {
  expect(png.subarray(0, 8).equals(PNG_SIGNATURE)).toBe(true);
  expect(png.toString('ascii', 12, 16)).toBe('IHDR');
  return { width: png.readUInt32BE(16), height: png.readUInt32BE(20) };
}

function readIco(file: Buffer): { declared: number; png: Buffer }[] {
  expect(file.readUInt16LE(0)).toBe(0);
  expect(file.readUInt16LE(2)).toBe(1);
  const count = file.readUInt16LE(4);
  return Array.from({ length: count }, (_, i) => {
    const entry = 6 + 16 * i;
    const declared = file.readUInt8(entry) || 256;
    const length = file.readUInt32LE(entry + 8);
    const offset = file.readUInt32LE(entry + 12);
    return { declared, png: file.subarray(offset, offset + length) };
  });
}

function readIcns(file: Buffer): { type: string; png: Buffer }[] {
  expect(file.toString('ascii', 0, 4)).toBe('icns');
  expect(file.readUInt32BE(4)).toBe(file.length);
  const elements: { type: string; png: Buffer }[] = [];
  for (let at = 8; at < file.length; ) {
    const length = file.readUInt32BE(at + 4);
    expect(length).toBeGreaterThan(8);
    elements.push({ type: file.toString('ascii', at, at + 4), png: file.subarray(at + 8, at + length) });
    at += length;
  }
  return elements;
}

describe('the app icons', () => {
  it('has a Windows .ico of PNGs from 16 to 256 px, each the size its entry says', () => {
    const images = readIco(readFileSync(join(build, 'icon.ico')));
    expect(images.map((i) => i.declared)).toEqual([16, 24, 32, 48, 64, 128, 256]);
    for (const { declared, png } of images) expect(pngSize(png)).toEqual({ width: declared, height: declared });
  });

  it('has a macOS .icns with every size up to 1024 px (Retina included)', () => {
    const elements = readIcns(readFileSync(join(build, 'icon.icns')));
    expect(elements.map((e) => e.type)).toEqual(ICNS_TYPES.map((t: { type: string }) => t.type));
    for (const [i, { png }] of elements.entries()) {
      const pixels = (ICNS_TYPES[i] as { pixels: number }).pixels;
      expect(pngSize(png)).toEqual({ width: pixels, height: pixels });
    }
  });

  it('has the Linux set and the 1024 px fallback', () => {
    for (const size of [16, 32, 48, 64, 128, 256, 512]) {
      expect(pngSize(readFileSync(join(build, 'icons', `${size}x${size}.png`)))).toEqual({ width: size, height: size });
    }
    expect(pngSize(readFileSync(join(build, 'icon.png')))).toEqual({ width: 1024, height: 1024 });
  });

  it('writes containers the readers above take apart into the same images', () => {
    const fake = (n: number) => Buffer.concat([PNG_SIGNATURE, Buffer.from([n, n, n])]);
    const ico = readIco(icoFile([16, 256].map((size) => ({ size, png: fake(size % 255) }))));
    expect(ico.map((i) => [i.declared, i.png.equals(fake(i.declared % 255))])).toEqual([
      [16, true],
      [256, true],
    ]);
    expect(() => icoFile([{ size: 512, png: fake(1) }])).toThrow(/at most 256/);
    const sizes = new Map<number, Buffer>([16, 32, 64, 128, 256, 512, 1024].map((s) => [s, fake(s % 255)]));
    const icns = readIcns(icnsFile(sizes));
    expect(icns).toHaveLength(ICNS_TYPES.length);
    expect(icns.every((e, i) => e.png.equals(fake((ICNS_TYPES[i] as { pixels: number }).pixels % 255)))).toBe(true);
  });
});
