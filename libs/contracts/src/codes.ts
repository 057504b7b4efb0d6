import { z } from 'zod';
import { rejectionCodes, type RejectionCode } from './rejection.schema';

/**
 * The codes of the gateway's error answers that are not rejection codes. Like rejection codes they are
 * stable: a client branches on them, so a code is never renamed or reused.
 */
export const errorCodes = [
  'UNAUTHENTICATED',
  'ROLE_NOT_ALLOWED',
  'SCOPE_NOT_GRANTED',
  'CSRF_TOKEN_MISSING',
  'RATE_LIMITED',
  'NOT_FOUND',
  'HTTP_ERROR',
  'INTERNAL',
  'INVALID_CURSOR',
  'INVALID_LAST_EVENT_ID',
  'TOO_MANY_FIGURES',
  'HISTORY_TOO_LARGE',
  'NOT_SHARED',
  'PURPOSE_NOT_GRANTED',
  'NOT_YOUR_SERIES',
  'NOT_YOUR_ALERT',
  'NOT_YOUR_ACTION',
  'NOT_YOUR_SILENCE',
  'NOT_YOUR_STATE',
  'NOT_AN_OPERATIONS_CENTRE',
  'STATE_NOT_IN_AGREED_BY',
  'UNKNOWN_ALERT',
  'UNKNOWN_ACTION',
  'UNKNOWN_RECIPIENT',
  'UNKNOWN_TRIGGER',
  'UNKNOWN_TRIGGER_VERSION',
  'UNKNOWN_CAP_MESSAGE',
  'CAP_DOCUMENT_NOT_KEPT',
  'NO_SUCH_SILENCE',
  'VERSION_NOT_PROPOSED',
  'RECIPIENT_CHANGE_REFUSED',
] as const;
export const errorCodeSchema = z.enum(errorCodes);
export type ErrorCode = z.infer<typeof errorCodeSchema>;

/** Every code an answer or a rejection may carry, rejection codes first. */
export const codes = [...rejectionCodes, ...errorCodes] as const;
export const codeSchema = z.enum(codes);
export type Code = RejectionCode | ErrorCode;
export const codeKinds = ['rejection', 'error'] as const;
export type CodeKind = (typeof codeKinds)[number];
export const codeLanguages = ['es', 'en'] as const;
export type CodeLanguage = (typeof codeLanguages)[number];

/** What a code means and what its sender should do about it, in one language. */
export interface CodeText {
  readonly meaning: string;
  readonly action: string;
}
type Bilingual = Readonly<Record<CodeLanguage, CodeText>>;

/** The link to a code's entry, relative to the gateway's address: what a rejection and an error carry. */
export const codeHref = (code: Code): string => `/v1/codes/${code}`;

