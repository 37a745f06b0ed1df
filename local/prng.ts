// A small seeded pseudo-random generator (sfc32, seeded through a string
// hash), so that generated samples are byte-identical for the same seed on
// every machine. Never Math.random: a sample must be reproducible.

/** A seeded generator and the draws the sample generators need. */
export interface Random {
  /** A float in [0, 1). */
  next(): number;
  /** An integer in [min, max], both included. */
  int(min: number, max: number): number;
  /** A float in [min, max). */
  float(min: number, max: number): number;
  /** true with probability p. */
  chance(p: number): boolean;
  /** One element of a non-empty list. */
  pick<T>(list: readonly T[]): T;
  /** One key of `{ key: weight }`, by weight. */
  weighted<K extends string>(weights: Readonly<Record<K, number>>): K;
  /** Exponentially distributed, with the given mean. */
  exponential(mean: number): number;
  /** Lower-case hex digits. */
  hex(length: number): string;
  /** A version-4-shaped UUID drawn from this generator. */
  uuid(): string;
}

/**
 * A seeded generator: `next()` in [0, 1), plus the helpers the sample
 * generators need.
 *
 * @example
 *   const random = createRandom('42');
 *   random.int(1, 6); // the same die roll on every run
 */
export function createRandom(seed: string): Random {
  const [a0, b0, c0, d0] = hashSeed(String(seed));
  let a = a0;
  let b = b0;
  let c = c0;
  let d = d0;
  function next(): number {
    a >>>= 0;
    b >>>= 0;
    c >>>= 0;
    d >>>= 0;
    let t = (a + b) | 0;
    a = b ^ (b >>> 9);
    b = (c + (c << 3)) | 0;
    c = (c << 21) | (c >>> 11);
    d = (d + 1) | 0;
    t = (t + d) | 0;
    c = (c + t) | 0;
    return (t >>> 0) / 4294967296;
  }
  // Warm up: the first outputs of sfc32 are correlated with the seed.
  for (let i = 0; i < 15; i++) next();

  const random: Random = {
    next,
    /** An integer in [min, max], both included. */
    int: (min: number, max: number) =>
      min + Math.floor(next() * (max - min + 1)),
    /** A float in [min, max). */
    float: (min: number, max: number) => min + next() * (max - min),
    /** true with probability p. */
    chance: (p: number) => next() < p,
    /** One element of a non-empty list. */
    pick: <T>(list: readonly T[]): T =>
      list[Math.floor(next() * list.length)] as T,
    /** One key of `{ key: weight }`, by weight. */
    weighted<K extends string>(weights: Readonly<Record<K, number>>): K {
      const entries = Object.entries(weights) as [K, number][];
      const total = entries.reduce((sum, [, w]) => sum + w, 0);
      let roll = next() * total;
      for (const [key, weight] of entries) {
        roll -= weight;
        if (roll < 0) return key;
      }
      return entries[entries.length - 1]?.[0] as K;
    },
    /** Exponentially distributed, with the given mean. */
    exponential: (mean: number) => -mean * Math.log(1 - next()),
    /** Lower-case hex digits. */
    hex(length: number) {
      let out = '';
      for (let i = 0; i < length; i++)
        out += Math.floor(next() * 16).toString(16);
      return out;
    },
    /** A version-4-shaped UUID drawn from this generator. */
    uuid() {
      const variant = '89ab'.charAt(Math.floor(next() * 4));
      return `${random.hex(8)}-${random.hex(4)}-4${random.hex(3)}-${variant}${random.hex(3)}-${random.hex(12)}`;
    },
  };
  return random;
}

// cyrb128: four 32-bit words from a string.
function hashSeed(text: string): [number, number, number, number] {
  let h1 = 1779033703;
  let h2 = 3144134277;
  let h3 = 1013904242;
  let h4 = 2773480762;
  for (let i = 0; i < text.length; i++) {
    const k = text.charCodeAt(i);
    h1 = h2 ^ Math.imul(h1 ^ k, 597399067);
    h2 = h3 ^ Math.imul(h2 ^ k, 2869860233);
    h3 = h4 ^ Math.imul(h3 ^ k, 951274213);
    h4 = h1 ^ Math.imul(h4 ^ k, 2716044179);
  }
  h1 = Math.imul(h3 ^ (h1 >>> 18), 597399067);
  h2 = Math.imul(h4 ^ (h2 >>> 22), 2869860233);
  h3 = Math.imul(h1 ^ (h3 >>> 17), 951274213);
  h4 = Math.imul(h2 ^ (h4 >>> 19), 2716044179);
  h1 ^= h2 ^ h3 ^ h4;
  h2 ^= h1;
  h3 ^= h1;
  h4 ^= h1;
  return [h1 >>> 0, h2 >>> 0, h3 >>> 0, h4 >>> 0];
}
