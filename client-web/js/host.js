// The host screen (a projector at 1920x1080, or a laptop): set up a game,
// show the code and the QR code, run the questions, show the results.
// The host key stays in this tab's sessionStorage, so a reload re-attaches
// with `host`; "Play again" starts a new room with the same settings.

import { choicesOf, describeCorrect, inputOf, lengthClass, lookOf } from './answers.js';
import { describeError } from './errors.js';
import { canRate, candidateOf, describeRated, withSavedQuestion } from './interview.js';
import { initialView, rating, ratingRefused, reduce } from './model.js';
import { Connection, socketUrl } from './net.js';
import { createOptions, frames, normalizeCode } from './protocol.js';
import { makeStore } from './storage.js';
import { CREDIT_STEPS, openAnswerRows, parseTeams, rosterByTeam } from './teams.js';
import { leaderboardList, podiumView, distributionChart, teamBoard } from './ui/board.js';
import { CountdownView } from './ui/countdown.js';
import { h, fill, setText } from './ui/dom.js';
import { shapeIcon } from './ui/shapes.js';
import { Notices } from './ui/notices.js';
import { ratingButtons, rubricList } from './ui/interview.js';

const store = makeStore(sessionStorage);
const params = new URLSearchParams(location.search);
let code = normalizeCode(params.get('room')) || null;
if (code && !store.hosting(code)) code = null; // not ours: set up a new game instead

const main = document.getElementById('main');
const quizTitle = document.getElementById('quiz-title');
const topCode = document.getElementById('top-code');
const controls = {
  bar: document.getElementById('controls'),
  players: document.getElementById('ctl-players'),
  mode: document.getElementById('ctl-mode'),
  lock: document.getElementById('ctl-lock'),
  pause: document.getElementById('ctl-pause'),
  end: document.getElementById('ctl-end'),
  next: document.getElementById('ctl-next'),
  nextLabel: document.getElementById('ctl-next-label'),
};
const notices = new Notices(document.getElementById('connection'), document.getElementById('alert'), {
  onRetry: () => conn?.wake(),
});

let view = withHistory(initialView('host'));
let conn = null;
let pendingCreate = null; // {quiz, options} to send once connected
let closed = null;
let denied = null; // the server refused our host key: {title, detail}
let joinUrl = null;
let screen = null;
let endArmed = null; // "End game" asks for a second press

controls.next.addEventListener('click', primary);
controls.lock.addEventListener('click', () => command(frames.lock(!view.locked), 'lock'));
controls.pause.addEventListener('click', () => command(view.paused ? frames.resume() : frames.pause(), 'pause'));
controls.end.addEventListener('click', endGame);
document.addEventListener('keydown', (event) => {
  if (event.key !== ' ' || event.repeat || event.ctrlKey || event.altKey || event.metaKey) return;
  // Space on a focused button or field does what it does there.
  if (event.target.closest?.('button, a, input, select, textarea, summary, [contenteditable]')) return;
  if (controls.bar.hidden || controls.next.disabled) return;
  event.preventDefault();
  primary();
});


// ---- talking to the server -------------------------------------------------

function connect() {
  conn?.stop();
  closed = null;
  conn = new Connection({ url: socketUrl(location, code), onMessage, onOpen: attach, onStatus });
  conn.start();
}

async function attach(c) {
  if (code) {
    const hosting = store.hosting(code);
    const reply = await c.request(frames.host(code, hosting?.host_token ?? '')).catch(() => null);
    if (reply?.type === 'error') {
      if (reply.code !== 'forbidden' && reply.code !== 'not_found') {
        // Busy or restarting: the key may still be good, so keep it.
        notices.error(describeError(reply.code, reply.message, 'host'));
        return;
      }
      denied = describeError(reply.code, reply.message, 'host');
      if (reply.code === 'not_found') denied = { title: 'That game no longer exists on the server.', detail: 'Set up a new one below.' };
      store.forgetHosting(code);
      c.stop();
      code = null;
      history.replaceState(null, '', 'host.html');
      render();
    }
    return;
  }
  if (pendingCreate) {
    const { quiz, options } = pendingCreate;
    const reply = await c.request(frames.create(quiz, options)).catch(() => null);
    if (reply?.type === 'created') {
      pendingCreate = null;
    } else if (reply?.type === 'error') {
      pendingCreate = null;
      c.stop();
      notices.error(describeError(reply.code, reply.message, 'create'));
      render();
    }
  }
}

function onMessage(m) {
  if (m.type === 'created') {
    code = m.code;
    const settings = pendingCreate ?? {};
    store.saveHosting(code, { host_token: m.host_token, quiz: settings.quiz, options: settings.options });
    history.replaceState(null, '', `host.html?room=${code}`);
    conn.url = socketUrl(location, code);
    view = withHistory({ ...initialView('host'), code });
  }
  if (m.type === 'error' && m.id !== undefined) return; // the request shows it
  if (m.type === 'error') notices.error(describeError(m.code, m.message));
  if (m.type === 'question') store.saveQuestion(code, m);
  if (m.type === 'state' && m.question) store.saveQuestion(code, m.question);
  view = withSavedQuestion(reduce(view, m, Date.now()), store.questions(code));
  if (m.type === 'reveal' || (m.type === 'state' && m.reveal)) store.saveHistory(code, view.history);
  if (m.type === 'state' && m.phase === 'lobby' && !joinUrl) fetchJoinUrl();
  render();
}

