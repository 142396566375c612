// Every error code the server can send (PROTOCOL.md, "Error codes"), in
// plain words for the people in front of the screen. Pure.

const WORDS = Object.freeze({
  bad_json: 'This page sent something the server could not read. Reload the page and try again.',
  bad_message: 'The server did not understand that request. Reload the page and try again.',
  unknown_type: 'The server does not know that request. This page may be out of date: reload it.',
  not_found: 'There is no game with that code. Check the code and try again.',
  forbidden: 'That is not allowed for this screen.',
  name_taken: 'Someone in this game already has that name. Please pick another one.',
  name_invalid: 'That name cannot be used. Use 1 to 24 letters, digits or symbols.',
  room_full: 'This game is full. No more players can join.',
  room_locked: 'The host has locked this game, so no one new can join right now.',
  wrong_phase: 'That cannot be done at this point of the game.',
  late: 'Too late: time ran out before your answer arrived.',
  duplicate: 'You have already answered this question.',
  bad_answer: 'That answer does not fit this question.',
  rate_limited: 'Too many actions at once. Please slow down a little.',
  too_big: 'That was too long to send.',
  unavailable: 'The server is busy or restarting. Please try again in a moment.',
  internal: 'Something went wrong on the server. Please try again.',
});

/// Words that fit better for a request in a given context.
const IN_CONTEXT = Object.freeze({
  'rejoin:forbidden': 'Your place in this game is no longer valid. Join again with your name.',
  'host:forbidden': 'This screen is not the host of that game (the host key was not accepted).',
  'join:wrong_phase': 'This game is already over. Ask the host for the code of the next one.',
  'answer:wrong_phase': 'No question is open right now (the game may be paused).',
  'create:not_found': 'That quiz is no longer on the server. Pick another one.',
  'create:forbidden': 'This server only lets its administrators create games.',
  'start:wrong_phase': 'The game has already started.',
  'next:wrong_phase': 'The game had already moved on.',
  'rate:duplicate': 'You have already rated this answer.',
  'rate:late': 'Too late: rating has closed for this answer.',
  'rate:forbidden': 'The candidate does not rate their own answer.',
  'override:wrong_phase': 'Credit can only be changed while the answers are shown, before the leaderboard.',
});

/// Codes whose server message adds something a person can act on.
const SHOW_SERVER_MESSAGE = new Set(['name_invalid', 'bad_message', 'bad_answer']);

export const ERROR_CODES = Object.freeze(Object.keys(WORDS));

/// `{title, detail}` for an `error` frame; `context` is the type of the
/// request it answers, when known ('join', 'answer', ...).
export function describeError(code, serverMessage, context) {
  const title =
    (context && IN_CONTEXT[`${context}:${code}`]) ||
    WORDS[code] ||
    'Something went wrong. Please try again.';
  const detail =
    SHOW_SERVER_MESSAGE.has(code) && typeof serverMessage === 'string' && serverMessage.trim() !== ''
      ? capitalise(serverMessage.trim())
      : '';
  return { title, detail };
}

function capitalise(s) {
  return s.charAt(0).toUpperCase() + s.slice(1);
}
