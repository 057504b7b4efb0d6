import { metricValue } from './service.process';

const text = `# HELP atalaya_signals_rejected_total Signals rejected.
# TYPE atalaya_signals_rejected_total counter
atalaya_signals_rejected_total{reporter="PAN",code="NOT_JSON",service="ingest"} 2
atalaya_signals_rejected_total{reporter="HND",code="NOT_JSON",service="ingest"} 3
atalaya_signals_rejected_total_extra 100
atalaya_up 1`;

describe('metricValue', () => {
  it('sums the samples whose labels match', () => {
    expect(metricValue(text, 'atalaya_signals_rejected_total', { code: 'NOT_JSON' })).toBe(5);
    expect(metricValue(text, 'atalaya_signals_rejected_total', { reporter: 'PAN' })).toBe(2);
    expect(metricValue(text, 'atalaya_up')).toBe(1);
  });

  it('is zero for a metric that was never counted', () => {
    expect(metricValue(text, 'atalaya_signals_rejected_total', { code: 'TOO_LARGE' })).toBe(0);
  });
});
