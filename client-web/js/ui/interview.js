// The parts of interview mode that the player and host screens share: the
// rubric of a reveal and the 1-5 rating buttons. Everything typed is put in
// as text (dom.js), never as markup.

import { RATING_SCORES, rubric } from '../interview.js';
import { h } from './dom.js';

/// The reveal's keywords, covered ones marked; null when it has none.
export function rubricList(reveal, caption) {
  const marks = rubric(reveal);
  if (marks.length === 0) return null;
  const got = marks.filter((m) => m.covered).length;
  return h(
    'div',
    { class: 'keyword-check' },
    h('p', {}, `${caption}: ${got} of ${marks.length} key ${marks.length === 1 ? 'point' : 'points'} in the typed answer`),
    h(
      'ul',
      { class: 'keyword-list' },
      marks.map((m) =>
        h(
          'li',
          { class: ['keyword', m.covered ? 'is-covered' : 'is-missed'] },
          h('span', { class: 'keyword-mark', 'aria-hidden': 'true' }, m.covered ? '✓' : '✗'),
          h('span', { class: 'visually-hidden' }, m.covered ? 'Covered: ' : 'Not covered: '),
          m.keyword,
        ),
      ),
    ),
  );
}

/// Buttons 1 to 5; `onRate(score)` on a press.
export function ratingButtons(candidateName, onRate) {
  return h(
    'div',
    { class: 'rate-box' },
    h('p', { id: 'rate-label' }, `How good was ${candidateName}'s answer? 1 is poor, 5 is excellent.`),
    h(
      'div',
      { class: 'rate-buttons', role: 'group', 'aria-labelledby': 'rate-label' },
      RATING_SCORES.map((n) =>
        h('button', { type: 'button', class: 'button button-secondary rate-button', 'aria-label': `Rate ${n} of 5`, dataset: { score: String(n) }, on: { click: () => onRate(n) } }, String(n)),
      ),
    ),
  );
}
