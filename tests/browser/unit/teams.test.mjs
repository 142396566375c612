// Team games and the host's override of open credit: the set-up field's
// parsing, the team standings as shown, the lobby's grouping, the list of
// typed answers, and the frames they lead to.

import assert from 'node:assert/strict';
import { test } from 'node:test';

import { initialView, reduce } from '../../../client-web/js/model.js';
import { createOptions, frames } from '../../../client-web/js/protocol.js';
import { CREDIT_STEPS, MAX_TEAMS, creditPercent, fetchRoomTeams, openAnswerRows, parseTeams, rosterByTeam, teamRows } from '../../../client-web/js/teams.js';
import { client, server, vector } from './vectors.mjs';

test('team names: commas or lines, trimmed, blanks dropped; none means no teams', () => {
  assert.deepEqual(parseTeams('Red, Blue'), { teams: ['Red', 'Blue'], problem: null });
  assert.deepEqual(parseTeams(' Red \n\n  Blue  Whales ,\r\nGreen,'), { teams: ['Red', 'Blue Whales', 'Green'], problem: null });
  assert.deepEqual(parseTeams(''), { teams: [], problem: null });
  assert.deepEqual(parseTeams(' , \n '), { teams: [], problem: null });
  assert.deepEqual(parseTeams(undefined), { teams: [], problem: null });
});

test('team names the server would refuse, or that make no team game, are explained', () => {
  assert.match(parseTeams('Red, Blue, red').problem, /"red" is in the list twice/);
  assert.match(parseTeams('Solo').problem, /at least two teams/);
  const many = Array.from({ length: MAX_TEAMS + 1 }, (_, i) => `T${i}`).join(',');
  assert.match(parseTeams(many).problem, /At most 16 teams/);
  assert.equal(parseTeams(Array.from({ length: MAX_TEAMS }, (_, i) => `T${i}`).join('\n')).problem, null);
});

test('the set-up sends the teams as options.teams, the golden create frame\'s shape', () => {
  const full = vector(client, 'create-full').options;
  const { teams } = parseTeams('Red\nBlue');
  assert.deepEqual(createOptions({ teams }).teams, full.teams);
  assert.deepEqual(frames.create('three', createOptions({ teams, count: 3 })), { type: 'create', quiz: 'three', options: { count: 3, teams: ['Red', 'Blue'] } });
  assert.equal('teams' in createOptions({ teams: [] }), false);
  assert.equal('teams' in createOptions({}), false);
});

test('a join with a team, and with "Any team" (no field: the server balances)', () => {
  assert.deepEqual(frames.join('K7PQ3M', 'Ada', 'Red'), { type: 'join', code: 'K7PQ3M', name: 'Ada', team: 'Red' });
  assert.deepEqual(frames.join('K7PQ3M', 'Ada', ''), { type: 'join', code: 'K7PQ3M', name: 'Ada' });
});

test('team standings are shown with rank and score exactly as sent, in the order sent', () => {
  const podium = vector(server, 'podium-teams');
  const rows = teamRows(podium.teams, 'Red');
  assert.deepEqual(
    rows.map((r) => [r.rank, r.name, r.score, r.shownScore, r.you]),
    [
      [1, 'Blue', 3175, '3,175', false],
      [2, 'Red', 2050, '2,050', true],
    ],
  );
  assert.equal(rows[1].spoken, '2nd: team Red (your team), 2,050 points');
  // Ties share a rank as the server says; nothing is re-ranked here.
  const tied = teamRows([{ name: 'B', score: 10, rank: 1 }, { name: 'A', score: 10, rank: 1 }, { name: 'C', score: 3, rank: 3 }]);
  assert.deepEqual(tied.map((r) => `${r.rank}${r.name}`), ['1B', '1A', '3C']);
  assert.deepEqual(teamRows(undefined), []);
  assert.deepEqual(teamRows(vector(server, 'leaderboard').teams), []);
});

test('the leaderboard and podium keep their teams in the view; the player knows their team', () => {
  let v = reduce(initialView('player'), vector(server, 'joined-team'));
  assert.equal(v.you.team, vector(server, 'joined-team').team);
  v = reduce(v, vector(server, 'leaderboard-teams'));
  assert.deepEqual(v.leaderboard.teams, vector(server, 'leaderboard-teams').teams);
  v = reduce(v, vector(server, 'podium-teams'));
  assert.deepEqual(v.podium.teams, vector(server, 'podium-teams').teams);
});

