/**
 * Runs `task` at most once per `delayMs`, however often it is requested, and
 * never twice at the same time. A sync writes in batches and announces each
 * one; re-reading once per 100 ms keeps the UI current without hammering the
 * core. Unlike a plain debounce, a steady stream of requests cannot starve the
 * task: it runs `delayMs` after the first request of each burst.
 */
export class Coalescer {
  #timer: ReturnType<typeof setTimeout> | null = null;
  #running = false;
  #again = false;
  #disposed = false;
  readonly #task: () => Promise<unknown> | undefined;
  readonly #delayMs: number;

  constructor(task: () => Promise<unknown> | undefined, delayMs: number) {
    this.#task = task;
    this.#delayMs = delayMs;
  }

  request(): void {
    if (this.#disposed) return;
    if (this.#running) {
      this.#again = true;
      return;
    }
    this.#timer ??= setTimeout(() => void this.#run(), this.#delayMs);
  }

  /** Runs the task without waiting (a first read), unless it is running already. */
  now(): void {
    if (this.#disposed) return;
    if (this.#running) {
      this.#again = true;
      return;
    }
    if (this.#timer) clearTimeout(this.#timer);
    void this.#run();
  }

  dispose(): void {
    this.#disposed = true;
    if (this.#timer) clearTimeout(this.#timer);
    this.#timer = null;
  }

  async #run(): Promise<void> {
    this.#timer = null;
    this.#running = true;
    try {
      await this.#task();
    } catch {
      // The task reports its own failures; a failed re-read must not stop later ones.
    } finally {
      this.#running = false;
      if (this.#again) {
        this.#again = false;
        this.request();
      }
    }
  }
}