function onStatus(status) {
  notices.connection(status);
  if (status.state === 'closed' && status.reason !== 'stopped') closed = status;
  if (status.state === 'open') closed = null;
  render();
}

/// Sends a host command; its error, if any, is shown in plain words.
async function command(frame, context) {
  if (!conn) return;
  const reply = await conn.request(frame).catch(() => null);
  if (reply?.type === 'error') {
    // A second screen or a repeated key got there first: nothing to tell.
    if (reply.code === 'wrong_phase' && context === 'next') return;
    notices.error(describeError(reply.code, reply.message, context));
  }
}

/// Interview mode: the host's own rating of the candidate's answer.
async function rateCandidate(score) {
  const candidate = candidateOf(view);
  if (!conn || !candidate || !canRate(view, conn.clock.now(Date.now()))) return;
  view = rating(view, score);
  render();
  const reply = await conn.request(frames.rate(candidate.id, score)).catch(() => null);
  if (!reply) view = ratingRefused(view, null);
  else if (reply.type === 'error') {
    view = ratingRefused(view, reply.code);
    if (reply.code !== 'duplicate') notices.error(describeError(reply.code, reply.message, 'rate'));
  }
  render();
}

/// Rating is open in this reveal: the host's `next` closes it (PROTOCOL.md).
function ratingPending() {
  return view.phase === 'reveal' && view.reveal?.rating_deadline != null && view.rated?.q !== view.q;
}

function primary() {
  if (controls.next.disabled) return;
  switch (view.phase) {
    case 'lobby':
      command(frames.start(), 'start');
      break;
    case 'ended':
      playAgain();
      break;
    default:
      if (closed) return;
      command(frames.next(view.q, view.phase), 'next');
  }
}

function endGame() {
  if (endArmed) {
    clearTimeout(endArmed);
    endArmed = null;
    command(frames.end(), 'end');
  } else {
    endArmed = setTimeout(() => {
      endArmed = null;
      renderControls();
    }, 4000);
  }
  renderControls();
}

function create(quiz, options) {
  pendingCreate = { quiz, options };
  denied = null;
  code = null;
  joinUrl = null;
  view = withHistory(initialView('host'));
  connect();
  render();
}

function playAgain() {
  const hosting = code ? store.hosting(code) : null;
  if (!hosting?.quiz) {
    location.assign('host.html');
    return;
  }
  conn?.stop();
  history.replaceState(null, '', 'host.html');
  create(hosting.quiz, hosting.options ?? {});
}

async function fetchJoinUrl() {
  const forCode = code;
  joinUrl = '';
  try {
    const res = await fetch(`api/rooms/${encodeURIComponent(forCode)}`, { headers: { Accept: 'application/json' } });
    const body = res.ok ? await res.json() : null;
    if (forCode === code && typeof body?.join_url === 'string') {
      joinUrl = body.join_url;
      render();
    }
  } catch {
    // The lobby then shows this page's own address.
  }
}

function withHistory(v) {
  return code ? { ...v, code, history: store.history(code) } : v;
}

// ---- screens -----------------------------------------------------------------

function screenKey() {
  if (!code && !pendingCreate) return 'setup';
  if (closed && closed.reason !== 'ended' && view.phase !== 'ended') return `closed:${closed.reason}`;
  switch (view.phase) {
    case 'lobby':
      return 'lobby';
    case 'question':
      return `question:${view.q}:${candidateOf(view)?.id ?? ''}`;
    case 'reveal':
      return view.reveal?.rating_deadline != null ? `interview:${view.q}` : `reveal:${view.q}`;
    case 'leaderboard':
      return `leaderboard:${view.q}`;
    case 'podium':
      return 'podium';
    case 'ended':
      return 'results';
    default:
      return closed?.reason === 'ended' ? 'results' : 'connecting';
  }
}

const BUILDERS = {
  setup: setupScreen,
  connecting: () => ({ el: h('section', { class: 'screen screen-center' }, h('p', { class: 'loading' }, 'Opening the game…')) }),
  lobby: lobbyScreen,
  question: questionScreen,
  reveal: revealScreen,
  interview: interviewRevealScreen,
  leaderboard: leaderboardScreen,
  podium: podiumScreen,
  results: resultsScreen,
  closed: closedScreen,
};

function render() {
  const key = screenKey();
  if (key !== screen?.key) {
    screen?.destroy?.();
    screen = { key, ...BUILDERS[key.split(':')[0]]() };
    fill(main, screen.el);
    main.dataset.screen = key.split(':')[0];
    const target = screen.el.querySelector('[data-autofocus]') ?? screen.el.querySelector('h1');
    target?.focus();
  }
  screen.update?.();
  renderControls();
  setText(quizTitle, view.quiz?.title ?? '');
  topCode.hidden = !code || view.phase === 'lobby' || screen.key === 'setup';
  if (code) fill(topCode, 'Code ', h('strong', {}, code));
  document.title = code ? `${code} · Host · quizroom` : 'Host · quizroom';
}

