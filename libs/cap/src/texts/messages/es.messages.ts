import { MessageCatalogue } from './en.messages';

/** Latin American Spanish (es-419). */
export const es: MessageCatalogue = {
  senderName: 'Atalaya, alerta temprana de movimientos migratorios mixtos (Declaración de Los Ángeles)',
  headline:
    '{type, select, pending {Alerta pendiente} firing {Alerta} escalated {Alerta elevada} deEscalated {Alerta reducida} updated {Alerta actualizada} newPeak {Nuevo pico} resolved {Alerta finalizada} cancelled {Alerta retirada} other {Alerta}}{hasLevel, select, yes { ({levelName})} other {}}: {title}',
  level: '{level, select, watch {vigilancia} warning {alerta} emergency {emergencia} other {{level}}}',
  reached:
    '{hasValue, select, yes {La cifra reportada, {value, number} para {period},} other {La cifra de {period}, que la política de intercambio de datos del Estado que informa no permite mostrar aquí,}} alcanzó el umbral de {threshold, number}.',
  clearedBelow:
    '{hasValue, select, yes {La cifra reportada, {value, number} para {period},} other {La cifra de {period}, que la política de intercambio de datos del Estado que informa no permite mostrar aquí,}} quedó por debajo del nivel de desactivación de {threshold, number}.',
  fellBack:
    '{hasValue, select, yes {La cifra reportada, {value, number} para {period},} other {La cifra de {period}, que la política de intercambio de datos del Estado que informa no permite mostrar aquí,}} volvió a quedar por debajo de {threshold, number} antes de que el aumento se sostuviera.',
  pending: 'La alerta se activará si el aumento se sostiene.',
  escalated: 'El nivel subió de {previousLevel} a {level}.',
  deEscalated: 'El nivel bajó de {previousLevel} a {level}.',
  updated:
    '{hasRevisedBy, select, yes {Una cifra tardía o revisada ({revisedBy}) modificó esta alerta; este mensaje reemplaza a los anteriores.} other {Una cifra tardía o revisada modificó esta alerta; este mensaje reemplaza a los anteriores.}}',
  newPeak:
    'Nuevo pico de esta alerta, que sigue en el nivel {level}: {peak, number}, {ratio, number, ::.##} veces el pico anterior de {previousPeak, number}.',
  newPeakWithheld:
    'Nuevo pico de esta alerta, que sigue en {level}; la política de intercambio de datos del Estado que informa no permite mostrar aquí sus cifras.',
  cancelled:
    '{hasRevisedBy, select, yes {Una cifra tardía o revisada ({revisedBy}) retiró esta alerta: no se habría emitido. No tenga en cuenta los mensajes anteriores.} other {Una cifra tardía o revisada retiró esta alerta: no se habría emitido. No tenga en cuenta los mensajes anteriores.}}',
  resolved: 'La alerta ha finalizado.',
  measure: 'Valor comparado con los niveles: {measure, number}.',
  baseline: 'Valor de referencia: {baseline, number}.',
  override: 'Se aplican los umbrales acordados para el siguiente Estado: {country}.',
  daysToFull:
    '{days, plural, =0 {Al ritmo reciente de ingreso neto, la capacidad se alcanzará en menos de un día.} one {Al ritmo reciente de ingreso neto, la capacidad se alcanzará en # día.} other {Al ritmo reciente de ingreso neto, la capacidad se alcanzará en # días.}}',
  silentSince: 'No se han recibido cifras desde el {since, date, instant}.',
  corridor: 'Miembros del corredor con un aumento en curso: {members}.',
  member:
    '{place} ({indicator}): {hasValue, select, yes {{value, number}} other {cifra no compartida}} para {period}, {lagDays, plural, =0 {en el extremo del corredor} one {a # día del extremo del corredor} other {a # días del extremo del corredor}}',
  actionsIntro:
    '{count, plural, one {Acción de respuesta asignada a su organización:} other {Acciones de respuesta asignadas a su organización:}}',
  action:
    '- {organisation}: {description} (plazo: {deadline, date, instant}{hasStatus, select, yes {; estado: {statusName}} other {}})',
  actionStatus:
    '{status, select, acknowledged {recibida} inProgress {en curso} done {realizada} declined {rechazada} other {{status}}}',
  placeInCountry: '{place} ({country})',
};
