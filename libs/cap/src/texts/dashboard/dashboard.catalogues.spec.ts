import { CAP_LANGUAGE_TAGS } from '../languages';
import { messageSignature } from '../message.signature';
import { dashboardEn, DashboardMessageKey } from './dashboard.en.messages';
import {
  actionStatusName,
  dashboardCatalogues,
  dashboardLanguageOf,
  formatDashboard,
  levelName,
} from './dashboard.texts';

describe('the dashboard catalogues', () => {
  const keys = Object.keys(dashboardEn) as DashboardMessageKey[];

  it('Spanish has every English message, with the same arguments and options', () => {
    expect(Object.keys(dashboardCatalogues.es).sort()).toEqual([...keys].sort());
    for (const key of keys) {
      expect({ key, arguments: messageSignature(dashboardCatalogues.es[key], CAP_LANGUAGE_TAGS.es) }).toEqual(
        {
          key,
          arguments: messageSignature(dashboardEn[key], 'en'),
        },
      );
    }
  });

  it('Spanish is translated, not copied from English', () => {
    const copied = keys.filter((k) => dashboardCatalogues.es[k] === dashboardEn[k]);
    expect(copied).toEqual(['appTitle', 'instant', 'chartThreshold', 'ackLine']);
  });

  it('formats plurals, numbers and instants for the locale, the zone named', () => {
    expect(formatDashboard('es', 'alertCount', { count: 2 }, 'UTC')).toBe('2 alertas');
    expect(formatDashboard('en', 'alertCount', { count: 1 }, 'UTC')).toBe('1 alert');
    expect(
      formatDashboard(
        'en',
        'overdueLine',
        { action: 'a', organisation: 'iom', due: new Date('2026-03-04T05:06:00Z') },
        'America/Panama',
      ),
    ).toBe('a (iom), due March 4, 2026 at 12:06 AM EST');
    expect(formatDashboard('es', 'chartThreshold', { level: 'alerta', threshold: 13000 }, 'UTC')).toBe(
      'alerta: 13,000',
    );
  });

  it('names levels and action statuses as the CAP texts do', () => {
    expect(levelName('es', 'emergency')).toBe('emergencia');
    expect(levelName('en', 'flood')).toBe('flood');
    expect(actionStatusName('es', 'in_progress')).toBe('en curso');
    expect(actionStatusName('en', 'in_progress')).toBe('in progress');
  });

  it("takes the first of the browser's languages it has, else Spanish", () => {
    expect(dashboardLanguageOf(['fr-CA', 'en-US', 'es'])).toBe('en');
    expect(dashboardLanguageOf(['pt-BR'])).toBe('es');
  });
});
