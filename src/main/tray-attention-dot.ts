/**
 * The tray icon's "something needs attention" variant on Windows and Linux, which have no badge
 * for tray icons: a red dot with a white ring, painted over the icon's bottom-right corner. Drawn
 * on the icon's pixels at start so no second image has to ship (and stay in step with the first).
 * Plain bytes in, bytes out: no Electron here.
 */

/** Chromium's bitmaps (nativeImage.toBitmap / createFromBitmap) are BGRA on desktop platforms. */
const DOT = { b: 0x3a, g: 0x34, r: 0xd1 };
const RING = { b: 0xff, g: 0xff, r: 0xff };

/** A copy of a square BGRA bitmap of `size` pixels with the dot painted in its bottom-right corner. */
export function paintAttentionDot(pixels: Uint8Array, size: number): Uint8Array {
  if (pixels.length !== size * size * 4) {
    throw new Error(`A ${size}×${size} BGRA bitmap has ${size * size * 4} bytes, not ${pixels.length}.`);
  }
  const out = Uint8Array.from(pixels);
  const radius = size * 0.3;
  const ring = Math.max(1, size / 16);
  const centre = size - radius - 0.5;
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++) {
      const distance = Math.hypot(x - centre, y - centre);
      if (distance > radius) continue;
      const colour = distance > radius - ring ? RING : DOT;
      const at = (y * size + x) * 4;
      out[at] = colour.b;
      out[at + 1] = colour.g;
      out[at + 2] = colour.r;
      out[at + 3] = 0xff;
    }
  }
  return out;
}
