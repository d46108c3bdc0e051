const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const CHECK = '10X98765432';

/** The GB 11643 check character of the first 17 digits. */
export function checkCharacter(first17: string): string {
  const sum = [...first17].reduce((acc, d, i) => acc + Number(d) * WEIGHTS[i]!, 0);
  return CHECK[sum % 11]!;
}

/** True when an 18-character ID number's check character is right. */
export function isValidNationalId(id: string): boolean {
  return /^\d{17}[\dX]$/i.test(id) && checkCharacter(id.slice(0, 17)) === id[17]!.toUpperCase();
}

/** Builds a valid ID number from an area code, a birth date (YYYY-MM-DD) and a sequence (odd = male). */
export function makeNationalId(area: string, birthDate: string, sequence: number): string {
  const first17 = `${area}${birthDate.replace(/-/g, '')}${String(sequence).padStart(3, '0')}`;
  return first17 + checkCharacter(first17);
}
