// Which keywords of an `open` question a player's text covered, worked out
// the way the server scores it (server/game/kinds/key_terms.hpp; both sides
// are tested on tests/data/key_terms.json). Pure.
//
// The browser has no full Unicode case folding, so `fold` lower-cases and
// then folds the few letters where that differs and that people type (ß,
// final sigma, long s). A text outside those may be read differently here
// than on the server: `coverage` only vouches for its answer when it agrees
// with the credit the server gave.

/// Lower case, then the foldings lower case leaves out, in NFC.
export function fold(text) {
  return String(text ?? '')
    .normalize('NFC')
    .toLowerCase()
    .replace(/ß/g, 'ss')
    .replace(/ẞ/g, 'ss')
    .replace(/ς/g, 'σ')
    .replace(/ſ/g, 's')
    .normalize('NFC');
}

/// Folded words: runs of letters, decimal digits and combining marks; apostrophes
/// inside words dropped, anything else separates.
export function foldedWords(text) {
  return fold(text).replace(/['’ʼ]/g, '').match(/[\p{L}\p{Nd}\p{M}]+/gu) ?? [];
}

const length = (s) => [...s].length;
const endsWithAny = (s, endings) => endings.some((e) => s.endsWith(e));

/// A folded word without its English plural, -ing or -ed ending (the rules
/// are listed in key_terms.hpp).
export function stem(word) {
  let s = word;
  if (length(s) <= 3) return s;
  if (s.endsWith('ies')) s = s.slice(0, -2);
  else if (endsWithAny(s, ['sses', 'xes', 'ches', 'shes', 'zes'])) s = s.slice(0, -2);
  else if (s.endsWith('s') && !s.endsWith('ss') && !(endsWithAny(s, ['us', 'is']) && length(s) >= 5)) s = s.slice(0, -1);

  if (s.endsWith('ing') && length(s) >= 6) s = s.slice(0, -3);
  else if (s.endsWith('ed') && !endsWithAny(s, ['eed', 'ead']) && length(s) >= 5) s = s.slice(0, -2);

  if (length(s) > 3 && s.endsWith('e')) s = s.slice(0, -1);
  if (length(s) > 3 && s.endsWith('y')) s = `${s.slice(0, -1)}i`;
  if (length(s) > 3 && /[a-z]/.test(s.at(-1)) && s.at(-2) === s.at(-1)) s = s.slice(0, -1);
  return s;
}

export function stemmedWords(text) {
  return foldedWords(text).map(stem);
}

function containsPhrase(words, phrase) {
  if (phrase.length === 0) return false;
  for (let i = 0; i + phrase.length <= words.length; i++) {
    if (phrase.every((p, j) => words[i + j] === p)) return true;
  }
  return false;
}

/// For each keyword (a list of spellings), whether `text` covers it.
export function coveredTerms(keywords, text) {
  const words = stemmedWords(text);
  return keywords.map((spellings) => spellings.some((s) => containsPhrase(words, stemmedWords(s))));
}

/// The keywords of an `open` reveal's `correct`, each with its other
/// spellings: [["hash map", "hash table"], ["collision"]].
export function keywordSpellings(correct) {
  if (!Array.isArray(correct?.keywords)) return [];
  return correct.keywords.map((k, i) => {
    const others = correct.synonyms?.[i];
    return [String(k), ...(Array.isArray(others) ? others.map(String) : [])];
  });
}

/// Which keywords of `correct` the player's `text` covered, or null when
/// that cannot be told for sure: no text, or a count that does not give the
/// `credit` the server sent (`result.correct`: true, false or a fraction; a
/// recap's `credit`) because of a host override or folding the browser
/// cannot do, since the server's word is the one that counts.
export function coverage(correct, text, credit) {
  const keywords = keywordSpellings(correct);
  const given = credit === true ? 1 : credit === false ? 0 : credit;
  if (keywords.length === 0 || typeof text !== 'string' || typeof given !== 'number') return null;
  const covered = coveredTerms(keywords, text);
  const fraction = covered.filter(Boolean).length / keywords.length;
  if (Math.abs(fraction - given) > 0.001) return null;
  return keywords.map((spellings, i) => ({ keyword: spellings[0], covered: covered[i] }));
}
