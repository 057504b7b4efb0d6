/**
 * Work on a wall-clock interval that never overlaps itself: a run still going when the next is due makes
 * that one skip. `stop` waits for the run in hand, so a service closes what the work writes to only after it.
 * A run that fails is handed to `onError`; the next one tries again.
 */
export class PeriodicTask {
  private timer?: NodeJS.Timeout;
  private running?: Promise<void>;

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

  private runUnlessBusy(): void {
    if (this.running || !this.timer) return;
    this.running = this.run()
      .then(() => undefined)
      .catch(this.onError)
      .finally(() => (this.running = undefined));
  }
}
