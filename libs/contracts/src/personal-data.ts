/**
 * Atalaya takes aggregates only. This screen looks for what would make a message carry personal data:
 * a field named like a personal attribute, a value shaped like an e-mail address or a phone number, or
 * free text. It returns where, never what, so the value is not logged or echoed back.
 */
const personalKeys = new Set(
  [
    'name',
    'firstname',
    'lastname',
    'surname',
    'fullname',
    'givenname',
    'familyname',
    'passport',
    'passportnumber',
    'passportno',
    'document',
    'documentnumber',
    'documentid',
    'idnumber',
    'nationalid',
    'personalid',
    'dni',
    'curp',
    'cedula',
    'ssn',
    'dateofbirth',
    'dob',
    'birthdate',
    'birthday',
    'placeofbirth',
    'phone',
    'phonenumber',
    'telephone',
    'mobile',
    'email',
    'emailaddress',
    'address',
    'homeaddress',
    'fingerprint',
    'biometrics',
    'photo',
  ].map(normalise),
);

const emailLike = /[^\s@]+@[^\s@]+\.[^\s@]+/;
const phoneLike = /(?:\+|\b00)\d[\d\s().-]{6,}\d|\b\d{3}[\s.-]\d{3,4}[\s.-]\d{4}\b/;
export const FREE_TEXT_LIMIT = 200;

export function findPersonalData(value: unknown, path = '$'): string | undefined {
  if (typeof value === 'string') {
    return value.length > FREE_TEXT_LIMIT || emailLike.test(value) || phoneLike.test(value)
      ? path
      : undefined;
  }
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const found = findPersonalData(value[i], `${path}[${i}]`);
      if (found) return found;
    }
    return undefined;
  }
  if (typeof value === 'object' && value !== null) {
    for (const [key, child] of Object.entries(value)) {
      const at = `${path}.${key}`;
      if (personalKeys.has(normalise(key))) return at;
      const found = findPersonalData(child, at);
      if (found) return found;
    }
  }
  return undefined;
}

function normalise(key: string): string {
  return key.toLowerCase().replace(/[^a-z]/g, '');
}
