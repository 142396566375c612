// Leaderboards, podiums and the answer distribution, shared by both screens.

import { correctIndexes, lengthClass, lookOf, ordinal, points } from '../answers.js';
import { h } from './dom.js';
import { markIcon, shapeIcon } from './shapes.js';
import { teamRows } from '../teams.js';

/// An ordered list of {id, name, score, delta, rank}; `youId` is highlighted.
export function leaderboardList(top, { youId = null, compact = false } = {}) {
  const rows = (top ?? []).map((e) => {
    const you = e.id === youId;
    const spoken = `${ordinal(e.rank)}: ${e.name}${you ? ' (you)' : ''}, ${points(e.score)} points${e.delta > 0 ? `, plus ${points(e.delta)} this round` : ''}`;
    return h(
      'li',
      { class: ['board-row', e.rank <= 3 && `rank-${e.rank}`, you && 'is-you', compact && 'is-compact'] },
      h('span', { class: 'visually-hidden' }, spoken),
      h('span', { class: 'board-rank', 'aria-hidden': 'true' }, String(e.rank)),
      h('span', { class: 'board-name', 'aria-hidden': 'true' }, e.name, you ? h('span', { class: 'you-tag' }, ' (you)') : null),
      h('span', { class: 'board-delta', 'aria-hidden': 'true' }, e.delta > 0 ? `+${points(e.delta)}` : ''),
      h('span', { class: 'board-score', 'aria-hidden': 'true' }, points(e.score)),
    );
  });
  return h('ol', { class: 'board', 'aria-label': 'Leaderboard' }, rows);
}

/// The team standings (`leaderboard.teams`, `podium.teams`): rank, name and
/// score as the server sent them; `yourTeam` is highlighted. Null without teams.
export function teamBoard(teams, { yourTeam = null, title = 'Teams' } = {}) {
  const rows = teamRows(teams, yourTeam);
  if (rows.length === 0) return null;
  return h(
    'section',
    { class: 'team-board', 'aria-label': title },
    h('h2', { class: 'team-board-title' }, title),
    h(
      'ol',
      { class: 'board board-teams' },
      rows.map((r) =>
        h(
          'li',
          { class: ['board-row', 'team-row', r.rank <= 3 && `rank-${r.rank}`, r.you && 'is-you'], 'data-team': r.name },
          h('span', { class: 'visually-hidden' }, r.spoken),
          h('span', { class: 'board-rank', 'aria-hidden': 'true' }, String(r.rank)),
          h('span', { class: 'board-name', 'aria-hidden': 'true' }, r.name, r.you ? h('span', { class: 'you-tag' }, ' (your team)') : null),
          h('span', { class: 'board-score team-score', 'aria-hidden': 'true' }, r.shownScore),
        ),
      ),
    ),
  );
}

/// The first three on steps: second, first, third from left to right.
export function podiumView(top, { youId = null } = {}) {
  const places = [1, 0, 2].map((i) => top?.[i]).map((e, col) => {
    if (!e) return h('div', { class: ['podium-place', `podium-col-${col}`, 'is-empty'] });
    const place = [2, 1, 3][col];
    return h(
      'div',
      { class: ['podium-place', `podium-col-${col}`, `podium-${place}`, e.id === youId && 'is-you'] },
      h('div', { class: 'podium-name' }, e.name),
      h('div', { class: 'podium-score' }, `${points(e.score)} points`),
      h(
        'div',
        { class: 'podium-step', 'aria-hidden': 'true' },
        h('span', { class: 'podium-rank' }, String(e.rank)),
      ),
    );
  });
  const spoken = (top ?? [])
    .slice(0, 3)
    .map((e) => `${ordinal(e.rank)}: ${e.name}, ${points(e.score)} points`)
    .join('. ');
  return h(
    'div',
    { class: 'podium' },
    h('p', { class: 'visually-hidden' }, spoken || 'No one scored.'),
    h('div', { class: 'podium-steps', 'aria-hidden': 'true' }, places),
  );
}

/// One bar per choice, sized by its share of the answers, the right ones
/// marked with a tick (and in words, for screen readers). Horizontal, so
/// that sentence-long choices still fit.
export function distributionChart(choices, distribution, correct) {
  const counts = distribution ?? [];
  const most = Math.max(1, ...counts);
  const right = correctIndexes(correct);
  const rows = choices.map((label, i) => {
    const look = lookOf(i);
    const n = counts[i] ?? 0;
    const ok = right.has(i);
    const fill = h('span', { class: ['bar-fill', `bg-${look.colour}`] });
    fill.style.width = `${(n / most) * 100}%`;
    return h(
      'li',
      {
        class: ['bar', ok && 'is-correct', right.size > 0 && !ok && 'is-wrong'],
        'aria-label': `${look.name}, ${label}: ${n} ${n === 1 ? 'answer' : 'answers'}${ok ? ', the right answer' : ''}`,
      },
      h(
        'span',
        { class: ['bar-label', `bg-${look.colour}`], 'aria-hidden': 'true' },
        shapeIcon(look.shape),
        h('span', { class: 'bar-text' }, label),
        ok ? markIcon(true) : null,
      ),
      h('span', { class: 'bar-track', 'aria-hidden': 'true' }, fill),
      h('span', { class: 'bar-count', 'aria-hidden': 'true' }, String(n)),
    );
  });
  return h('ol', { class: ['chart', lengthClass(choices)], 'aria-label': 'How the room answered' }, rows);
}
