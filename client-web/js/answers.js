// How answers look and read: the colour and shape of each choice, the text
// of an answer or a correct answer, and the answer fields for each kind. Pure.

/// Colour and shape per choice index, so that a colour-blind player can tell
/// the answers apart by shape alone. Colours are CSS classes (style.css).
export const LOOKS = Object.freeze([
  { shape: 'triangle', colour: 'red', name: 'Triangle' },
  { shape: 'diamond', colour: 'blue', name: 'Diamond' },
  { shape: 'circle', colour: 'yellow', name: 'Circle' },
  { shape: 'square', colour: 'green', name: 'Square' },
  { shape: 'star', colour: 'purple', name: 'Star' },
  { shape: 'hexagon', colour: 'teal', name: 'Hexagon' },
]);

export function lookOf(index) {
  return LOOKS[((index % LOOKS.length) + LOOKS.length) % LOOKS.length];
}

/// The labels of a question's choices (`truefalse` may come without them).
export function choicesOf(question) {
  if (Array.isArray(question?.choices)) return question.choices;
  if (question?.kind === 'truefalse') return ['True', 'False'];
  return [];
}

/// How the player answers a question of this kind.
export function inputOf(kind) {
  switch (kind) {
    case 'choice':
    case 'truefalse':
    case 'poll':
      return 'single';
    case 'multi':
      return 'multi';
    case 'order':
      return 'order';
    case 'number':
      return 'number';
    case 'open':
      return 'longtext';
    default:
      return 'text';
  }
}

/// The `answer` frame's fields for a kind and what the player gave.
export function answerFields(kind, given) {
  switch (inputOf(kind)) {
    case 'single':
      return { choice: given };
    case 'multi':
      return { choices: [...given].sort((a, b) => a - b) };
    case 'order':
      return { order: [...given] };
    case 'number':
      return { value: Number(given) };
    default:
      return { text: String(given) };
  }
}

/// The most characters a typed answer may have (PROTOCOL.md): 2,000 for
/// `open`, 200 for `text`.
export const OPEN_TEXT_MAX = 2000;
export const TEXT_MAX = 200;

/// How much of a typed answer's allowance is used, counted as the server
/// counts (code points, so an emoji is one), with a label for the counter.
export function textBudget(text, max) {
  const count = [...String(text ?? '')].length;
  return { count, over: count > max, label: `${points(count)} / ${points(max)}` };
}

/// A number as a player types it: "42", "-3.5", "1e3", "3,5" (a decimal
/// comma, as phones in many languages type it), spaces anywhere. null when
/// it is not one, and for "1,000", which reads as a thousand to some and as
/// one to others.
export function parseNumber(text) {
  let t = String(text ?? '').replace(/\s/g, '').replace(/\u2212/g, '-');
  if (/^[+-]?\d{1,3}(,\d{3})+$/.test(t)) return null;
  if (!t.includes('.') && t.split(',').length === 2) t = t.replace(',', '.');
  if (!/^[+-]?(\d+(\.\d*)?|\.\d+)(e[+-]?\d+)?$/i.test(t)) return null;
  const n = Number(t);
  return Number.isFinite(n) ? n : null;
}

/// `order` with the item at `pos` moved `by` places (-1 up, 1 down); a copy
/// of the same order when it would leave the list.
export function moveItem(order, pos, by) {
  const out = [...order];
  const to = pos + by;
  if (pos < 0 || pos >= out.length || to < 0 || to >= out.length) return out;
  [out[pos], out[to]] = [out[to], out[pos]];
  return out;
}

function label(choices, i) {
  const text = choices?.[i];
  return typeof text === 'string' ? text : `answer ${Number(i) + 1}`;
}

function list(items, joiner) {
  if (items.length <= 1) return items.join('');
  return `${items.slice(0, -1).join(', ')} ${joiner} ${items[items.length - 1]}`;
}

/// An answer (`{choice}`, `{choices}`, `{text}`, `{order}`, `{value}`) in words.
export function describeAnswer(answer, choices) {
  if (answer == null) return 'No answer';
  if (Number.isInteger(answer.choice)) return label(choices, answer.choice);
  if (Array.isArray(answer.choices)) {
    return answer.choices.length === 0 ? 'Nothing picked' : list(answer.choices.map((i) => label(choices, i)), 'and');
  }
  if (Array.isArray(answer.order)) return answer.order.map((i) => label(choices, i)).join(' → ');
  if (typeof answer.text === 'string') return answer.text;
  if (typeof answer.value === 'number') return String(answer.value);
  return 'No answer';
}

/// `reveal.correct` (or a recap item's `correct`) in words; '' for a poll.
export function describeCorrect(correct, choices) {
  if (correct == null) return '';
  if (Number.isInteger(correct.choice)) return label(choices, correct.choice);
  if (Array.isArray(correct.choices)) return list(correct.choices.map((i) => label(choices, i)), 'and');
  if (Array.isArray(correct.order)) return correct.order.map((i) => label(choices, i)).join(' → ');
  if (Array.isArray(correct.text)) return list(correct.text, 'or');
  if (typeof correct.value === 'number') {
    return correct.tolerance ? `${correct.value} (± ${correct.tolerance})` : String(correct.value);
  }
  if (Array.isArray(correct.keywords)) return `Key points: ${correct.keywords.join(', ')}`;
  return '';
}

/// The choice indexes that `correct` marks as right (for highlighting bars).
export function correctIndexes(correct) {
  if (correct == null) return new Set();
  if (Number.isInteger(correct.choice)) return new Set([correct.choice]);
  if (Array.isArray(correct.choices)) return new Set(correct.choices);
  return new Set();
}

/// "1st", "2nd", "3rd", "4th", "11th", "22nd".
export function ordinal(n) {
  const mod100 = n % 100;
  if (mod100 >= 11 && mod100 <= 13) return `${n}th`;
  switch (n % 10) {
    case 1:
      return `${n}st`;
    case 2:
      return `${n}nd`;
    case 3:
      return `${n}rd`;
    default:
      return `${n}th`;
  }
}

/// 2900 -> "2,900" (no locale surprises in tests).
export function points(n) {
  return String(Math.round(n ?? 0)).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}

/// A size class for text that must fit a fixed screen: 'text-s' for short
/// answers ("8"), 'text-m', 'text-l' for the sentence-long ones.
export function lengthClass(texts, { medium = 28, long = 70 } = {}) {
  const longest = Math.max(0, ...(texts ?? []).map((t) => String(t ?? '').length));
  if (longest > long) return 'text-l';
  if (longest > medium) return 'text-m';
  return 'text-s';
}
