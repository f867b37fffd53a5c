// The containers of an app icon, written from PNG images: Windows' .ico and
// macOS's .icns. Both may hold PNG data as it is, so no image encoding here.
// Used by scripts/make-icons.mjs; test/unit/app-icons.test.ts reads the result.

/**
 * A .ico file: a 6-byte header, a 16-byte entry per image, then the images.
 * PNG entries are allowed since Windows Vista; a width or height of 256 is written as 0.
 * @param {{ size: number, png: Buffer }[]} images
 */
export function icoFile(images) {
  const header = Buffer.alloc(6);
  header.writeUInt16LE(0, 0); // reserved
  header.writeUInt16LE(1, 2); // type 1 = icon
  header.writeUInt16LE(images.length, 4);
  const entries = [];
  let offset = 6 + 16 * images.length;
  for (const { size, png } of images) {
    if (size > 256) throw new Error(`an .ico image is at most 256 px, not ${size}`);
    const entry = Buffer.alloc(16);
    entry.writeUInt8(size === 256 ? 0 : size, 0);
    entry.writeUInt8(size === 256 ? 0 : size, 1);
    entry.writeUInt8(0, 2); // no palette
    entry.writeUInt8(0, 3); // reserved
    entry.writeUInt16LE(1, 4); // colour planes
    entry.writeUInt16LE(32, 6); // bits per pixel
    entry.writeUInt32LE(png.length, 8);
    entry.writeUInt32LE(offset, 12);
    entries.push(entry);
    offset += png.length;
  }
  return Buffer.concat([header, ...entries, ...images.map((i) => i.png)]);
}

/** The .icns element types that hold a PNG, by the pixel size of their image (the @2x ones are the Retina variants). */
export const ICNS_TYPES = [
  { type: 'icp4', pixels: 16 },
  { type: 'ic11', pixels: 32 }, // 16@2x
  { type: 'icp5', pixels: 32 },
  { type: 'ic12', pixels: 64 }, // 32@2x
  { type: 'ic07', pixels: 128 },
  { type: 'ic13', pixels: 256 }, // 128@2x
  { type: 'ic08', pixels: 256 },
  { type: 'ic14', pixels: 512 }, // 256@2x
  { type: 'ic09', pixels: 512 },
  { type: 'ic10', pixels: 1024 }, // 512@2x
];

/**
 * A .icns file: "icns" and the file's length, then per image its type, the
 * element's length (8 bytes of header included) and the PNG; big-endian.
 * @param {Map<number, Buffer>} pngBySize
 */
export function icnsFile(pngBySize) {
  const elements = ICNS_TYPES.map(({ type, pixels }) => {
    const png = pngBySize.get(pixels);
    if (!png) throw new Error(`no ${pixels} px image for ${type}`);
    const head = Buffer.alloc(8);
    head.write(type, 0, 'ascii');
    head.writeUInt32BE(8 + png.length, 4);
    return Buffer.concat([head, png]);
  });
  const head = Buffer.alloc(8);
  head.write('icns', 0, 'ascii');
  head.writeUInt32BE(8 + elements.reduce((sum, e) => sum + e.length, 0), 4);
  return Buffer.concat([head, ...elements]);
}
