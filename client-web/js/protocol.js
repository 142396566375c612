// The frames a browser client sends (PROTOCOL.md, "Client to server"), and
// the reading of the frames it receives. Pure: no DOM, no socket.

export const PHASES = ['lobby', 'question', 'reveal', 'leaderboard', 'podium', 'ended'];

/// Question kinds whose answer is one pick among `choices`.
export const SINGLE_CHOICE_KINDS = new Set(['choice', 'truefalse', 'poll']);

/// Builders for every client frame the browser sends. Optional fields that are
/// absent are left out, never sent as null.
export const frames = {
  create(quiz, options = {}) {
    return { type: 'create', quiz, options };
  },
  host(code, hostToken) {
    return { type: 'host', code, host_token: hostToken };
  },
  join(code, name, team) {
    const f = { type: 'join', code, name };
    if (team != null && team !== '') f.team = team;
    return f;
  },
  rejoin(code, token) {
    return { type: 'rejoin', code, token };
  },
  /// `answer` is one of {choice}, {choices}, {text}, {order}, {value}.
  answer(q, answer) {
    return { type: 'answer', q, ...answer };
  },
  start() {
    return { type: 'start' };
  },
  /// The state the host screen saw, so a repeated key never skips a phase.
  next(q, phase) {
    const f = { type: 'next' };
    if (q != null) f.q = q;
    if (phase != null) f.phase = phase;
    return f;
  },
  pause() {
    return { type: 'pause' };
  },
  resume() {
    return { type: 'resume' };
  },
  end() {
    return { type: 'end' };
  },
  kick(playerId) {
    return { type: 'kick', player_id: playerId };
  },
  lock(locked) {
    return { type: 'lock', locked: Boolean(locked) };
  },
  /// Interview mode: a rating 1-5 of the candidate's answer.
  rate(playerId, score) {
    return { type: 'rate', player_id: playerId, score };
  },
  /// Interview mode: the host gives the open question to another player.
  candidate(playerId) {
    return { type: 'candidate', player_id: playerId };
  },
  /// The host's credit 0..1 for a player's answer to an `open` question.
  override(playerId, q, credit) {
    return { type: 'override', player_id: playerId, q, credit };
  },
  ping(t) {
    return { type: 'ping', t };
  },
  leave() {
    return { type: 'leave' };
  },
};

/// The frame with a request id (a number or a short string) that the direct reply echoes.
export function withId(frame, id) {
  return { type: frame.type, id, ...frame };
}

/// A received text frame as a message object, or null when it is not one
/// (not JSON, not an object, no string `type`).
export function readFrame(text) {
  let m;
  try {
    m = JSON.parse(text);
  } catch {
    return null;
  }
  if (m === null || typeof m !== 'object' || Array.isArray(m) || typeof m.type !== 'string') {
    return null;
  }
  return m;
}

/// A typed room code as the server matches it: upper case, no spaces.
export function normalizeCode(typed) {
  return String(typed ?? '')
    .toUpperCase()
    .replace(/[^0-9A-Z]/g, '');
}

/// Options of `create` from the host's set-up form values; empty values are left out.
export function createOptions(form) {
  const o = {};
  if (Number.isInteger(form.count) && form.count >= 1) o.count = form.count;
  if (Array.isArray(form.categories) && form.categories.length > 0) o.categories = [...form.categories];
  if (Number.isInteger(form.time_limit_s) && form.time_limit_s >= 1) o.time_limit_s = form.time_limit_s;
  if (form.scoring === 'speed' || form.scoring === 'accuracy') o.scoring = form.scoring;
  if (typeof form.shuffle === 'boolean') o.shuffle = form.shuffle;
  if (typeof form.streak_bonus === 'boolean') o.streak_bonus = form.streak_bonus;
  if (typeof form.auto_advance === 'boolean') o.auto_advance = form.auto_advance;
  if (typeof form.format === 'string' && form.format !== '') o.format = form.format;
  if (form.mode === 'interview') o.mode = 'interview';
  if (Number.isInteger(form.rating_s) && form.rating_s >= 1) o.rating_s = form.rating_s;
  if (Array.isArray(form.teams) && form.teams.length > 0) o.teams = [...form.teams];
  return o;
}
