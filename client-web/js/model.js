// The view state of a host screen or a player screen, and how each server
// message changes it. Pure: `reduce(view, message, localNow)` returns a new
// view and never touches the page, so the tests feed it the golden vectors.

import { describeError } from './errors.js';

export function initialView(role) {
  return {
    role, // 'host' | 'player'
    phase: 'connecting', // or a protocol phase
    phaseSince: 0, // local ms when the phase (or question) last changed
    code: null,
    quiz: null,
    q: null,
    total: 0,
    players: 0,
    connected: 0,
    locked: false,
    paused: false,
    question: null,
    deadline: null,
    remainingMs: null,
    // the player's own answer to the open question
    answered: false,
    sending: false,
    answer: null,
    ackMs: null,
    durable: true,
    // hosts: how many answered the open question
    answeredCount: 0,
    reveal: null,
    result: null,
    openAnswers: null, // hosts: `open_answers`, the typed answers of the revealed `open` question
    // interview mode: the closed rating of the question, and this screen's own
    rated: null,
    myRating: null,
    revealReloaded: false, // the reveal came in a `state` (a reload): no `result` follows
    streak: 0,
    leaderboard: null,
    podium: null,
    recap: null,
    roster: [],
    you: null,
    ended: null, // the reason, once the game has ended
    kicked: false,
    history: [], // hosts: one entry per revealed question, for the results
    error: null, // {code, title, detail, context, at}
  };
}

function phaseChange(view, phase, localNow) {
  return view.phase === phase ? view.phaseSince : localNow;
}

function upsert(roster, entry) {
  const i = roster.findIndex((r) => r.id === entry.id);
  if (i < 0) return [...roster, entry];
  const next = [...roster];
  next[i] = { ...next[i], ...entry };
  return next;
}

function recordReveal(history, question, reveal) {
  if (!reveal || !Number.isInteger(reveal.q)) return history;
  const entry = {
    q: reveal.q,
    prompt: question?.q === reveal.q ? question.prompt : null,
    kind: question?.q === reveal.q ? question.kind : null,
    answered: reveal.answered ?? 0,
    correct_count: reveal.correct_count ?? 0,
  };
  const rest = history.filter((h) => h.q !== reveal.q);
  if (entry.prompt === null) {
    const old = history.find((h) => h.q === reveal.q);
    if (old) {
      entry.prompt = old.prompt;
      entry.kind = old.kind;
    }
  }
  return [...rest, entry].sort((a, b) => a.q - b.q);
}

/// The player's place on a board, when they are on it.
function yourEntry(view, top) {
  const id = view.you?.player_id;
  return id && Array.isArray(top) ? top.find((e) => e.id === id) : undefined;
}

function fromState(view, m, localNow) {
  const v = {
    ...view,
    phase: m.phase,
    phaseSince: view.phase === m.phase && view.q === (m.q ?? null) ? view.phaseSince : localNow,
    code: m.code ?? view.code,
    quiz: m.quiz ?? view.quiz,
    q: m.q ?? null,
    total: m.total ?? view.total,
    players: m.players ?? view.players,
    connected: m.connected ?? view.connected,
    locked: Boolean(m.locked),
    paused: Boolean(m.paused),
    question: m.question ?? view.question,
    deadline: m.deadline ?? null,
    remainingMs: m.remaining_ms ?? null,
    reveal: m.reveal ?? view.reveal,
    leaderboard: m.leaderboard ?? view.leaderboard,
    podium: m.podium ?? view.podium,
    kicked: false,
    revealReloaded: m.phase === 'reveal' && !(view.phase === 'reveal' && view.result && view.result.q === m.q),
  };
  if (m.phase !== 'question') {
    v.deadline = null;
    v.remainingMs = null;
  }
  if (m.phase === 'question') {
    // A fresh look at the open question: the answer comes from `you`.
    v.result = view.q === m.q ? view.result : null;
    if (view.q !== m.q) v.answeredCount = 0;
  }
  // A result belongs to its question: after a reconnect it may be stale.
  if (v.result && v.result.q !== v.q) v.result = null;
  if (m.phase === 'ended') v.ended = view.ended ?? 'finished';
  if (m.you) {
    v.you = { ...m.you };
    if (m.phase === 'question') {
      v.answered = Boolean(m.you.answered);
      v.answer = m.you.answer ?? null;
      v.sending = false;
      if (!v.answered) v.ackMs = null;
    }
  }
  if (Array.isArray(m.roster)) {
    v.roster = m.roster.map((r) => ({ ...r }));
    v.connected = v.roster.filter((r) => r.connected).length;
  }
  if (m.reveal && view.role === 'host') v.history = recordReveal(view.history, v.question, m.reveal);
  return v;
}

