/**
 * The recalibration method's own settings (docs/catalogue.md, "Calibration"). The defaults are the ones
 * that calibrated the default catalogue on 2018–2022, chosen before any month of 2023 was looked at.
 */
export interface CalibrationSettings {
  /** Trailing years of history, before the as-of month, that the levels are set from. */
  readonly years: number;
  /**
   * Percentiles for the levels, lowest first. A trigger of n levels takes the last n: three levels get the
   * 75th, 90th and 97.5th, two the 90th and 97.5th.
   */
  readonly percentiles: readonly number[];
  /** Absolute levels are rounded down to this many significant figures. */
  readonly figures: number;
  /** An absolute level clears at this fraction of itself, rounded down the same way. */
  readonly clearFraction: number;
  /** Relative levels (multiples of a series' own high) are rounded down to a multiple of this. */
  readonly relativeStep: number;
  /**
   * A relative level is at least one step above this, and the lowest clears here: a rolling sum level with
   * its own high is no surge, however calm the calibration years were.
   */
  readonly relativeFloor: number;
  /** Months (absolute) or measures (relative, pooled) a trigger needs in the window to be recalibrated. */
  readonly minValues: number;
  /** Measures a state needs of its own for its own relative levels, as an override. */
  readonly ownLevelsFrom: number;
}

export const defaultCalibration: CalibrationSettings = {
  years: 5,
  percentiles: [75, 90, 97.5],
  figures: 2,
  clearFraction: 0.8,
  relativeStep: 0.05,
  relativeFloor: 1,
  minValues: 24,
  ownLevelsFrom: 36,
};
