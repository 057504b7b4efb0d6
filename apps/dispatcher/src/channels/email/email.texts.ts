import { formatIcu, type CapLanguage } from '@atalaya/cap';

/**
 * What an email says around the CAP texts (headline, description, actions, area come from the alert's CAP
 * document, so the email and its attachment never disagree). ICU MessageFormat, as the CAP catalogues:
 * plurals and selects in the message, numbers and dates formatted for the language's locale.
 */
const en = {
  subject:
    '[Atalaya] {title} · {area}{others, plural, =0 {} one { (and # more alert)} other { (and # more alerts)}}',
  intro:
    '{reason, select, first {Atalaya is notifying your organisation of {count, plural, one {an alert} other {# alerts}}.} update {{count, plural, one {An alert your organisation was notified of has changed.} other {Alerts your organisation was notified of have changed.}}} other {Reminder: {count, plural, one {this alert is} other {these alerts are}} still in force.}}',
  statusLabel: 'Status',
  status:
    '{status, select, pending {pending} firing {in force} resolved {ended} cancelled {withdrawn} other {{status}}}',
  severityLabel: 'Severity',
  severity:
    '{severity, select, Extreme {extreme} Severe {severe} Moderate {moderate} Minor {minor} other {unknown}}',
  areaLabel: 'Area',
  alertLabel: 'Alert',
  fact: '{label}: {value}',
  attachments:
    '{count, plural, one {The CAP 1.2 document of the alert is attached ({files}).} other {The CAP 1.2 document of each alert is attached ({files}).}}',
  footer:
    'Notification {id}, sent {sent, date, instant}. Replies to this address are not read: acknowledge through Atalaya (API, CLI or a CAP Ack).',
} as const;

export type EmailTextKey = keyof typeof en;
type EmailCatalogue = Readonly<Record<EmailTextKey, string>>;

const es: EmailCatalogue = {
  subject:
    '[Atalaya] {title} · {area}{others, plural, =0 {} one { (y # alerta más)} other { (y # alertas más)}}',
  intro:
    '{reason, select, first {Atalaya notifica a su organización {count, plural, one {una alerta} other {# alertas}}.} update {{count, plural, one {Cambió una alerta de la que su organización ya fue notificada.} other {Cambiaron alertas de las que su organización ya fue notificada.}}} other {Recordatorio: {count, plural, one {esta alerta sigue vigente} other {estas alertas siguen vigentes}}.}}',
  statusLabel: 'Estado',
  status:
    '{status, select, pending {pendiente} firing {vigente} resolved {terminada} cancelled {retirada} other {{status}}}',
  severityLabel: 'Gravedad',
  severity:
    '{severity, select, Extreme {extrema} Severe {grave} Moderate {moderada} Minor {menor} other {desconocida}}',
  areaLabel: 'Zona',
  alertLabel: 'Alerta',
  fact: '{label}: {value}',
  attachments:
    '{count, plural, one {Se adjunta el documento CAP 1.2 de la alerta ({files}).} other {Se adjunta el documento CAP 1.2 de cada alerta ({files}).}}',
  footer:
    'Notificación {id}, enviada el {sent, date, instant}. Las respuestas a esta dirección no se leen: acuse recibo a través de Atalaya (API, CLI o un Ack CAP).',
};

const pt: EmailCatalogue = {
  subject:
    '[Atalaya] {title} · {area}{others, plural, =0 {} one { (e mais # alerta)} other { (e mais # alertas)}}',
  intro:
    '{reason, select, first {O Atalaya notifica a sua organização de {count, plural, one {um alerta} other {# alertas}}.} update {{count, plural, one {Um alerta já notificado à sua organização mudou.} other {Alertas já notificados à sua organização mudaram.}}} other {Lembrete: {count, plural, one {este alerta continua em vigor} other {estes alertas continuam em vigor}}.}}',
  statusLabel: 'Situação',
  status:
    '{status, select, pending {pendente} firing {em vigor} resolved {encerrado} cancelled {retirado} other {{status}}}',
  severityLabel: 'Gravidade',
  severity:
    '{severity, select, Extreme {extrema} Severe {grave} Moderate {moderada} Minor {menor} other {desconhecida}}',
  areaLabel: 'Área',
  alertLabel: 'Alerta',
  fact: '{label}: {value}',
  attachments:
    '{count, plural, one {O documento CAP 1.2 do alerta segue em anexo ({files}).} other {O documento CAP 1.2 de cada alerta segue em anexo ({files}).}}',
  footer:
    'Notificação {id}, enviada em {sent, date, instant}. As respostas a este endereço não são lidas: confirme o recebimento pelo Atalaya (API, CLI ou um Ack CAP).',
};

const fr: EmailCatalogue = {
  subject:
    '[Atalaya] {title} · {area}{others, plural, =0 {} one { (et # autre alerte)} other { (et # autres alertes)}}',
  intro:
    '{reason, select, first {Atalaya notifie votre organisation {count, plural, one {d’une alerte} other {de # alertes}}.} update {{count, plural, one {Une alerte déjà notifiée à votre organisation a changé.} other {Des alertes déjà notifiées à votre organisation ont changé.}}} other {Rappel\u00a0: {count, plural, one {cette alerte est toujours en vigueur} other {ces alertes sont toujours en vigueur}}.}}',
  statusLabel: 'Statut',
  status:
    '{status, select, pending {en attente} firing {en vigueur} resolved {terminée} cancelled {retirée} other {{status}}}',
  severityLabel: 'Gravité',
  severity:
    '{severity, select, Extreme {extrême} Severe {grave} Moderate {modérée} Minor {mineure} other {inconnue}}',
  areaLabel: 'Zone',
  alertLabel: 'Alerte',
  fact: '{label}\u00a0: {value}',
  attachments:
    '{count, plural, one {Le document CAP 1.2 de l’alerte est joint ({files}).} other {Le document CAP 1.2 de chaque alerte est joint ({files}).}}',
  footer:
    'Notification {id}, envoyée le {sent, date, instant}. Les réponses à cette adresse ne sont pas lues\u00a0: accusez réception via Atalaya (API, CLI ou un Ack CAP).',
};

export const emailCatalogues: Readonly<Record<CapLanguage, EmailCatalogue>> = { es, en, pt, fr };

/** One email text in the language, formatted for its locale, dates in UTC as the CAP texts write them. */
export function emailText(
  language: CapLanguage,
  key: EmailTextKey,
  values: Record<string, string | number | Date> = {},
): string {
  return formatIcu(
    emailCatalogues[language][key],
    language,
    values,
    'UTC',
    `email text ${key} (${language})`,
  );
}
