// A min-heap of "this item is due at time t" entries. Entries are never removed early: each carries the version
// of the item's deadline it was scheduled for, and a stale one is skipped when it comes up.

interface Entry<T> {
  at: number;
  item: T;
  version: number;
}

export class DeadlineQueue<T> {
  private heap: Entry<T>[] = [];

  push(at: number, item: T, version: number): void {
    const heap = this.heap;
    heap.push({ at, item, version });
    let i = heap.length - 1;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (this.at(parent) <= at) break;
      this.swap(i, parent);
      i = parent;
    }
  }

  /** Removes and visits, earliest first, every entry due at or before `now`. */
  popDue(now: number, visit: (item: T, at: number, version: number) => void): void {
    while (this.heap.length > 0 && this.at(0) <= now) {
      const top = this.pop();
      if (top) visit(top.item, top.at, top.version);
    }
  }

  clear(): void {
    this.heap = [];
  }

  private pop(): Entry<T> | undefined {
    const heap = this.heap;
    const top = heap[0];
    const last = heap.pop();
    if (heap.length > 0 && last) {
      heap[0] = last;
      let i = 0;
      for (;;) {
        const left = 2 * i + 1;
        const right = left + 1;
        let smallest = i;
        if (left < heap.length && this.at(left) < this.at(smallest)) smallest = left;
        if (right < heap.length && this.at(right) < this.at(smallest)) smallest = right;
        if (smallest === i) break;
        this.swap(i, smallest);
        i = smallest;
      }
    }
    return top;
  }

  private at(index: number): number {
    return this.heap[index]?.at ?? Number.POSITIVE_INFINITY;
  }

  private swap(a: number, b: number): void {
    const heap = this.heap;
    const first = heap[a];
    const second = heap[b];
    if (first && second) {
      heap[a] = second;
      heap[b] = first;
    }
  }
}
