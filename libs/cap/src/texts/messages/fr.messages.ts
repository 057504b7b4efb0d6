import { MessageCatalogue } from './en.messages';

/**
 * French, with its typography: a no-break space before the colon and the semicolon, and the typographic
 * apostrophe (which ICU MessageFormat also leaves alone, the ASCII one being its quote character).
 */
export const fr: MessageCatalogue = {
  senderName: 'Atalaya, alerte précoce sur les mouvements migratoires mixtes (Déclaration de Los Angeles)',
  headline:
    '{type, select, pending {Alerte en attente} firing {Alerte} escalated {Alerte relevée} deEscalated {Alerte abaissée} updated {Alerte mise à jour} newPeak {Nouveau pic} resolved {Fin d’alerte} cancelled {Alerte retirée} other {Alerte}}{hasLevel, select, yes { ({levelName})} other {}}\u00a0: {title}',
  level: '{level, select, watch {veille} warning {alerte} emergency {urgence} other {{level}}}',
  reached:
    '{hasValue, select, yes {Le chiffre communiqué, {value, number} pour {period},} other {Le chiffre de {period}, que la politique de partage des données de l’État déclarant ne permet pas d’afficher ici,}} a atteint le seuil de {threshold, number}.',
  clearedBelow:
    '{hasValue, select, yes {Le chiffre communiqué, {value, number} pour {period},} other {Le chiffre de {period}, que la politique de partage des données de l’État déclarant ne permet pas d’afficher ici,}} est passé sous le niveau de levée de {threshold, number}.',
  fellBack:
    '{hasValue, select, yes {Le chiffre communiqué, {value, number} pour {period},} other {Le chiffre de {period}, que la politique de partage des données de l’État déclarant ne permet pas d’afficher ici,}} est repassé sous {threshold, number} avant que la hausse ne se confirme.',
  pending: 'L’alerte sera déclenchée si la hausse se confirme.',
  escalated: 'Le niveau a été relevé de {previousLevel} à {level}.',
  deEscalated: 'Le niveau a été abaissé de {previousLevel} à {level}.',
  updated:
    '{hasRevisedBy, select, yes {Un chiffre tardif ou révisé ({revisedBy}) a modifié cette alerte\u00a0; ce message remplace les précédents.} other {Un chiffre tardif ou révisé a modifié cette alerte\u00a0; ce message remplace les précédents.}}',
  newPeak:
    'Nouveau pic de cette alerte, toujours au niveau {level}\u00a0: {peak, number}, soit {ratio, number, ::.##}\u00a0fois le pic précédent de {previousPeak, number}.',
  newPeakWithheld:
    'Nouveau pic pour cette alerte, toujours au niveau {level} ; la politique de partage des données de l’État déclarant ne permet pas d’en afficher ici les chiffres.',
  cancelled:
    '{hasRevisedBy, select, yes {Un chiffre tardif ou révisé ({revisedBy}) a retiré cette alerte\u00a0: elle n’aurait pas été émise. Ne tenez pas compte des messages précédents.} other {Un chiffre tardif ou révisé a retiré cette alerte\u00a0: elle n’aurait pas été émise. Ne tenez pas compte des messages précédents.}}',
  resolved: 'L’alerte est terminée.',
  measure: 'Valeur comparée aux niveaux\u00a0: {measure, number}.',
  baseline: 'Valeur de référence\u00a0: {baseline, number}.',
  override: 'Les seuils convenus pour l’État suivant s’appliquent\u00a0: {country}.',
  daysToFull:
    '{days, plural, =0 {Au rythme récent des entrées nettes, la capacité sera atteinte en moins d’un jour.} one {Au rythme récent des entrées nettes, la capacité sera atteinte en # jour.} other {Au rythme récent des entrées nettes, la capacité sera atteinte en # jours.}}',
  silentSince: 'Aucun chiffre n’a été reçu depuis le {since, date, instant}.',
  corridor: 'Membres du corridor avec une hausse en cours\u00a0: {members}.',
  member:
    '{place} ({indicator})\u00a0: {hasValue, select, yes {{value, number}} other {chiffre non communiqué}} pour {period}, {lagDays, plural, =0 {au bout du corridor} one {à # jour du bout du corridor} other {à # jours du bout du corridor}}',
  actionsIntro:
    '{count, plural, one {Action de réponse attribuée à votre organisation\u00a0:} other {Actions de réponse attribuées à votre organisation\u00a0:}}',
  action:
    '- {organisation}\u00a0: {description} (échéance\u00a0: {deadline, date, instant}{hasStatus, select, yes {\u00a0; statut\u00a0: {statusName}} other {}})',
  actionStatus:
    '{status, select, acknowledged {reçue} inProgress {en cours} done {réalisée} declined {refusée} other {{status}}}',
  placeInCountry: '{place} ({country})',
};
