import { Level } from '../catalogue/trigger.schema';

/**
 * The level a threshold trigger stands at after seeing `value`, given the level it stood at before
 * (`current`, an index into `levels` or -1 for none). A level is entered when the value reaches its `above`
 * and kept while the value stays at or over its `clearBelow`, so values between the two never flap.
 */
export function thresholdLevel(levels: readonly Level[], current: number, value: number): number {
  let reached = -1;
  for (let i = 0; i < levels.length; i++) {
    if (value >= levels[i].above) reached = i;
  }
  let held = -1;
  for (let i = Math.min(current, levels.length - 1); i >= 0; i--) {
    if (value >= (levels[i].clearBelow ?? levels[i].above)) {
      held = i;
      break;
    }
  }
  return Math.max(reached, held);
}
