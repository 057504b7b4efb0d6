import { PeriodicTask } from './periodic.task';

const settle = () => new Promise((r) => setImmediate(r));

describe('PeriodicTask.runNow', () => {
  it('runs at once instead of at the next interval, and again after a run that was in hand', async () => {
    const started: number[] = [];
    let finish: () => void = () => undefined;
    const task = new PeriodicTask(
      60000,
      () => {
        started.push(started.length);
        return new Promise<void>((r) => (finish = r));
      },
      (err) => {
        throw err;
      },
    );
    task.start();
    task.runNow();
    expect(started).toHaveLength(1);
    task.runNow();
    task.runNow();
    expect(started).toHaveLength(1);
    finish();
    await settle();
    expect(started).toHaveLength(2);
    finish();
    await settle();
    expect(started).toHaveLength(2);
    await task.stop();
  });

  it('does nothing once stopped, nor before it is started', async () => {
    let runs = 0;
    const task = new PeriodicTask(
      60000,
      () => Promise.resolve(runs++),
      () => undefined,
    );
    task.runNow();
    task.start();
    await task.stop();
    task.runNow();
    await settle();
    expect(runs).toBe(0);
  });
});
