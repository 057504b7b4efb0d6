/** The engine watches what the library's `silenceWatches` gives, as the backtest does: one copy of the rule. */
export { silenceWatches, type SilenceWatch, type WatchedReporter } from '@atalaya/triggers';
