// A counting semaphore: the engine runs independent resource operations with unbounded parallelism unless told
// otherwise (`pulumi up --parallel N`).

export class Slots {
  private readonly limit: number;
  private active = 0;
  private readonly waiting: Array<() => void> = [];

  /** `limit` <= 0 or undefined means unbounded. */
  constructor(limit?: number) {
    this.limit = limit !== undefined && limit > 0 ? limit : Number.POSITIVE_INFINITY;
  }

  async run<T>(work: () => Promise<T>): Promise<T> {
    if (this.active >= this.limit) await new Promise<void>((resolve) => this.waiting.push(resolve));
    this.active++;
    try {
      return await work();
    } finally {
      this.active--;
      this.waiting.shift()?.();
    }
  }
}
