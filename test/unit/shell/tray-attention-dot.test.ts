/** The tray icon's attention variant on Windows and Linux: a red dot, ringed in white, bottom right. */
import { describe, expect, it } from 'vitest';
import { paintAttentionDot } from '../../../src/main/tray-attention-dot.ts';

const SIZE = 16;
const BLUE = [0xff, 0x00, 0x00, 0xff]; // BGRA
const pixel = (bitmap: Uint8Array, x: number, y: number) => [
  ...bitmap.subarray((y * SIZE + x) * 4, (y * SIZE + x) * 4 + 4),
];

describe('paintAttentionDot', () => {
  const icon = new Uint8Array(SIZE * SIZE * 4);
  for (let i = 0; i < icon.length; i += 4) icon.set(BLUE, i);
  const painted = paintAttentionDot(icon, SIZE);

  it('paints a red dot in the bottom-right corner', () => {
    expect(pixel(painted, 11, 11)).toEqual([0x3a, 0x34, 0xd1, 0xff]);
  });

  it('rings the dot in white so it stands out on a red or dark icon', () => {
    expect(pixel(painted, 15, 11)).toEqual([0xff, 0xff, 0xff, 0xff]);
  });

  it('leaves the rest of the icon as it was, and the original untouched', () => {
    expect(pixel(painted, 0, 0)).toEqual(BLUE);
    expect(pixel(painted, 4, 12)).toEqual(BLUE);
    expect(pixel(icon, 11, 11)).toEqual(BLUE);
  });

  it('refuses a bitmap of the wrong size rather than painting out of bounds', () => {
    expect(() => paintAttentionDot(new Uint8Array(10), SIZE)).toThrow(/16×16 BGRA bitmap has 1024 bytes, not 10/);
  });
});
