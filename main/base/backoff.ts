// Reconnect delays: about 2 s, then ×1.5 each time, at most 60 s, each with
// ±20 % jitter so that many clients (or accounts) do not retry in step.

export class Backoff {
  private attempt = 0;

  constructor(
    private readonly firstMs = 2_000,
    private readonly factor = 1.5,
    private readonly maxMs = 60_000,
    private readonly random: () => number = Math.random,
  ) {}

  next(): number {
    const base = Math.min(this.maxMs, this.firstMs * this.factor ** this.attempt);
    this.attempt++;
    return Math.round(base * (0.8 + 0.4 * this.random()));
  }

  reset(): void {
    this.attempt = 0;
  }
}
