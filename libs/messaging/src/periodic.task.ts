/**
 * Work on a wall-clock interval that never overlaps itself: a run still going when the next is due makes
 * that one skip. `runNow` starts one without waiting for the interval. `stop` waits for the run in hand, so
 * a service closes what the work writes to only after it. A run that fails is handed to `onError`; the next
 * one tries again.
 */
export class PeriodicTask {
  private timer?: NodeJS.Timeout;
  private running?: Promise<void>;
  private again = false;

  constructor(
    private readonly everyMs: number,
    private readonly run: () => Promise<unknown>,
    private readonly onError: (err: unknown) => void,
  ) {}

  start(): void {
    this.timer = setInterval(() => this.runUnlessBusy(), this.everyMs).unref();
  }

  async stop(): Promise<void> {
    clearInterval(this.timer);
    this.timer = undefined;
    await this.running;
  }

  /**
   * Runs now rather than at the next interval, for work that was just made due. A run in hand may have
   * looked before that work existed, so another follows it.
   */
  runNow(): void {
    if (this.running) this.again = true;
    else this.runUnlessBusy();
  }

  private runUnlessBusy(): void {
    if (this.running || !this.timer) return;
    this.again = false;
    this.running = this.run()
      .then(() => undefined)
      .catch(this.onError)
      .finally(() => {
        this.running = undefined;
        if (this.again) this.runUnlessBusy();
      });
  }
}