const NEXT_LABEL = {
  lobby: 'Start game',
  question: 'Close question',
  reveal: 'Show leaderboard',
  podium: 'Finish',
  ended: 'Play again',
};

function renderControls() {
  const inGame = Boolean(code) && screen?.key !== 'setup' && !screen?.key.startsWith('closed') && view.phase !== 'connecting';
  controls.bar.hidden = !inGame;
  if (!inGame) return;
  const last = view.q != null && view.q + 1 >= view.total;
  let label = NEXT_LABEL[view.phase] ?? 'Next';
  if (view.phase === 'leaderboard') label = last ? 'Show podium' : 'Next question';
  if (ratingPending()) label = 'Close rating';
  setText(controls.nextLabel, label);
  controls.next.disabled = (view.phase === 'lobby' && view.players === 0) || (Boolean(closed) && view.phase !== 'ended');
  setText(
    controls.players,
    view.phase === 'ended' ? `${view.players} ${view.players === 1 ? 'player' : 'players'}` : `${view.connected} of ${view.players} ${view.players === 1 ? 'player' : 'players'} connected`,
  );
  const auto = store.hosting(code)?.options?.auto_advance;
  setText(controls.mode, auto && view.phase !== 'ended' ? 'Moves on by itself' : '');
  const playing = view.phase === 'question' || view.phase === 'reveal' || view.phase === 'leaderboard';
  controls.lock.hidden = view.phase === 'ended' || view.phase === 'podium';
  controls.lock.setAttribute('aria-pressed', String(view.locked));
  setText(controls.lock, view.locked ? 'Unlock room' : 'Lock room');
  controls.pause.hidden = view.phase !== 'question';
  setText(controls.pause, view.paused ? 'Resume' : 'Pause');
  controls.end.hidden = !playing;
  setText(controls.end, endArmed ? 'Press again to end' : 'End game');
  controls.end.classList.toggle('is-armed', Boolean(endArmed));
}

function heading(text, cls = '') {
  return h('h1', { class: cls, tabindex: '-1' }, text);
}

// -- set-up --

/// The deck formats of PROTOCOL.md (`options.format`) in words.
const FORMAT_NAMES = {
  best_answer: 'Pick the best answer (four summaries)',
  concept: 'Name the concept (explanation with the concept hidden)',
  open: 'Answer in your own words',
};

/// What a host should know before picking a format.
const FORMAT_HINTS = {
  open: 'Players type a few sentences and score for each key term they use. Typing takes time: allow 60 seconds or more.',
};