const rejectionTexts: Readonly<Record<RejectionCode, Bilingual>> = {
  NOT_JSON: {
    es: {
      meaning: 'El mensaje no es JSON, o no es texto UTF-8.',
      action: 'Envíe un objeto JSON codificado en UTF-8; revise la codificación del sistema que lo genera.',
    },
    en: {
      meaning: 'The message is not JSON, or not UTF-8 text.',
      action: 'Send one JSON object encoded as UTF-8; check the encoding of the system that writes it.',
    },
  },
  NOT_AN_OBJECT: {
    es: {
      meaning: 'El mensaje es JSON pero no un objeto (una lista, un número, un texto, null).',
      action: 'Envíe cada señal como un objeto JSON; en Kafka, una señal por mensaje.',
    },
    en: {
      meaning: 'The message is JSON but not an object (an array, a number, a string, null).',
      action: 'Send each signal as one JSON object; on Kafka, one signal per message.',
    },
  },
  TOO_LARGE: {
    es: {
      meaning: 'La señal pasa de 64 KB, o el cuerpo HTTP de 8 MB.',
      action: 'Reduzca el desglose de la señal, o divida el lote en varias solicitudes.',
    },
    en: {
      meaning: 'The signal is over 64 KB, or the HTTP body over 8 MB.',
      action: "Shorten the signal's breakdown, or split the batch into several requests.",
    },
  },
  TOO_DEEP: {
    es: {
      meaning: 'El mensaje anida más de 8 niveles; una señal tiene 3 como máximo.',
      action: 'Envíe la señal con la forma del contrato; `path` indica el primer valor demasiado profundo.',
    },
    en: {
      meaning: 'The message nests deeper than 8 levels; a signal is 3 deep at most.',
      action: 'Send the signal in the shape of the contract; `path` names the first value too deep.',
    },
  },
  PERSONAL_DATA: {
    es: {
      meaning:
        'Un campo parece llevar datos personales (un nombre de atributo personal, un correo, un teléfono, texto libre). El valor no se guarda, no se registra ni se devuelve.',
      action: 'Envíe solo cifras agregadas; quite el campo que indica `path`.',
    },
    en: {
      meaning:
        'A field looks like it carries personal data (a personal attribute, an e-mail address, a phone number, free text). The value is never stored, logged or echoed.',
      action: 'Send aggregate figures only; remove the field `path` names.',
    },
  },
  MISSING_FIELD: {
    es: {
      meaning: 'Falta un campo obligatorio.',
      action: 'Añada el campo que indica `path` (el contrato de la señal dice cuáles son obligatorios).',
    },
    en: {
      meaning: 'A required field is missing.',
      action: 'Add the field `path` names (the signal contract lists the required ones).',
    },
  },
  WRONG_TYPE: {
    es: {
      meaning: 'Un campo tiene otro tipo que el del contrato (un texto donde va un número, por ejemplo).',
      action: 'Corrija el tipo del campo que indica `path`; una cifra va sin comillas.',
    },
    en: {
      meaning: 'A field has another type than the contract says (a string where a number goes, say).',
      action: 'Correct the type of the field `path` names; a figure goes without quotes.',
    },
  },
  UNKNOWN_FIELD: {
    es: {
      meaning: 'El mensaje lleva un campo que el contrato no define.',
      action: 'Quite el campo que indica `path`, o revise su ortografía.',
    },
    en: {
      meaning: 'The message carries a field the contract does not define.',
      action: 'Remove the field `path` names, or check its spelling.',
    },
  },
  INVALID_VALUE: {
    es: {
      meaning:
        'Un valor no cumple su regla: una fecha imposible, un identificador con caracteres no admitidos, una cifra mayor que 9.007.199.254.740.991, una nota con caracteres de control.',
      action: 'Corrija el valor que indica `path`; el mensaje dice la regla.',
    },
    en: {
      meaning:
        'A value breaks its rule: an impossible date, an id with characters not allowed, a figure over 9,007,199,254,740,991, a note with control characters.',
      action: 'Correct the value `path` names; the message states the rule.',
    },
  },
  NEGATIVE_VALUE: {
    es: {
      meaning: 'Una cifra es negativa; los indicadores cuentan personas o eventos.',
      action:
        'Envíe la cifra como número mayor o igual a cero; para corregir una cifra enviada, use una revisión.',
    },
    en: {
      meaning: 'A figure is negative; indicators count people or events.',
      action:
        'Send the figure as a number of at least zero; to correct a figure already sent, send a revision.',
    },
  },
  NON_FINITE_VALUE: {
    es: {
      meaning: 'Una cifra no es un número finito (NaN, Infinity).',
      action: 'Envíe una cifra finita; si el dato falta, no envíe la señal todavía.',
    },
    en: {
      meaning: 'A figure is not a finite number (NaN, Infinity).',
      action: 'Send a finite figure; if the figure is missing, do not send the signal yet.',
    },
  },
  REPORTER_MISMATCH: {
    es: {
      meaning: 'El Estado informante de la señal no es el del tópico ni el de la clave de API.',
      action:
        'Publique solo las cifras de su Estado, en su propio tópico atalaya.signals.<ISO3> o con su propia clave.',
    },
    en: {
      meaning: 'The reporting state of the signal is not that of the topic or of the API key.',
      action:
        "Publish your own state's figures only, on your own atalaya.signals.<ISO3> topic or with your own key.",
    },
  },
  PERIOD_INVERTED: {
    es: {
      meaning: 'El período termina antes de empezar.',
      action: 'Revise period.start y period.end (ambos incluidos, AAAA-MM-DD).',
    },
    en: {
      meaning: 'The period ends before it starts.',
      action: 'Check period.start and period.end (both inclusive, YYYY-MM-DD).',
    },
  },
  PERIOD_IN_FUTURE: {
    es: {
      meaning: 'El período termina después de hoy.',
      action: 'Envíe la cifra cuando el período haya terminado; revise el año de las fechas.',
    },
    en: {
      meaning: 'The period ends after today.',
      action: 'Send the figure once its period has ended; check the year of the dates.',
    },
  },
  UNKNOWN_INDICATOR: {
    es: {
      meaning: 'El indicador no está en el catálogo acordado.',
      action:
        'Use un indicador de GET /v1/reference; para uno nuevo, pida a la Secretaría Técnica que lo añada.',
    },
    en: {
      meaning: 'The indicator is not in the agreed catalogue.',
      action:
        'Use an indicator of GET /v1/reference; for a new one, ask the Technical Secretariat to add it.',
    },
  },
  UNIT_MISMATCH: {
    es: {
      meaning: 'La unidad no es la del indicador en el catálogo.',
      action: 'Convierta la cifra a la unidad del indicador, o deje `unit` fuera.',
    },
    en: {
      meaning: "The unit is not the indicator's unit in the catalogue.",
      action: "Convert the figure to the indicator's unit, or leave `unit` out.",
    },
  },
  UNKNOWN_COUNTRY: {
    es: {
      meaning: 'El código de país no es un ISO 3166-1 alfa-3 asignado.',
      action: 'Use el código alfa-3 en mayúsculas (PAN, MEX, COL…).',
    },
    en: {
      meaning: 'The country code is not an assigned ISO 3166-1 alpha-3 code.',
      action: 'Use the upper-case alpha-3 code (PAN, MEX, COL…).',
    },
  },
  UNKNOWN_ADMIN1: {
    es: {
      meaning: 'La subdivisión no es un código ISO 3166-2 de ese país.',
      action:
        'Use el código ISO 3166-2 de la provincia o departamento (PA-5 para Darién), o deje admin1 fuera.',
    },
    en: {
      meaning: "The subdivision is not one of the country's ISO 3166-2 codes.",
      action: 'Use the ISO 3166-2 code of the province or department (PA-5 for Darién), or leave admin1 out.',
    },
  },
  UNKNOWN_PLACE: {
    es: {
      meaning: 'El lugar no está en el registro de lugares (puntos fronterizos, de tránsito, albergues).',
      action:
        'Use un lugar de GET /v1/reference; para uno nuevo, pida a la Secretaría Técnica que lo registre.',
    },
    en: {
      meaning: 'The place is not in the place registry (border points, transit points, shelters).',
      action:
        'Use a place of GET /v1/reference; for a new one, ask the Technical Secretariat to register it.',
    },
  },
  PLACE_MISMATCH: {
    es: {
      meaning: 'El lugar existe, pero en otro país o subdivisión que los de la señal.',
      action: 'Revise location.country y location.admin1 contra el registro del lugar.',
    },
    en: {
      meaning: "The place exists, but in another country or subdivision than the signal's.",
      action: "Check location.country and location.admin1 against the place's registry entry.",
    },
  },
  UNKNOWN_CORRIDOR: {
    es: {
      meaning: 'El corredor no está en el registro de corredores.',
      action: 'Use un corredor de GET /v1/reference, o deje location.corridor fuera.',
    },
    en: {
      meaning: 'The corridor is not in the corridor registry.',
      action: 'Use a corridor of GET /v1/reference, or leave location.corridor out.',
    },
  },
  SIGNAL_CONFLICT: {
    es: {
      meaning:
        'El mismo signalId llegó antes con otro contenido, o la misma revisión de la misma cifra con otro valor.',
      action: 'Para corregir una cifra, envíela con un signalId nuevo y una revisión mayor.',
    },
    en: {
      meaning:
        'The same signalId came before with other content, or the same revision of the same figure with another value.',
      action: 'To correct a figure, send it with a new signalId and a higher revision.',
    },
  },
  STALE_REVISION: {
    es: {
      meaning: 'Atalaya ya tiene una revisión mayor de esa cifra.',
      action: 'No hace falta nada si la revisión mayor es la buena; si no, envíe una revisión mayor aún.',
    },
    en: {
      meaning: 'Atalaya already holds a higher revision of that figure.',
      action: 'Nothing to do if the higher revision is right; otherwise send a still higher revision.',
    },
  },
  BATCH_TOO_LARGE: {
    es: {
      meaning: 'El lote HTTP pasa de 500 señales; cada una cuenta como rechazada.',
      action: 'Divida el lote en solicitudes de 500 señales como máximo y envíelas de nuevo.',
    },
    en: {
      meaning: 'The HTTP batch holds more than 500 signals; each counts as rejected.',
      action: 'Split the batch into requests of at most 500 signals and send them again.',
    },
  },
  MISSING_COLUMN: {
    es: {
      meaning: 'Al archivo CSV le falta una columna obligatoria; no se envió nada.',
      action: 'Añada la columna que dice el mensaje (docs/import.md lista las columnas) e importe de nuevo.',
    },
    en: {
      meaning: 'The CSV file lacks a required column; nothing was sent.',
      action: 'Add the column the message names (docs/import.md lists the columns) and import again.',
    },
  },
  DUPLICATE_COLUMN: {
    es: {
      meaning: 'El archivo CSV repite una columna; no se envió nada.',
      action: 'Deje una sola columna con ese nombre e importe de nuevo.',
    },
    en: {
      meaning: 'The CSV file has a column twice; nothing was sent.',
      action: 'Keep one column of that name and import again.',
    },
  },
  UNREADABLE_CSV: {
    es: {
      meaning:
        'El archivo está vacío o no es CSV (una comilla sin cerrar, una codificación que no es UTF-8).',
      action: 'Exporte la hoja como CSV UTF-8 e importe de nuevo.',
    },
    en: {
      meaning: 'The file is empty or not CSV (an unclosed quote, an encoding other than UTF-8).',
      action: 'Export the sheet as UTF-8 CSV and import again.',
    },
  },
};

