/**
 * Mainland mobile numbers and resident ID numbers, as they may appear inside free text. Runs
 * inside hex ids and UUIDs (letters or digits around them) are not personal data.
 */
const PHONE = /(?<![0-9A-Za-z])1[3-9]\d{9}(?![0-9A-Za-z])/g;
const NATIONAL_ID = /(?<![0-9A-Za-z])\d{17}[\dXx](?![0-9A-Za-z])/g;

const URL_CREDENTIALS = /(\b[a-z][a-z0-9+.-]*:\/\/)[^\s/@]+@/gi;

/** Replaces phone and ID numbers, and credentials inside URLs, in a message before it is logged. */
export function scrubPii(text: string): string {
  return text.replace(NATIONAL_ID, '[id-redacted]').replace(PHONE, '[phone-redacted]').replace(URL_CREDENTIALS, '$1[credentials]@');
}

/** True when `text` contains something shaped like a phone or ID number. */
export function containsPii(text: string): boolean {
  PHONE.lastIndex = 0;
  NATIONAL_ID.lastIndex = 0;
  return PHONE.test(text) || NATIONAL_ID.test(text);
}
