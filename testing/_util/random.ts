/**
 * The emulator's seeded randomness (internal): a deterministic generator, string hashes, and
 * uuids drawn from a generator, so that two runs with one seed produce the same data.
 *
 * @module
 */

/** A deterministic PRNG (mulberry32) returning floats in [0, 1). */
export type Rng = () => number;

/** Creates a mulberry32 generator from a 32-bit seed. */
export function createRng(seed: number): Rng {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** FNV-1a hash of a string, 32 bits. */
export function hashString(s: string, seed = 0x811c9dc5): number {
  let h = seed >>> 0;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h >>> 0;
}

/** A stateless pseudo-random number in [0, 1) derived from the given parts. */
export function hashUnit(...parts: (string | number)[]): number {
  return hashString(parts.join("|")) / 4294967296;
}

/** A UUID v4 string drawn from a seeded generator (deterministic ids). */
export function seededUuid(rng: Rng): string {
  const hex: string[] = [];
  for (let i = 0; i < 32; i++) hex.push(Math.floor(rng() * 16).toString(16));
  hex[12] = "4";
  hex[16] = ((Math.floor(rng() * 4)) + 8).toString(16);
  const s = hex.join("");
  return `${s.slice(0, 8)}-${s.slice(8, 12)}-${s.slice(12, 16)}-${s.slice(16, 20)}-${s.slice(20)}`;
}
