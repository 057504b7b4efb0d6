import type { AlertSummary } from '@atalaya/contracts';
import { triggerIdsOf, triggerIdsOfAlerts } from './catalogue.ids';

describe('the catalogue’s trigger ids', () => {
  it('reads a listing as an array or a page, and refuses anything else', () => {
    expect(triggerIdsOf([{ id: 'a' }, { id: 'b', title: 'B' }])).toEqual(['a', 'b']);
    expect(triggerIdsOf({ items: [{ id: 'a' }], next: null })).toEqual(['a']);
    expect(triggerIdsOf({ items: [{ name: 'a' }] })).toBeUndefined();
    expect(triggerIdsOf(null)).toBeUndefined();
  });

  it('takes each trigger of the alerts once', () => {
    const alert = (id: string) => ({ latest: { trigger: { id } } }) as AlertSummary;
    expect(triggerIdsOfAlerts([alert('b'), alert('a'), alert('b')])).toEqual(['a', 'b']);
  });
});
