// Latest runs at most one request at a time and, while one is in flight, keeps only the newest
// waiting request: typing fast (or pasting a huge document) never piles up work in the worker.
// A superseded caller gets the answer to the request that replaced it, which is the answer to
// the newest input; callers decide from their own state whether it is still current.
export class Latest<Q, R> {
  private inFlight = false;
  private next: { request: Q; waiters: ((r: R) => void)[] } | null = null;

  constructor(private readonly send: (request: Q) => Promise<R>) {}

  run(request: Q): Promise<R> {
    return new Promise((resolve) => {
      if (!this.inFlight) {
        this.start(request, [resolve]);
        return;
      }
      const waiters = this.next ? this.next.waiters : [];
      waiters.push(resolve);
      this.next = { request, waiters };
    });
  }

  private start(request: Q, waiters: ((r: R) => void)[]) {
    this.inFlight = true;
    // send never rejects (core.call resolves errors as responses).
    this.send(request).then((r) => {
      this.inFlight = false;
      for (const w of waiters) w(r);
      const next = this.next;
      this.next = null;
      if (next) this.start(next.request, next.waiters);
    });
  }
}
