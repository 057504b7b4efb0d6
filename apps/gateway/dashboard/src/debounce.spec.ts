import { debounce } from './debounce';

describe('debounce', () => {
  beforeEach(() => jest.useFakeTimers());
  afterEach(() => jest.useRealTimers());

  it('runs once after a burst, and again after a later burst', () => {
    const run = jest.fn();
    const call = debounce(run, 300);
    call();
    jest.advanceTimersByTime(200);
    call();
    call();
    jest.advanceTimersByTime(299);
    expect(run).not.toHaveBeenCalled();
    jest.advanceTimersByTime(1);
    expect(run).toHaveBeenCalledTimes(1);
    call();
    jest.advanceTimersByTime(300);
    expect(run).toHaveBeenCalledTimes(2);
  });
});