function setupScreen() {
  const deck = h('select', { id: 'deck', class: 'input', name: 'quiz', required: true }, h('option', { value: '' }, 'Loading quizzes…'));
  const about = h('p', { class: 'hint', id: 'deck-about' });
  const cats = h('div', { class: 'checks' });
  const count = h('input', { id: 'count', class: 'input input-number', type: 'number', min: '1', value: '10', inputmode: 'numeric' });
  const countHint = h('span', { class: 'hint', id: 'count-hint' });
  count.setAttribute('aria-describedby', 'count-hint');
  const timer = h(
    'select',
    { id: 'timer', class: 'input' },
    h('option', { value: '' }, "The quiz's own time"),
    [10, 20, 30, 45, 60, 90, 120].map((s) => h('option', { value: String(s) }, `${s} seconds`)),
  );
  const radio = (value, label, hint, checked) =>
    h(
      'label',
      { class: 'choice-row' },
      h('input', { type: 'radio', name: 'scoring', value, checked }),
      h('span', {}, h('strong', {}, label), h('span', { class: 'hint' }, hint)),
    );
  const check = (id, label, hint, checked) =>
    h('label', { class: 'choice-row', for: id }, h('input', { type: 'checkbox', id, checked }), h('span', {}, h('strong', {}, label), h('span', { class: 'hint' }, hint)));
  const format = h('select', { id: 'format', class: 'input' });
  const formatHint = h('p', { class: 'hint', id: 'format-hint' });
  format.setAttribute('aria-describedby', 'format-hint');
  format.addEventListener('change', () => setText(formatHint, FORMAT_HINTS[format.value] ?? ''));
  const formatField = h('div', { class: 'field', hidden: true }, h('label', { for: 'format' }, 'Play it as'), format, formatHint);
  // Interview mode plays decks whose questions have keywords: those offering `open`.
  const interviewField = h(
    'div',
    { class: 'field', hidden: true },
    check('interview', 'Mock interview', 'Each question goes to one player, who answers aloud or types; everyone else rates the answer from 1 to 5.', false),
  );
  const teams = h('textarea', { id: 'teams', class: 'input input-teams', rows: '2', maxlength: '600', spellcheck: 'false', placeholder: 'For example: Red, Blue' });
  teams.setAttribute('aria-describedby', 'teams-hint');
  const teamsField = h(
    'div',
    { class: 'field' },
    h('label', { for: 'teams' }, 'Teams ', h('span', { class: 'hint' }, '(optional)')),
    teams,
    h('p', { class: 'hint', id: 'teams-hint' }, 'Team names, one per line or separated by commas. Players pick a team when they join, or are put in the smallest one. A team scores the average of its players.'),
  );
  const problem = h('div', { class: 'form-error', role: 'alert' });
  if (denied) fill(problem, h('p', {}, denied.title), denied.detail ? h('p', { class: 'muted' }, denied.detail) : null);
  const submit = h('button', { type: 'submit', class: 'button button-primary button-large', disabled: true }, 'Create game');

  let decks = [];
  let details = null; // the chosen deck with its questions, for category counts
  const available = () => {
    if (!details) return decks.find((d) => d.id === deck.value)?.questions ?? 0;
    const chosen = [...cats.querySelectorAll('input:checked')].map((i) => i.value);
    if (chosen.length === 0) return details.questions.length;
    return details.questions.filter((q) => chosen.includes(q.category)).length;
  };
  const refreshCount = () => {
    const n = available();
    count.max = String(Math.max(1, n));
    if (Number(count.value) > n && n > 0) count.value = String(n);
    setText(countHint, n > 0 ? `up to ${n}` : '');
  };
  const chooseDeck = async () => {
    const d = decks.find((x) => x.id === deck.value);
    details = null;
    setText(about, d?.description ?? '');
    fill(cats);
    const formats = (d?.formats ?? []).filter((f) => FORMAT_NAMES[f]);
    fill(format, h('option', { value: '' }, 'The questions as written'), formats.map((f) => h('option', { value: f }, FORMAT_NAMES[f])));
    formatField.hidden = formats.length === 0;
    interviewField.hidden = !(d?.formats ?? []).includes('open');
    interviewField.querySelector('#interview').checked = false;
    setText(formatHint, '');
    if (!d) return;
    count.value = String(Math.min(10, d.questions));
    refreshCount();
    try {
      const res = await fetch(`api/quizzes/${encodeURIComponent(d.id)}`);
      if (res.ok && deck.value === d.id) details = await res.json();
    } catch {
      details = null;
    }
    if (deck.value !== d.id) return;
    const perCategory = new Map();
    for (const q of details?.questions ?? []) perCategory.set(q.category, (perCategory.get(q.category) ?? 0) + 1);
    fill(
      cats,
      (d.categories ?? []).map((c, i) =>
        h(
          'label',
          { class: 'check-chip', for: `cat-${i}` },
          h('input', { type: 'checkbox', id: `cat-${i}`, value: c, on: { change: refreshCount } }),
          h('span', {}, c, perCategory.has(c) ? h('span', { class: 'hint' }, ` ${perCategory.get(c)}`) : null),
        ),
      ),
    );
    refreshCount();
  };
  deck.addEventListener('change', chooseDeck);

  (async () => {
    try {
      const res = await fetch('api/quizzes', { headers: { Accept: 'application/json' } });
      decks = res.ok ? await res.json() : [];
    } catch {
      decks = [];
    }
    if (decks.length === 0) {
      fill(deck, h('option', { value: '' }, 'No quizzes on this server'));
      return;
    }
    fill(deck, decks.map((d) => h('option', { value: d.id }, `${d.title} (${d.questions} questions)`)));
    submit.disabled = false;
    chooseDeck();
  })();

  const form = h(
    'form',
    { class: 'setup-form', novalidate: true },
    h('div', { class: 'field' }, h('label', { for: 'deck' }, 'Quiz'), deck, about),
    formatField,
    interviewField,
    h('fieldset', { class: 'field' }, h('legend', {}, 'Categories ', h('span', { class: 'hint' }, '(none ticked: all of them)')), cats),
    h(
      'div',
      { class: 'field-row' },
      h('div', { class: 'field' }, h('label', { for: 'count' }, 'Number of questions'), h('div', { class: 'inline' }, count, countHint)),
      h('div', { class: 'field' }, h('label', { for: 'timer' }, 'Time per question'), timer),
    ),
    h(
      'fieldset',
      { class: 'field' },
      h('legend', {}, 'Scoring'),
      radio('speed', 'Speed', 'Right answers score more the faster they come.', true),
      radio('accuracy', 'Accuracy', 'Every right answer scores the same.', false),
    ),
    h(
      'fieldset',
      { class: 'field' },
      h('legend', {}, 'Options'),
      check('shuffle', 'Shuffle the questions', 'A different order each game.', false),
      check('streak', 'Streak bonus', 'Extra points for answers right in a row.', true),
      check('auto', 'Auto-advance', 'Move on from answers and leaderboard by itself.', false),
    ),
    teamsField,
    problem,
    submit,
  );
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    if (!deck.value) return;
    const n = Number(count.value);
    const max = available();
    if (!Number.isInteger(n) || n < 1 || (max > 0 && n > max)) {
      fill(problem, h('p', {}, max > 0 ? `Choose between 1 and ${max} questions.` : 'Choose how many questions to play.'));
      count.focus();
      return;
    }
    const named = parseTeams(teams.value);
    if (named.problem) {
      fill(problem, h('p', {}, named.problem));
      teams.focus();
      return;
    }
    const chosen = [...cats.querySelectorAll('input:checked')].map((i) => i.value);
    const interview = !interviewField.hidden && form.querySelector('#interview').checked;
    const options = createOptions({
      teams: named.teams,
      count: n,
      categories: chosen,
      time_limit_s: timer.value ? Number(timer.value) : undefined,
      scoring: form.querySelector('input[name="scoring"]:checked')?.value,
      shuffle: form.querySelector('#shuffle').checked,
      streak_bonus: form.querySelector('#streak').checked,
      auto_advance: form.querySelector('#auto').checked,
      format: formatField.hidden || interview ? '' : format.value,
      mode: interview ? 'interview' : undefined,
    });
    create(deck.value, options);
  });
  deck.dataset.autofocus = '';
  return {
    el: h(
      'section',
      { class: 'screen screen-setup' },
      h('div', { class: 'setup-intro' }, heading('Host a game'), h('p', { class: 'muted' }, 'Pick a quiz and how to play it. Players join from their phones with the code on the next screen.')),
      h('div', { class: 'card card-wide' }, form),
    ),
  };
}