test('the lobby groups the roster by team, in the host\'s order', () => {
  const roster = [
    { id: 'p1', name: 'Ada', team: 'Blue' },
    { id: 'p2', name: 'Grace', team: 'Red' },
    { id: 'p3', name: 'Linus', team: 'Blue' },
  ];
  assert.deepEqual(
    rosterByTeam(['Red', 'Blue', 'Green'], roster).map((g) => [g.name, g.players.map((p) => p.name)]),
    [
      ['Red', ['Grace']],
      ['Blue', ['Ada', 'Linus']],
      ['Green', []],
    ],
  );
  const stray = rosterByTeam(['Red'], [{ id: 'p9', name: 'Zed', team: null }]);
  assert.deepEqual(stray.map((g) => g.name), ['Red', null]);
});

test('the phone learns the room\'s teams from GET /api/rooms/{code}', async () => {
  const asked = [];
  const reply = (status, body) => async (url) => {
    asked.push(url);
    return { ok: status === 200, json: async () => body };
  };
  assert.deepEqual(await fetchRoomTeams('K7PQ3M', reply(200, { code: 'K7PQ3M', teams: ['Red', 'Blue'] })), ['Red', 'Blue']);
  assert.equal(asked.at(-1), 'api/rooms/K7PQ3M');
  assert.deepEqual(await fetchRoomTeams('K7PQ3M', reply(200, { code: 'K7PQ3M', teams: [] })), []);
  assert.deepEqual(await fetchRoomTeams('K7PQ3M', reply(200, { code: 'K7PQ3M' })), []); // an older server
  assert.deepEqual(await fetchRoomTeams('K7PQ3M', reply(404, { error: 'not_found' })), []);
  assert.deepEqual(await fetchRoomTeams('K7PQ3M', async () => { throw new Error('offline'); }), []);
  assert.deepEqual(await fetchRoomTeams('', reply(200, { teams: ['X'] })), []);
});

test('the host\'s list of typed answers, from open_answers, for the question revealed', () => {
  const m = vector(server, 'open_answers');
  let v = reduce(initialView('host'), m);
  assert.deepEqual(v.openAnswers, m);
  const rows = openAnswerRows(v.openAnswers, m.q);
  assert.deepEqual(
    rows.map((r) => [r.playerId, r.name, r.percent, r.points, r.step]),
    [
      ['p1', 'Ada', '50%', 460, 0.5],
      ['p3', 'Grace', '0%', 0, 0],
      ['p2', 'Linus', '100%', 1100, 1],
    ],
  );
  assert.equal(rows[0].text, 'A mutex guards the shared counter');
  assert.deepEqual(openAnswerRows(v.openAnswers, m.q + 1), []);
  assert.deepEqual(openAnswerRows(null, 0), []);
  assert.equal(openAnswerRows({ q: 0, answers: [{ player_id: 'p1', name: 'A', text: 'x', credit: 0.4, points: 3 }] }, 0)[0].step, null);
  // A new question clears it.
  v = reduce(v, { ...vector(server, 'question'), q: m.q + 1 });
  assert.equal(v.openAnswers, null);
});

test('the credit buttons send override with the player, the question and the credit', () => {
  assert.deepEqual(CREDIT_STEPS.map((s) => s.credit), [0, 0.5, 1]);
  const golden = vector(client, 'override');
  assert.deepEqual(frames.override(golden.player_id, golden.q, golden.credit), golden);
  assert.deepEqual(frames.override('p1', 0, CREDIT_STEPS[2].credit), { type: 'override', player_id: 'p1', q: 0, credit: 1 });
  assert.equal(creditPercent(0.755), '76%');
  assert.equal(creditPercent(2), '100%');
  assert.equal(creditPercent(undefined), '0%');
});

test('a second result for the revealed question is marked as the host\'s revision', () => {
  const first = { ...vector(server, 'result-partial') };
  let v = reduce(initialView('player'), { ...vector(server, 'reveal'), q: first.q });
  v = reduce(v, first);
  assert.equal(v.result.revised, false);
  v = reduce(v, { ...first, correct: true, points: first.points + 100, score: first.score + 100 });
  assert.equal(v.result.revised, true);
  assert.equal(v.result.correct, true);
  // The next question's first result is not a revision.
  v = reduce(v, { ...vector(server, 'question'), q: first.q + 1 });
  v = reduce(v, { ...vector(server, 'reveal'), q: first.q + 1 });
  v = reduce(v, { ...first, q: first.q + 1 });
  assert.equal(v.result.revised, false);
});
