/**
 * Validity / boolean bitmaps in the Arrow layout: bit `i` lives in byte `i >> 3` at position
 * `i & 7` (least-significant bit first). A set bit means "valid" (or `true` for boolean values).
 *
 * Bitmaps coming from Arrow carry a *bit offset*: a sliced Arrow vector shares its parent's
 * bitmap, so row `i` of the slice is bit `bitOffset + i`. Bitmaps produced by our kernels always
 * start at bit 0.
 */

/** Bytes needed for `n` bits, rounded up to a multiple of 8 bytes (Arrow pads to 8/64). */
export function bitmapBytes(n: number): number {
  return ((n + 63) >>> 6) << 3;
}

/** A zeroed bitmap for `n` bits. */
export function allocBitmap(n: number): Uint8Array {
  return new Uint8Array(bitmapBytes(n));
}

/** A bitmap with the first `n` bits set (and the padding bits clear). */
export function allOnesBitmap(n: number): Uint8Array {
  const bm = allocBitmap(n);
  const full = n >>> 3;
  bm.fill(0xff, 0, full);
  const rem = n & 7;
  if (rem !== 0) bm[full] = (1 << rem) - 1;
  return bm;
}

export function getBit(bits: Uint8Array, i: number): boolean {
  return (bits[i >>> 3] & (1 << (i & 7))) !== 0;
}

export function setBit(bits: Uint8Array, i: number): void {
  bits[i >>> 3] |= 1 << (i & 7);
}

export function clearBit(bits: Uint8Array, i: number): void {
  bits[i >>> 3] &= ~(1 << (i & 7));
}

const POPCNT8 = new Uint8Array(256);
for (let i = 1; i < 256; i++) POPCNT8[i] = (i & 1) + POPCNT8[i >>> 1];

/** Number of set bits in `[bitOffset, bitOffset + n)`. */
export function countSetBits(bits: Uint8Array, bitOffset: number, n: number): number {
  let count = 0;
  let i = 0;
  // leading bits until byte aligned
  while (i < n && ((bitOffset + i) & 7) !== 0) {
    const j = bitOffset + i;
    count += (bits[j >>> 3] >>> (j & 7)) & 1;
    i++;
  }
  let byte = (bitOffset + i) >>> 3;
  const fullEnd = i + ((n - i) & ~7);
  for (; i < fullEnd; i += 8) count += POPCNT8[bits[byte++]];
  for (; i < n; i++) {
    const j = bitOffset + i;
    count += (bits[j >>> 3] >>> (j & 7)) & 1;
  }
  return count;
}

/**
 * Copies `n` bits from `src` (starting at bit `srcOff`) into `dst` (starting at bit `dstOff`).
 * Destination bits outside the range are preserved. Byte-at-a-time when both offsets align.
 */
export function copyBits(dst: Uint8Array, dstOff: number, src: Uint8Array, srcOff: number, n: number): void {
  let i = 0;
  if ((dstOff & 7) === (srcOff & 7)) {
    while (i < n && ((dstOff + i) & 7) !== 0) {
      copyOneBit(dst, dstOff + i, src, srcOff + i);
      i++;
    }
    const bytes = (n - i) >>> 3;
    if (bytes > 0) {
      const s = (srcOff + i) >>> 3;
      dst.set(src.subarray(s, s + bytes), (dstOff + i) >>> 3);
      i += bytes << 3;
    }
  } else if ((dstOff & 7) === 0) {
    // unaligned source, aligned destination: assemble each destination byte from two source bytes
    const shift = (srcOff + i) & 7;
    const inv = 8 - shift;
    let s = (srcOff + i) >>> 3;
    let d = (dstOff + i) >>> 3;
    const end = i + ((n - i) & ~7);
    for (; i < end; i += 8) {
      dst[d++] = ((src[s] >>> shift) | (src[s + 1] << inv)) & 0xff;
      s++;
    }
  }
  for (; i < n; i++) copyOneBit(dst, dstOff + i, src, srcOff + i);
}

function copyOneBit(dst: Uint8Array, d: number, src: Uint8Array, s: number): void {
  if ((src[s >>> 3] & (1 << (s & 7))) !== 0) dst[d >>> 3] |= 1 << (d & 7);
  else dst[d >>> 3] &= ~(1 << (d & 7));
}

/** A fresh offset-0 copy of bits `[bitOffset, bitOffset + n)`. */
export function sliceBits(bits: Uint8Array, bitOffset: number, n: number): Uint8Array {
  const out = allocBitmap(n);
  copyBits(out, 0, bits, bitOffset, n);
  return out;
}

/**
 * The AND of two optional validity bitmaps over `n` rows, as a fresh offset-0 bitmap, or null
 * when both inputs are null (all valid).
 */
export function andValidity(
  a: Uint8Array | null,
  aOff: number,
  b: Uint8Array | null,
  bOff: number,
  n: number,
): Uint8Array | null {
  if (a === null && b === null) return null;
  if (a === null) return sliceBits(b as Uint8Array, bOff, n);
  if (b === null) return sliceBits(a, aOff, n);
  const out = sliceBits(a, aOff, n);
  if ((bOff & 7) === 0) {
    const bs = bOff >>> 3;
    const bytes = (n + 7) >>> 3;
    for (let k = 0; k < bytes; k++) out[k] &= b[bs + k];
  } else {
    const tmp = sliceBits(b, bOff, n);
    for (let k = 0; k < tmp.length; k++) out[k] &= tmp[k];
  }
  return out;
}

/**
 * Validity of the rows picked by a selection: bit `k` of the result is the validity bit of row
 * `sel[k]`. Returns null when the input has no validity (all valid).
 */
export function gatherValidity(bits: Uint8Array | null, bitOffset: number, sel: Uint32Array): Uint8Array | null {
  if (bits === null) return null;
  const m = sel.length;
  const out = allocBitmap(m);
  for (let k = 0; k < m; k++) {
    const j = bitOffset + sel[k];
    if ((bits[j >>> 3] & (1 << (j & 7))) !== 0) out[k >>> 3] |= 1 << (k & 7);
  }
  return out;
}