// -- lobby --

function lobbyScreen() {
  const address = h('p', { class: 'join-address' });
  const codeEl = h(
    'p',
    { class: 'join-code-box' },
    h('span', { class: 'join-code', 'aria-hidden': 'true' }, code),
    h('span', { class: 'visually-hidden' }, `Game code: ${code.split('').join(' ')}`),
  );
  const qr = h('img', {
    class: 'join-qr',
    src: `api/rooms/${encodeURIComponent(code)}/qr.svg`,
    alt: 'QR code: scan it with a phone camera to join this game',
    width: '360',
    height: '360',
  });
  const countEl = h('h2', { class: 'lobby-players-title', 'aria-live': 'polite' });
  const teams = hostTeams();
  const teamsLine = teams.length ? h('p', { class: 'lobby-teams-line' }, `Team game: ${teams.join(', ')}`) : null;
  const roster = h(teams.length ? 'div' : 'ul', { class: teams.length ? 'roster-teams' : 'roster', 'aria-label': 'Players' });
  const empty = h('p', { class: 'roster-empty' }, 'Waiting for players to join…');
  const lockNote = h('p', { class: 'lock-note', role: 'status' });
  const el = h(
    'section',
    { class: 'screen host-lobby' },
    h(
      'div',
      { class: 'lobby-join' },
      h(
        'div',
        { class: 'lobby-how' },
        heading('Join the game', 'lobby-title'),
        address,
        h('p', { class: 'join-code-label' }, 'Game code'),
        codeEl,
      ),
      h('figure', { class: 'lobby-qr' }, qr, h('figcaption', {}, 'Or scan to join')),
    ),
    h('div', { class: 'lobby-players' }, countEl, teamsLine, lockNote, roster, empty),
  );
  let shownRoster = null;
  return {
    el,
    update() {
      const shown = joinUrl ? displayAddress(joinUrl) : `${location.host}`;
      if (address.textContent !== `Go to ${shown} and enter the code`) {
        fill(address, 'Go to ', h('strong', { class: 'join-host' }, shown), ' and enter the code');
      }
      setText(countEl, `${view.players} ${view.players === 1 ? 'player' : 'players'}`);
      setText(lockNote, view.locked ? 'The room is locked: no one new can join.' : '');
      if (shownRoster !== view.roster) {
        shownRoster = view.roster;
        if (teams.length) {
          fill(
            roster,
            rosterByTeam(teams, view.roster).map((g) =>
              h(
                'section',
                { class: 'team-column', 'data-team': g.name ?? '' },
                h('h3', { class: 'team-column-title' }, g.name ?? 'No team', h('span', { class: 'team-count' }, ` ${g.players.length}`)),
                h('ul', { class: 'roster', 'aria-label': g.name ? `Team ${g.name}` : 'No team' }, g.players.map(playerChip)),
              ),
            ),
          );
        } else {
          fill(roster, view.roster.map(playerChip));
        }
        empty.hidden = view.roster.length > 0;
      }
    },
  };
}

/// A player in the lobby, with the host's button to remove them.
function playerChip(p) {
  return h(
    'li',
    { class: ['chip', !p.connected && 'is-away'] },
    h('span', { class: 'chip-name' }, p.name),
    p.connected ? null : h('span', { class: 'chip-away' }, ' (away)'),
    h(
      'button',
      {
        type: 'button',
        class: 'chip-kick',
        'aria-label': `Remove ${p.name} from the game`,
        title: `Remove ${p.name}`,
        on: { click: () => command(frames.kick(p.id), 'kick') },
      },
      '×',
    ),
  );
}

/// This room's teams: as the host set them up (kept with the host key), else
/// as the roster shows them (another screen took over the room).
function hostTeams() {
  const set = store.hosting(code)?.options?.teams;
  if (Array.isArray(set) && set.length > 0) return set;
  return [...new Set(view.roster.map((p) => p.team).filter((t) => typeof t === 'string' && t !== ''))];
}

