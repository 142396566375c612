// Team games (PROTOCOL.md: `create` option `teams`, `join.team`,
// `joined.team`, `leaderboard.teams`, `podium.teams`) and the host's
// override of an `open` answer's credit. Pure: no DOM, no socket.

import { ordinal, points } from './answers.js';

/// The server takes at most this many teams (protocol/PROTOCOL.md, `create.options`).
export const MAX_TEAMS = 16;

/// Team names as the host typed them: one per line or separated by commas,
/// trimmed, blanks dropped. Returns {teams, problem}: `problem` (words for
/// the host) when the server would refuse the list; `teams` is empty when
/// no names were given, so that the game is played without teams.
export function parseTeams(typed) {
  const teams = String(typed ?? '')
    .split(/[,\n\r]+/)
    .map((t) => t.trim().replace(/\s+/g, ' '))
    .filter((t) => t !== '');
  if (teams.length > MAX_TEAMS) return { teams, problem: `At most ${MAX_TEAMS} teams.` };
  // The server compares names as written; two that look alike would confuse people too.
  const seen = new Set();
  for (const t of teams) {
    const key = t.toLowerCase();
    if (seen.has(key)) return { teams, problem: `"${t}" is in the list twice: team names must differ.` };
    seen.add(key);
  }
  if (teams.length === 1) return { teams, problem: 'Name at least two teams, or none to play without teams.' };
  return { teams, problem: null };
}

/// The room's teams from `GET /api/rooms/{code}` (an array of names; absent
/// from servers that do not say), or [] when it has none or cannot be read.
export async function fetchRoomTeams(code, fetchFn = globalThis.fetch) {
  if (!code) return [];
  try {
    const res = await fetchFn(`api/rooms/${encodeURIComponent(code)}`, { headers: { Accept: 'application/json' } });
    if (!res.ok) return [];
    const body = await res.json();
    return Array.isArray(body?.teams) ? body.teams.filter((t) => typeof t === 'string' && t !== '') : [];
  } catch {
    return [];
  }
}

/// The rows of a team table (`leaderboard.teams` or `podium.teams`): rank,
/// name and score exactly as the server sent them, in its order, with the
/// player's own team marked and a sentence for screen readers.
export function teamRows(teams, yourTeam = null) {
  if (!Array.isArray(teams)) return [];
  return teams.map((t) => {
    const you = yourTeam != null && t.name === yourTeam;
    return {
      rank: t.rank,
      name: t.name,
      score: t.score,
      you,
      shownScore: points(t.score),
      spoken: `${ordinal(t.rank)}: team ${t.name}${you ? ' (your team)' : ''}, ${points(t.score)} points`,
    };
  });
}

/// Players per team, in the host's order, from a host screen's roster
/// ({name, team, ...} entries), then "No team" for anyone without one.
export function rosterByTeam(teams, roster) {
  const groups = (teams ?? []).map((name) => ({ name, players: [] }));
  const other = { name: null, players: [] };
  for (const p of roster ?? []) {
    const g = groups.find((x) => x.name === p.team) ?? other;
    g.players.push(p);
  }
  return other.players.length > 0 ? [...groups, other] : groups;
}

/// The credits the host can give an `open` answer, with their labels.
export const CREDIT_STEPS = Object.freeze([
  { credit: 0, label: 'None' },
  { credit: 0.5, label: 'Half' },
  { credit: 1, label: 'Full' },
]);

/// A credit 0..1 as a percentage for people ("40%").
export function creditPercent(credit) {
  const c = Number(credit);
  return `${Math.round(Math.min(1, Math.max(0, Number.isFinite(c) ? c : 0)) * 100)}%`;
}

/// The rows of the host's list of typed answers (`open_answers`) for
/// question `q`: [] when the list is for another question.
export function openAnswerRows(message, q) {
  if (!message || message.q !== q || !Array.isArray(message.answers)) return [];
  return message.answers.map((a) => ({
    playerId: a.player_id,
    name: a.name,
    text: a.text ?? '',
    credit: a.credit ?? 0,
    points: a.points ?? 0,
    percent: creditPercent(a.credit),
    // Which step button shows as pressed: the one that equals the credit, if any.
    step: CREDIT_STEPS.find((s) => Math.abs(s.credit - (a.credit ?? 0)) < 1e-9)?.credit ?? null,
  }));
}