const errorTexts: Readonly<Record<ErrorCode, Bilingual>> = {
  UNAUTHENTICATED: {
    es: {
      meaning:
        'La solicitud no lleva credencial, o la clave es desconocida o fue revocada, o la sesión terminó.',
      action:
        'Envíe su clave como "Authorization: Bearer <clave>" o "X-API-Key: <clave>"; pida una clave nueva a un operador si la suya fue revocada.',
    },
    en: {
      meaning:
        'The request carries no credential, or the key is unknown or revoked, or the session has ended.',
      action:
        'Send your key as "Authorization: Bearer <key>" or "X-API-Key: <key>"; ask an operator for a new key if yours was revoked.',
    },
  },
  ROLE_NOT_ALLOWED: {
    es: {
      meaning:
        'La ruta es para otro rol (agencia, destinatario, analista, administrador) que el de su clave.',
      action: 'Use la clave del rol que indica el mensaje.',
    },
    en: {
      meaning: "The route is for another role (agency, recipient, analyst, admin) than your key's.",
      action: 'Use a key of the role the message names.',
    },
  },
  SCOPE_NOT_GRANTED: {
    es: {
      meaning: 'Su clave fue emitida sin el permiso que pide la ruta.',
      action: 'Pida a un operador una clave con ese permiso.',
    },
    en: {
      meaning: 'Your key was issued without the scope the route needs.',
      action: 'Ask an operator for a key holding that scope.',
    },
  },
  CSRF_TOKEN_MISSING: {
    es: {
      meaning: 'Una escritura con cookie de sesión llegó sin el token CSRF de la sesión.',
      action: 'Envíe el csrfToken de GET /v1/session como cabecera "X-CSRF-Token".',
    },
    en: {
      meaning: "A write with a session cookie came without the session's CSRF token.",
      action: 'Send the csrfToken of GET /v1/session as the "X-CSRF-Token" header.',
    },
  },
  RATE_LIMITED: {
    es: {
      meaning: 'Demasiadas solicitudes con esta credencial en poco tiempo.',
      action: 'Espere los segundos de la cabecera Retry-After y reduzca el ritmo; agrupe señales en lotes.',
    },
    en: {
      meaning: 'Too many requests with this credential in a short time.',
      action: 'Wait the seconds of the Retry-After header and slow down; send signals in batches.',
    },
  },
  NOT_FOUND: {
    es: {
      meaning: 'No hay tal ruta en la API.',
      action: 'Revise el método y la ruta contra el documento OpenAPI (GET /docs-json).',
    },
    en: {
      meaning: 'There is no such route in the API.',
      action: 'Check the method and the path against the OpenAPI document (GET /docs-json).',
    },
  },
  HTTP_ERROR: {
    es: {
      meaning: 'La solicitud no es una que la API acepte (método, cabeceras o forma).',
      action: 'Revise la solicitud contra el documento OpenAPI; el mensaje dice qué falló.',
    },
    en: {
      meaning: 'The request is not one the API accepts (its method, headers or shape).',
      action: 'Check the request against the OpenAPI document; the message says what failed.',
    },
  },
  INTERNAL: {
    es: {
      meaning: 'Error inesperado de Atalaya; no es culpa de la solicitud.',
      action: 'Vuelva a intentar más tarde; si persiste, dé el errorId de la respuesta a los operadores.',
    },
    en: {
      meaning: "Atalaya's unexpected error; not the request's fault.",
      action: 'Try again later; if it persists, quote the errorId of the answer to the operators.',
    },
  },
  INVALID_CURSOR: {
    es: {
      meaning: 'El cursor de paginación no es uno que dio la API.',
      action: 'Pase el `next` de la página anterior tal como llegó, o déjelo fuera para empezar.',
    },
    en: {
      meaning: 'The page cursor is not one the API gave.',
      action: 'Pass the `next` of the previous page as it came, or leave it out to start over.',
    },
  },
  INVALID_LAST_EVENT_ID: {
    es: {
      meaning: 'La cabecera Last-Event-ID no es el id de un evento de alerta.',
      action: 'Reanude con el id del último evento recibido, o déjela fuera para empezar desde ahora.',
    },
    en: {
      meaning: 'The Last-Event-ID header is not the id of an alert event.',
      action: 'Resume with the id of the last event received, or leave it out to start from now.',
    },
  },
  TOO_MANY_FIGURES: {
    es: {
      meaning: 'La consulta de cifras devuelve más filas de las que sirve una página.',
      action: 'Suba `limit` hasta el máximo, o acote por Estado, lugar o subdivisión.',
    },
    en: {
      meaning: 'The figures asked for are more than one page serves.',
      action: 'Raise `limit` up to its maximum, or narrow by state, place or subdivision.',
    },
  },
  HISTORY_TOO_LARGE: {
    es: {
      meaning: 'El disparador lee más cifras guardadas de las que la API ensaya.',
      action: 'Ejecute `atalaya backtest --from-db` en el servidor.',
    },
    en: {
      meaning: 'The trigger reads more stored figures than the API backtests.',
      action: 'Run `atalaya backtest --from-db` on the server.',
    },
  },
  NOT_SHARED: {
    es: {
      meaning:
        'El Estado informante no comparte esas cifras con su organización, o no a ese nivel de detalle.',
      action: 'Pida una granularidad más gruesa, o pida al Estado que amplíe su política de intercambio.',
    },
    en: {
      meaning:
        'The reporting state does not share those figures with your organisation, or not at that detail.',
      action: 'Ask for a coarser granularity, or ask the state to widen its sharing policy.',
    },
  },
  PURPOSE_NOT_GRANTED: {
    es: {
      meaning: 'El Estado comparte esas cifras, pero no para el propósito declarado.',
      action: 'Declare un propósito que la política del Estado admita (docs/data-sharing.md).',
    },
    en: {
      meaning: 'The state shares those figures, but not for the purpose declared.',
      action: "Declare a purpose the state's policy grants (docs/data-sharing.md).",
    },
  },
  NOT_YOUR_SERIES: {
    es: {
      meaning: 'La serie es de otro Estado informante.',
      action: 'Trabaje solo con las series de su propio Estado.',
    },
    en: {
      meaning: "The series is another reporting state's.",
      action: "Work with your own state's series only.",
    },
  },
  NOT_YOUR_ALERT: {
    es: {
      meaning: 'Su organización nunca fue notificada de esa alerta.',
      action: 'Acuse recibo solo de las alertas que le llegaron (GET /v1/alerts lista las suyas).',
    },
    en: {
      meaning: 'Your organisation was never notified of that alert.',
      action: 'Acknowledge only the alerts routed to you (GET /v1/alerts lists yours).',
    },
  },
  NOT_YOUR_ACTION: {
    es: {
      meaning: 'La acción de respuesta está asignada a otra organización.',
      action: 'Informe solo sobre las acciones asignadas a la suya.',
    },
    en: {
      meaning: 'The response action is assigned to another organisation.',
      action: 'Report only on the actions assigned to yours.',
    },
  },
  NOT_YOUR_SILENCE: {
    es: {
      meaning: 'Una clave de destinatario silencia solo sus propias alertas.',
      action: 'Deje `recipients` fuera, o pida a un operador un silencio más amplio.',
    },
    en: {
      meaning: "A recipient's key silences its own alerts only.",
      action: 'Leave `recipients` out, or ask an operator for a wider silence.',
    },
  },
  NOT_YOUR_STATE: {
    es: {
      meaning: 'Un centro de operaciones respalda u objeta solo en nombre de su propio Estado.',
      action: 'Ponga su propio Estado en `state`.',
    },
    en: {
      meaning: 'An operations centre endorses or objects for its own state only.',
      action: 'Put your own state in `state`.',
    },
  },
  NOT_AN_OPERATIONS_CENTRE: {
    es: {
      meaning: 'Solo el centro de operaciones de un Estado respalda u objeta versiones de disparadores.',
      action: 'Pida al centro de operaciones de su Estado que tome la posición.',
    },
    en: {
      meaning: "Only a state's operations centre endorses or objects to trigger versions.",
      action: "Ask your state's operations centre to take the stance.",
    },
  },
  STATE_NOT_IN_AGREED_BY: {
    es: {
      meaning: 'El Estado no está entre los que acuerdan ese disparador.',
      action: 'Consulte los Estados del disparador en GET /v1/triggers/<id>/history.',
    },
    en: {
      meaning: 'The state is not among those that agree that trigger.',
      action: "See the trigger's states at GET /v1/triggers/<id>/history.",
    },
  },
  UNKNOWN_ALERT: {
    es: {
      meaning: 'No hay alerta con ese id que su clave pueda leer.',
      action: 'Use un id de GET /v1/alerts o de una notificación recibida.',
    },
    en: {
      meaning: 'There is no alert of that id your key may read.',
      action: 'Use an id from GET /v1/alerts or from a notification received.',
    },
  },
  UNKNOWN_ACTION: {
    es: {
      meaning: 'La alerta no tiene una acción de respuesta con ese id.',
      action: 'Use un id de las acciones de la notificación o de GET /v1/alerts/<id>/timeline.',
    },
    en: {
      meaning: 'The alert has no response action of that id.',
      action: "Use an id from the notification's actions or from GET /v1/alerts/<id>/timeline.",
    },
  },
  UNKNOWN_RECIPIENT: {
    es: {
      meaning: 'No hay destinatario con ese id.',
      action: 'Use un id de GET /v1/admin/recipients.',
    },
    en: {
      meaning: 'There is no recipient of that id.',
      action: 'Use an id from GET /v1/admin/recipients.',
    },
  },
  UNKNOWN_TRIGGER: {
    es: {
      meaning: 'El catálogo no tiene un disparador con ese id.',
      action: 'Use un id de GET /v1/triggers.',
    },
    en: {
      meaning: 'The catalogue has no trigger of that id.',
      action: 'Use an id from GET /v1/triggers.',
    },
  },
  UNKNOWN_TRIGGER_VERSION: {
    es: {
      meaning: 'El disparador no tiene esa versión guardada.',
      action: 'Consulte sus versiones en GET /v1/triggers/<id>/history.',
    },
    en: {
      meaning: 'The trigger has no stored version of that number.',
      action: 'See its versions at GET /v1/triggers/<id>/history.',
    },
  },
  UNKNOWN_CAP_MESSAGE: {
    es: {
      meaning: 'No hay mensaje CAP con ese identificador enviado a usted o publicado.',
      action: 'Siga los enlaces de su canal Atom (GET /v1/feeds/cap.atom).',
    },
    en: {
      meaning: 'No CAP message of that identifier was sent to you or published.',
      action: 'Follow the links of your Atom feed (GET /v1/feeds/cap.atom).',
    },
  },
  CAP_DOCUMENT_NOT_KEPT: {
    es: {
      meaning: 'El mensaje CAP se envió antes de que Atalaya guardara los documentos que envía.',
      action: 'Búsquelo en la notificación que recibieron sus canales.',
    },
    en: {
      meaning: 'The CAP message was sent before Atalaya kept the documents it sends.',
      action: 'Find it in the notification your channels received.',
    },
  },
  NO_SUCH_SILENCE: {
    es: {
      meaning: 'No tiene un silencio en curso con ese id.',
      action: 'GET /v1/silences lista los suyos.',
    },
    en: {
      meaning: 'You have no running silence of that id.',
      action: 'GET /v1/silences lists yours.',
    },
  },
  VERSION_NOT_PROPOSED: {
    es: {
      meaning: 'La versión ya no está propuesta (está en vigor, retirada o superada).',
      action: 'Tome posición solo sobre versiones propuestas (GET /v1/triggers/<id>/history).',
    },
    en: {
      meaning: 'The version is no longer proposed (it is in force, withdrawn or superseded).',
      action: 'Take stances on proposed versions only (GET /v1/triggers/<id>/history).',
    },
  },
  RECIPIENT_CHANGE_REFUSED: {
    es: {
      meaning: 'El cambio de destinatario se rechazó y no se registró nada.',
      action: 'Corrija los problemas que lista el mensaje y envíe el cambio de nuevo.',
    },
    en: {
      meaning: 'The change to the recipient was refused and nothing recorded.',
      action: 'Fix the problems the message lists and send the change again.',
    },
  },
};