/// "http://192.168.1.20:8080/?room=K7PQ3M" -> "192.168.1.20:8080".
function displayAddress(url) {
  try {
    const u = new URL(url);
    const path = u.pathname === '/' ? '' : u.pathname.replace(/\/$/, '');
    return `${u.host}${path}`;
  } catch {
    return url;
  }
}

// -- question --

function questionScreen() {
  const q = view.question ?? {};
  const clock = new CountdownView(conn.clock, { size: 'big' });
  const answered = h('p', { class: 'answered-count', role: 'status', 'aria-live': 'polite' });
  const pausedNote = h('p', { class: 'paused-note', role: 'status' });
  const choices = choicesOf(q);
  const input = inputOf(q.kind);
  const body =
    input === 'single' || input === 'multi'
      ? h(
          'ol',
          { class: ['host-answers', `answers-${Math.min(choices.length, 6)}`, lengthClass(choices)] },
          choices.map((label, i) => {
            const look = lookOf(i);
            return h('li', { class: ['answer-tile', `bg-${look.colour}`], 'aria-label': `${look.name}: ${label}` }, shapeIcon(look.shape), h('span', { class: 'answer-text' }, label));
          }),
        )
      : input === 'order'
        ? h(
            'div',
            { class: 'host-order' },
            h('ol', { class: ['order-list', lengthClass(choices)] }, choices.map((label) => h('li', { class: 'order-item' }, h('span', { class: 'order-text' }, label)))),
            h('p', { class: 'host-typed' }, 'Players put these in order on their phones.'),
          )
        : h('p', { class: 'host-typed' }, input === 'number' ? 'Players type a number on their phones.' : 'Players type their answer on their phones.');
  const candidate = candidateOf(view);
  const picker = candidate ? candidatePicker(candidate) : null;
  const el = h(
    'section',
    { class: 'screen host-question' },
    h(
      'div',
      { class: 'hq-top' },
      h('p', { class: 'q-count' }, `Question ${view.q + 1} of ${view.total}`, q.category ? h('span', { class: 'q-category' }, q.category) : null, q.kind === 'multi' ? h('span', { class: 'q-category' }, 'Several answers') : null),
      h('div', { class: 'hq-progress' }, answered, pausedNote),
      clock.el,
    ),
    heading(q.prompt ?? '', `hq-prompt ${lengthClass([q.prompt], { medium: 40, long: 110 })}`),
    picker ? picker.el : body,
  );
  return {
    el,
    update() {
      picker?.update();
      clock.set({ deadline: view.deadline, remainingMs: view.remainingMs, paused: view.paused, limitMs: q.time_limit_ms ?? 0 });
      const said = `${view.answeredCount} of ${view.connected} answered`;
      if (answered.textContent !== said) fill(answered, h('strong', {}, String(view.answeredCount)), ` of ${view.connected} answered`);
      setText(pausedNote, view.paused ? 'Paused' : '');
    },
    destroy: () => clock.destroy(),
  };
}

/// Interview mode: who answers, and a way to give the question to someone else.
function candidatePicker(candidate) {
  const select = h('select', { id: 'candidate-pick', class: 'input' });
  const pick = h('button', { type: 'button', class: 'button button-secondary', disabled: true }, 'Pick another candidate');
  select.addEventListener('change', () => {
    pick.disabled = !select.value;
  });
  pick.addEventListener('click', () => {
    if (select.value) command(frames.candidate(select.value), 'candidate');
  });
  let listed = null;
  return {
    el: h(
      'div',
      { class: 'host-candidate stack' },
      h('p', { class: 'candidate-line' }, 'Answering: ', h('strong', {}, candidate.name)),
      h('p', { class: 'host-typed' }, 'They answer aloud or type on their phone. Close the question when they are done.'),
      h('div', { class: 'inline' }, h('label', { for: 'candidate-pick', class: 'visually-hidden' }, 'Another candidate'), select, pick),
    ),
    update() {
      const others = view.roster.filter((r) => r.id !== candidate.id && r.connected);
      const signature = JSON.stringify(others.map((r) => [r.id, r.name]));
      if (signature === listed) return;
      listed = signature;
      const keep = select.value;
      fill(select, h('option', { value: '' }, 'Choose a player…'), others.map((r) => h('option', { value: r.id, selected: r.id === keep }, r.name)));
      pick.disabled = !select.value;
    },
  };
}

// -- reveal --

function questionFor(q) {
  if (view.question?.q === q) return view.question;
  const saved = store.questions(code)[q];
  return saved ? { ...saved, q } : { q };
}

