// A sleep that can be cut short: the sync loop waits on it between passes,
// and anything that has work for the loop (IDLE, a user action, stop) wakes it.

export class Wakeup {
  private pending = false;
  private waiter: (() => void) | undefined;

  /**
   * Resolves after `ms`, or at once when woken (also by a wake that came
   * before the wait): with true when woken, false when the time ran out.
   */
  wait(ms: number): Promise<boolean> {
    if (this.pending) {
      this.pending = false;
      return Promise.resolve(true);
    }
    return new Promise((resolve) => {
      const timer = setTimeout(() => done(false), ms);
      const self = this;
      function done(woken: boolean) {
        clearTimeout(timer);
        self.waiter = undefined;
        resolve(woken);
      }
      this.waiter = () => done(true);
    });
  }

  wake(): void {
    if (this.waiter) this.waiter();
    else this.pending = true;
  }
}
