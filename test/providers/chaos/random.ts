// A small seeded generator for the chaos run: the whole sequence of operations and faults follows from one seed,
// so a failing run replays with TRTC_CHAOS_SEED.

export class SeededRandom {
  private state: number;

  constructor(seed: number) {
    this.state = seed >>> 0;
  }

  /** Uniform in [0, 1) (mulberry32). */
  next(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  /** Integer in [min, max]. */
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }

  chance(probability: number): boolean {
    return this.next() < probability;
  }

  pick<T>(items: readonly T[]): T {
    if (items.length === 0) throw new Error("pick from an empty list");
    return items[Math.floor(this.next() * items.length)] as T;
  }

  /** One key of `weights`, with probability proportional to its weight. */
  weighted<K extends string>(weights: Readonly<Record<K, number>>): K {
    const entries = Object.entries(weights) as Array<[K, number]>;
    const total = entries.reduce((sum, [, weight]) => sum + weight, 0);
    let roll = this.next() * total;
    for (const [key, weight] of entries) {
      roll -= weight;
      if (roll < 0) return key;
    }
    return (entries.at(-1) as [K, number])[0];
  }
}

/** The seed from TRTC_CHAOS_SEED, else a fresh one; printed by the caller so a failure can be replayed. */
export function chaosSeed(env: NodeJS.ProcessEnv = process.env): number {
  const raw = env.TRTC_CHAOS_SEED;
  if (raw !== undefined && raw !== "") {
    const seed = Number(raw);
    if (!Number.isSafeInteger(seed) || seed < 0)
      throw new Error(`TRTC_CHAOS_SEED must be a non-negative integer: ${raw}`);
    return seed >>> 0;
  }
  return Math.floor(Math.random() * 2 ** 32);
}

/** The number of steps from TRTC_CHAOS_STEPS (a longer run), else `fallback`. */
export function chaosSteps(fallback: number, env: NodeJS.ProcessEnv = process.env): number {
  const raw = env.TRTC_CHAOS_STEPS;
  if (raw === undefined || raw === "") return fallback;
  const steps = Number(raw);
  if (!Number.isSafeInteger(steps) || steps < 1) throw new Error(`TRTC_CHAOS_STEPS must be a positive integer: ${raw}`);
  return steps;
}