function revealScreen() {
  const r = view.reveal ?? {};
  const q = questionFor(view.q);
  const choices = choicesOf(q);
  const right = describeCorrect(r.correct, choices);
  const poll = r.correct === null;
  const chart = Array.isArray(r.distribution) && choices.length > 0 ? distributionChart(choices, r.distribution, r.correct) : null;
  // An `open` question: the typed answers come in `open_answers`, for the host's credit.
  const judged = q.kind === 'open' ? h('section', { class: 'open-answers', 'aria-label': 'Typed answers' }) : null;
  const rightCount = (right, answered) => [h('strong', {}, String(right)), ` of ${answered} ${answered === 1 ? 'answer' : 'answers'} right`];
  const stats = h(
    'p',
    { class: 'reveal-stats', role: 'status' },
    poll ? `${r.answered ?? 0} ${r.answered === 1 ? 'vote' : 'votes'}` : rightCount(r.correct_count ?? 0, r.answered ?? 0),
  );
  const el = h(
    'section',
    { class: ['screen', 'host-reveal', !chart && 'no-chart', judged && 'has-open-answers'] },
    h('div', { class: 'hq-top' }, h('p', { class: 'q-count' }, `Question ${view.q + 1} of ${view.total}`, h('span', { class: 'q-category' }, poll ? 'Poll results' : 'The answer'))),
    heading(q.prompt ?? '', `hr-prompt ${lengthClass([q.prompt], { medium: 60, long: 110 })}`),
    h(
      'div',
      { class: 'reveal-body' },
      chart,
      judged,
      h(
        'div',
        { class: 'reveal-side' },
        // A long right answer is already marked in the chart: no need to say it twice.
        right && !(chart && lengthClass([right]) === 'text-l')
          ? h('div', { class: ['reveal-answer', lengthClass([right])] }, h('p', { class: 'reveal-label' }, 'Answer'), h('p', { class: 'reveal-right' }, right))
          : null,
        stats,
        r.explanation ? h('p', { class: ['explanation', lengthClass([r.explanation], { medium: 120, long: 240 })] }, r.explanation) : null,
      ),
    ),
  );
  let drawn = null;
  return {
    el,
    update() {
      if (!judged || drawn === view.openAnswers) return;
      drawn = view.openAnswers;
      const rows = openAnswerRows(view.openAnswers, view.q);
      drawOpenAnswers(judged, rows);
      // The host's credit counts: fully right are those with full credit now.
      if (view.openAnswers?.q === view.q) fill(stats, rightCount(rows.filter((a) => a.credit >= 1).length, rows.length));
    },
  };
}

/// The typed answers to an `open` question with the credit each earned, and
/// buttons that give another (`override`); the player's result follows.
function drawOpenAnswers(box, rows) {
  fill(
    box,
    h('h2', { class: 'open-answers-title' }, 'Typed answers'),
    rows.length === 0
      ? h('p', { class: 'muted' }, 'No one typed an answer.')
      : h(
          'ul',
          { class: 'open-answer-list' },
          rows.map((a) =>
            h(
              'li',
              { class: 'open-answer', 'data-player': a.playerId },
              h(
                'p',
                { class: 'open-answer-head' },
                h('strong', { class: 'open-answer-name' }, a.name),
                h('span', { class: 'open-answer-credit' }, `${a.percent} credit, ${a.points} points`),
              ),
              h('p', { class: 'open-answer-text' }, a.text || '(empty)'),
              h(
                'div',
                { class: 'credit-buttons', role: 'group', 'aria-label': `Credit for ${a.name}` },
                CREDIT_STEPS.map((step) =>
                  h(
                    'button',
                    {
                      type: 'button',
                      class: 'button button-secondary button-small credit-button',
                      'data-credit': String(step.credit),
                      'aria-pressed': String(a.step === step.credit),
                      'aria-label': `${step.label} credit for ${a.name}`,
                      on: { click: () => command(frames.override(a.playerId, view.q, step.credit), 'override') },
                    },
                    step.label,
                  ),
                ),
              ),
            ),
          ),
        ),
  );
}

/// Interview mode's reveal: the rubric, the explanation, the host's own
/// rating until the deadline, then what the ratings gave.
function interviewRevealScreen() {
  const r = view.reveal ?? {};
  const q = questionFor(view.q);
  const candidate = candidateOf(view) ?? view.rated?.candidate ?? null;
  const name = candidate?.name ?? 'the candidate';
  const limitMs = (store.hosting(code)?.options?.rating_s ?? 20) * 1000;
  const clock = new CountdownView(conn.clock, { size: 'big' });
  const rateBox = h('div', { class: 'stack' });
  const outcome = h('p', { class: 'reveal-stats', role: 'status' });
  const el = h(
    'section',
    { class: ['screen', 'host-reveal', 'no-chart'] },
    h('div', { class: 'hq-top' }, h('p', { class: 'q-count' }, `Question ${view.q + 1} of ${view.total}`, h('span', { class: 'q-category' }, `${name}'s answer`)), clock.el),
    heading(q.prompt ?? '', `hr-prompt ${lengthClass([q.prompt], { medium: 60, long: 110 })}`),
    h(
      'div',
      { class: 'reveal-body' },
      h(
        'div',
        { class: 'reveal-side' },
        rubricList(r, 'Key points'),
        r.explanation ? h('p', { class: ['explanation', lengthClass([r.explanation], { medium: 120, long: 240 })] }, r.explanation) : null,
        rateBox,
        outcome,
      ),
    ),
  );
  let drawn = null;
  return {
    el,
    update() {
      const closed = view.rated?.q === view.q;
      clock.set({ deadline: closed ? null : r.rating_deadline, remainingMs: closed ? 0 : null, paused: false, limitMs });
      const open = canRate(view, conn.clock.now(Date.now()));
      const signature = JSON.stringify([open, view.myRating, closed]);
      if (signature === drawn) return;
      drawn = signature;
      if (open) fill(rateBox, ratingButtons(name, rateCandidate));
      else if (typeof view.myRating === 'number') fill(rateBox, h('p', {}, `You rated ${view.myRating} of 5.`));
      else fill(rateBox);
      setText(outcome, closed ? describeRated(view.rated) : 'Players are rating the answer…');
    },
    destroy: () => clock.destroy(),
  };
}

