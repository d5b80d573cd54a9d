/**
 * @module
 * Name similarity between a website service ("Maintenance tune-up") and a ServiceTitan job type
 * ("Maintenance - Tune Up"): the mean of a word overlap and a letter-trigram overlap (Dice
 * coefficients), so both exact words and near spellings ("A/C" vs "AC", "tuneup" vs "tune up")
 * count. 0 = nothing in common, 1 = the same words.
 */

// Words that say nothing about which job it is.
const FILLER = new Set(['a', 'an', 'and', 'the', 'of', 'for', 'or', 'service', 'services', 'job']);

/** Lower-case words without punctuation or filler; "A/C" -> "ac", plural "s" dropped. */
export function nameWords(text: string): string[] {
  return text
    .toLowerCase()
    .replace(/&/g, ' and ')
    .replace(/(\w)[/.](\w)\b/g, '$1$2')
    .split(/[^a-z0-9]+/)
    .map((word) =>
      word.length > 3 && word.endsWith('s') && !word.endsWith('ss') ? word.slice(0, -1) : word,
    )
    .filter((word) => word !== '' && !FILLER.has(word));
}

function dice<T>(a: T[], b: T[]): number {
  if (a.length === 0 || b.length === 0) return 0;
  const counts = new Map<T, number>();
  for (const x of a) counts.set(x, (counts.get(x) ?? 0) + 1);
  let shared = 0;
  for (const y of b) {
    const left = counts.get(y) ?? 0;
    if (left > 0) {
      shared += 1;
      counts.set(y, left - 1);
    }
  }
  return (2 * shared) / (a.length + b.length);
}

function trigrams(words: string[]): string[] {
  const text = ` ${words.join('')} `;
  const grams: string[] = [];
  for (let i = 0; i + 3 <= text.length; i += 1) grams.push(text.slice(i, i + 3));
  return grams;
}

export function nameSimilarity(a: string, b: string): number {
  const wordsA = nameWords(a);
  const wordsB = nameWords(b);
  return (dice(wordsA, wordsB) + dice(trigrams(wordsA), trigrams(wordsB))) / 2;
}
