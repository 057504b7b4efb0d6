export * from './message/cap-message.schema';
export * from './message/cap.error';
export { toCapDateTime } from './message/cap-date-time';
export { formatReferences } from './message/cap-references';
export * from './render/cap-input';
export {
  renderCap,
  capMsgType,
  GEOCODE_COUNTRY,
  GEOCODE_SUBDIVISION,
  GEOCODE_PLACE,
} from './render/cap.renderer';
export { parseCap, parseCapAck } from './parse/cap.parser';
export { judgeAck } from './ack/ack.judgement';
export type { AckContext, AckJudgement, SentCapMessage } from './ack/ack.judgement';
export { readAtalayaContent, ATALAYA_PARAMETERS, TRIGGER_EVENT_CODE } from './profile/atalaya.parameters';
export type { AtalayaContent, CapAction } from './profile/atalaya.parameters';
export { capLanguages, CAP_LANGUAGE_TAGS, capLanguageOf } from './texts/languages';
export type { CapLanguage } from './texts/languages';
export { formatIcu } from './texts/message.formatter';
export {
  renderCapFeed,
  capEntryId,
  capFeedId,
  ATOM_NAMESPACE,
  ATOM_MEDIA_TYPE,
  CAP_MEDIA_TYPE,
} from './atom/cap.feed';
export type { CapFeedInput } from './atom/cap.feed';