export interface CodeEntry extends Bilingual {
  readonly code: Code;
  /** A rejection code answers a signal (on its rejection topic, in a receipt); an error code a request. */
  readonly kind: CodeKind;
  readonly href: string;
}

/** Every code, rejection codes first, each in the order it is declared. */
export const codeTable: readonly CodeEntry[] = [
  ...rejectionCodes.map((code) => ({
    code,
    kind: 'rejection' as const,
    href: codeHref(code),
    ...rejectionTexts[code],
  })),
  ...errorCodes.map((code) => ({ code, kind: 'error' as const, href: codeHref(code), ...errorTexts[code] })),
];

const byCode = new Map<string, CodeEntry>(codeTable.map((entry) => [entry.code, entry]));

/** The entry of a code, or undefined for a string that is no code. */
export const codeEntryOf = (code: string): CodeEntry | undefined => byCode.get(code);

const codeTextSchema = z.strictObject({
  meaning: z.string().describe('what the code means'),
  action: z.string().describe('what the sender should do about it'),
});

export const codeEntrySchema = z
  .strictObject({
    code: codeSchema.describe('the stable code'),
    kind: z.enum(codeKinds).describe('rejection: it answers a signal; error: it answers a request'),
    href: z.string().describe("this entry's own address, relative to the gateway"),
    es: codeTextSchema.describe('en español'),
    en: codeTextSchema.describe('in English'),
  })
  .describe('One rejection or error code, with its meaning and what to do, in Spanish and English');

/** The body of every error answer of the gateway. */
export const errorBodySchema = z
  .strictObject({
    code: codeSchema.describe('the stable code: GET /v1/codes lists them'),
    message: z.string().describe('what went wrong and what to do, for a person'),
    help: z.string().describe("the code's entry: its meaning and what to do, in Spanish and English"),
    errorId: z
      .string()
      .optional()
      .describe('with INTERNAL only: quote it to the operators, who find it in the logs'),
  })
  .describe('Every error answer of the gateway');
export type ErrorBody = z.infer<typeof errorBodySchema>;