/// The next view after server message `m` (an object with `type`).
export function reduce(view, m, localNow = 0) {
  switch (m?.type) {
    case 'state':
      return fromState(view, m, localNow);
    case 'created':
      return { ...view, code: m.code ?? view.code };
    case 'joined':
      return {
        ...view,
        you: {
          score: 0,
          rank: 0,
          answered: false,
          answer: null,
          ...(view.you ?? {}),
          player_id: m.player_id,
          name: m.name,
          team: m.team ?? null,
        },
        kicked: false,
      };
    case 'lobby':
      return { ...view, players: m.players ?? view.players, connected: m.connected ?? view.connected };
    case 'player_joined': {
      if (!m.player) return { ...view, players: m.players ?? view.players };
      const roster = upsert(view.roster, { ...m.player, connected: true });
      return { ...view, roster, players: m.players ?? view.players, connected: roster.filter((r) => r.connected).length };
    }
    case 'player_left': {
      const roster = m.gone
        ? view.roster.filter((r) => r.id !== m.player_id)
        : view.roster.map((r) => (r.id === m.player_id ? { ...r, connected: false } : r));
      return { ...view, roster, players: m.players ?? view.players, connected: roster.filter((r) => r.connected).length };
    }
    case 'question':
      return {
        ...view,
        phase: 'question',
        phaseSince: localNow,
        q: m.q,
        total: m.total ?? view.total,
        question: { ...m },
        deadline: m.deadline ?? null,
        remainingMs: null,
        paused: false,
        answered: false,
        sending: false,
        answer: null,
        ackMs: null,
        durable: true,
        answeredCount: 0,
        reveal: null,
        result: null,
        openAnswers: null,
        rated: null,
        myRating: view.q === m.q ? view.myRating : null,
      };
    case 'answers':
      if (m.q !== view.q) return view;
      return { ...view, answeredCount: m.answered ?? 0, connected: m.connected ?? view.connected };
    case 'answer_ack':
      if (m.q !== view.q) return view;
      return { ...view, answered: true, sending: false, ackMs: m.ms ?? null, durable: m.durable !== false };
    case 'reveal':
      return {
        ...view,
        phase: 'reveal',
        phaseSince: phaseChange(view, 'reveal', localNow),
        q: m.q ?? view.q,
        reveal: { ...m },
        revealReloaded: false,
        rated: view.rated?.q === m.q ? view.rated : null,
        myRating: view.q === m.q ? view.myRating : null,
        sending: false,
        deadline: null,
        remainingMs: null,
        paused: false,
        history: view.role === 'host' ? recordReveal(view.history, view.question, m) : view.history,
      };
    case 'result':
      return {
        ...view,
        // A second result for the same question: the host changed the credit.
        result: { ...m, revised: view.result?.q === m.q && view.phase === 'reveal' },
        streak: m.streak ?? view.streak,
        players: m.of ?? view.players,
        you: view.you ? { ...view.you, score: m.score, rank: m.rank } : view.you,
      };
    case 'leaderboard': {
      const mine = yourEntry(view, m.top);
      return {
        ...view,
        phase: 'leaderboard',
        phaseSince: phaseChange(view, 'leaderboard', localNow),
        leaderboard: { ...m },
        you: mine && view.you ? { ...view.you, score: mine.score, rank: mine.rank } : view.you,
      };
    }
    case 'podium': {
      const mine = yourEntry(view, m.top);
      return {
        ...view,
        phase: 'podium',
        phaseSince: phaseChange(view, 'podium', localNow),
        podium: { ...m },
        you: mine && view.you ? { ...view.you, score: mine.score, rank: mine.rank } : view.you,
      };
    }
    case 'rated':
      return { ...view, rated: { ...m } };
    case 'open_answers':
      return { ...view, openAnswers: { ...m, answers: Array.isArray(m.answers) ? m.answers : [] } };
    case 'recap':
      return { ...view, recap: Array.isArray(m.items) ? m.items : [] };
    case 'ended':
      return { ...view, phase: 'ended', phaseSince: phaseChange(view, 'ended', localNow), ended: m.reason ?? 'finished' };
    case 'paused':
      return { ...view, paused: true, remainingMs: m.remaining_ms ?? view.remainingMs };
    case 'resumed':
      return { ...view, paused: false, deadline: m.deadline ?? view.deadline, remainingMs: null };
    case 'kicked':
      return { ...view, kicked: true };
    case 'error':
      return withError(view, m.code, m.message, null, localNow);
    default:
      return view; // pong, and types this client does not show
  }
}

/// The view with an error shown; `context` is the request it answers.
export function withError(view, code, message, context, localNow = 0) {
  const words = describeError(code, message, context);
  let v = { ...view, error: { code, ...words, context: context ?? null, at: localNow } };
  if (context === 'answer') {
    v.sending = false;
    // Already answered: the earlier answer stands.
    if (code === 'duplicate') v.answered = true;
    else if (!view.answered) v.answer = null;
  }
  return v;
}

/// This screen has rated the candidate (interview mode); the rating is on its way.
export function rating(view, score) {
  return { ...view, myRating: score };
}

/// The server refused a rating: a duplicate means one was given before (a
/// reload forgets which), anything else leaves this screen free to rate.
export function ratingRefused(view, code) {
  return { ...view, myRating: code === 'duplicate' ? (view.myRating ?? 'given') : null };
}

/// The player has picked an answer and it is on its way.
export function answering(view, answer) {
  return { ...view, sending: true, answer };
}

/// The player screen has seen no new phase for long enough that people
/// should be told the game is waiting for the host (the protocol does not
/// say whether a host screen is attached, so this is a fair guess: without
/// auto-advance, every wait in these phases is a wait for the host).
export function waitingForHost(view, localNow, patienceMs = 20000) {
  if (view.role !== 'player') return false;
  if (view.phase === 'lobby' || view.phase === 'reveal' || view.phase === 'leaderboard') {
    return localNow - view.phaseSince >= patienceMs;
  }
  return false;
}

/// The player's rank and field size in words ("2nd of 4").
export function standing(view) {
  const rank = view.result?.rank ?? view.you?.rank;
  const of = view.result?.of ?? view.players;
  return rank ? { rank, of } : null;
}
