import { MessageCatalogue } from './en.messages';

/** Brazilian Portuguese (pt-BR). "Alerta" is masculine there. */
export const pt: MessageCatalogue = {
  senderName: 'Atalaya, alerta precoce de movimentos migratórios mistos (Declaração de Los Angeles)',
  headline:
    '{type, select, pending {Alerta pendente} firing {Alerta} escalated {Alerta elevado} deEscalated {Alerta reduzido} updated {Alerta atualizado} newPeak {Novo pico} resolved {Alerta encerrado} cancelled {Alerta retirado} other {Alerta}}{hasLevel, select, yes { ({levelName})} other {}}: {title}',
  level: '{level, select, watch {vigilância} warning {alerta} emergency {emergência} other {{level}}}',
  reached:
    '{hasValue, select, yes {O número informado, {value, number} para {period},} other {O número de {period}, que a política de compartilhamento de dados do Estado informante não permite mostrar aqui,}} atingiu o limiar de {threshold, number}.',
  clearedBelow:
    '{hasValue, select, yes {O número informado, {value, number} para {period},} other {O número de {period}, que a política de compartilhamento de dados do Estado informante não permite mostrar aqui,}} ficou abaixo do nível de desativação de {threshold, number}.',
  fellBack:
    '{hasValue, select, yes {O número informado, {value, number} para {period},} other {O número de {period}, que a política de compartilhamento de dados do Estado informante não permite mostrar aqui,}} voltou a ficar abaixo de {threshold, number} antes que o aumento se sustentasse.',
  pending: 'O alerta será acionado se o aumento se sustentar.',
  escalated: 'O nível subiu de {previousLevel} para {level}.',
  deEscalated: 'O nível baixou de {previousLevel} para {level}.',
  updated:
    '{hasRevisedBy, select, yes {Um número tardio ou revisado ({revisedBy}) alterou este alerta; esta mensagem substitui as anteriores.} other {Um número tardio ou revisado alterou este alerta; esta mensagem substitui as anteriores.}}',
  newPeak:
    'Novo pico deste alerta, que continua no nível {level}: {peak, number}, {ratio, number, ::.##} vezes o pico anterior de {previousPeak, number}.',
  newPeakWithheld:
    'Novo pico deste alerta, ainda em {level}; a política de compartilhamento de dados do Estado informante não permite mostrar aqui os seus números.',
  cancelled:
    '{hasRevisedBy, select, yes {Um número tardio ou revisado ({revisedBy}) retirou este alerta: ele não teria sido emitido. Desconsidere as mensagens anteriores.} other {Um número tardio ou revisado retirou este alerta: ele não teria sido emitido. Desconsidere as mensagens anteriores.}}',
  resolved: 'O alerta foi encerrado.',
  measure: 'Valor comparado com os níveis: {measure, number}.',
  baseline: 'Valor de referência: {baseline, number}.',
  override: 'Aplicam-se os limiares acordados para o seguinte Estado: {country}.',
  daysToFull:
    '{days, plural, =0 {No ritmo recente de entrada líquida, a capacidade será atingida em menos de um dia.} one {No ritmo recente de entrada líquida, a capacidade será atingida em # dia.} other {No ritmo recente de entrada líquida, a capacidade será atingida em # dias.}}',
  silentSince: 'Nenhum número foi recebido desde {since, date, instant}.',
  corridor: 'Membros do corredor com aumento em curso: {members}.',
  member:
    '{place} ({indicator}): {hasValue, select, yes {{value, number}} other {número não compartilhado}} para {period}, {lagDays, plural, =0 {no extremo do corredor} one {a # dia do extremo do corredor} other {a # dias do extremo do corredor}}',
  actionsIntro:
    '{count, plural, one {Ação de resposta atribuída à sua organização:} other {Ações de resposta atribuídas à sua organização:}}',
  action:
    '- {organisation}: {description} (prazo: {deadline, date, instant}{hasStatus, select, yes {; situação: {statusName}} other {}})',
  actionStatus:
    '{status, select, acknowledged {recebida} inProgress {em andamento} done {concluída} declined {recusada} other {{status}}}',
  placeInCountry: '{place} ({country})',
};