// -- leaderboard, podium, results --

function leaderboardScreen() {
  const last = view.q != null && view.q + 1 >= view.total;
  const top = view.leaderboard?.top ?? [];
  const teams = teamBoard(view.leaderboard?.teams);
  return {
    el: h(
      'section',
      { class: ['screen', 'host-leaderboard', teams && 'has-teams'] },
      heading(last ? 'Final standings' : 'Leaderboard', 'board-title'),
      h(
        'div',
        { class: 'boards' },
        top.length ? sized(leaderboardList(top), top.length > 6 ? 'is-dense' : 'is-roomy') : h('p', { class: 'muted' }, 'No one has joined yet.'),
        teams,
      ),
    ),
  };
}

function sized(el, cls) {
  el.classList.add(cls);
  return el;
}

function podiumScreen() {
  const teams = teamBoard(view.podium?.teams);
  return {
    el: h(
      'section',
      { class: ['screen', 'host-podium', teams && 'has-teams'] },
      heading('Podium', 'board-title'),
      h('div', { class: 'boards' }, podiumView(view.podium?.top ?? []), teams),
    ),
  };
}

function resultsScreen() {
  const top = view.leaderboard?.top ?? view.podium?.top ?? [];
  const rows = view.history.map((e) => {
    const pct = e.answered > 0 ? Math.round((100 * e.correct_count) / e.answered) : 0;
    const meter = h('span', { class: 'meter-fill' });
    meter.style.width = `${pct}%`;
    return h(
      'tr',
      {},
      h('td', { class: 'num' }, String(e.q + 1)),
      h('td', {}, e.prompt ?? `Question ${e.q + 1}`),
      h('td', { class: 'num' }, e.kind === 'poll' ? 'poll' : `${e.correct_count} of ${e.answered}`),
      h('td', { class: 'meter-cell' }, e.kind === 'poll' ? null : h('span', { class: 'meter', 'aria-hidden': 'true' }, meter)),
    );
  });
  const report = view.podium?.report;
  const el = h(
    'section',
    { class: 'screen host-results' },
    heading('Results', 'board-title'),
    h(
      'div',
      { class: 'results-grid' },
      h(
        'section',
        { 'aria-labelledby': 'standings-title' },
        h('h2', { id: 'standings-title' }, 'Final standings'),
        top.length ? leaderboardList(top) : h('p', { class: 'muted' }, 'No scores.'),
        teamBoard(view.podium?.teams ?? view.leaderboard?.teams),
      ),
      h(
        'section',
        { 'aria-labelledby': 'questions-title' },
        h('h2', { id: 'questions-title' }, 'Questions'),
        rows.length
          ? h(
              'table',
              { class: 'results-table' },
              h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, '#'), h('th', { scope: 'col' }, 'Question'), h('th', { scope: 'col' }, 'Right'), h('th', { scope: 'col' }, h('span', { class: 'visually-hidden' }, 'Share right')))),
              h('tbody', {}, rows),
            )
          : h('p', { class: 'muted' }, 'No questions were played.'),
      ),
    ),
    h(
      'div',
      { class: 'results-actions' },
      h('p', { class: 'muted' }, view.ended === 'host_ended' ? 'The game was ended early.' : 'The game is over.'),
      report ? h('button', { type: 'button', class: 'button button-secondary', on: { click: () => downloadReport(report) } }, 'Download the report (CSV)') : null,
      h('a', { class: 'button button-secondary', href: 'host.html' }, 'Set up a new game'),
    ),
  );
  return { el };
}

async function downloadReport(path) {
  const token = store.hosting(code)?.host_token;
  try {
    const res = await fetch(`${path.replace(/^\//, '')}?format=csv`, { headers: { Authorization: `Bearer ${token}` } });
    if (!res.ok) {
      const body = await res.json().catch(() => ({}));
      notices.error(describeError(body.error ?? 'internal', body.message));
      return;
    }
    const url = URL.createObjectURL(await res.blob());
    const a = h('a', { href: url, download: `quizroom-${code}.csv` });
    document.body.appendChild(a);
    a.click();
    a.remove();
    setTimeout(() => URL.revokeObjectURL(url), 10000);
  } catch {
    notices.error({ title: 'The report could not be downloaded. Please try again.', detail: '' });
  }
}

function closedScreen() {
  return {
    el: h(
      'section',
      { class: 'screen screen-center' },
      heading('Disconnected'),
      h('p', {}, closed?.words ?? 'The connection to the game was closed.'),
      h('button', { type: 'button', class: 'button button-primary', 'data-autofocus': '', on: { click: () => conn.reconnect() } }, 'Reconnect'),
    ),
  };
}

// Start once every function and table above exists.
if (code) connect();
render();
