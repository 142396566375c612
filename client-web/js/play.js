// The player screen (phones first): join, wait, answer, see how it went.
// Reloads and dropped connections come back with `rejoin` and the token
// this tab keeps in sessionStorage.

import { OPEN_TEXT_MAX, TEXT_MAX, answerFields, choicesOf, describeAnswer, describeCorrect, inputOf, lengthClass, lookOf, moveItem, ordinal, parseNumber, points, textBudget } from './answers.js';
import { coverage } from './keywords.js';
import { describeError } from './errors.js';
import { canRate, candidateOf, describeRated, isCandidate, withSavedQuestion } from './interview.js';
import { answering, initialView, rating, ratingRefused, reduce, standing, waitingForHost, withError } from './model.js';
import { Connection, socketUrl } from './net.js';
import { frames, normalizeCode } from './protocol.js';
import { makeStore } from './storage.js';
import { CountdownView } from './ui/countdown.js';
import { h, fill, setText } from './ui/dom.js';
import { leaderboardList, podiumView, teamBoard } from './ui/board.js';
import { fetchRoomTeams } from './teams.js';
import { markIcon, shapeIcon } from './ui/shapes.js';
import { Notices } from './ui/notices.js';
import { ratingButtons, rubricList } from './ui/interview.js';

const store = makeStore(sessionStorage);
const params = new URLSearchParams(location.search);
let code = normalizeCode(params.get('room'));
let pendingName = (params.get('name') ?? '').trim();
let pendingTeam = (params.get('team') ?? '').trim(); // '' lets the server balance the teams
// The name does not stay in the address bar, nor in the history.
if (params.has('name') || params.has('team')) history.replaceState(null, '', code ? `play.html?room=${code}` : 'play.html');

const main = document.getElementById('main');
const meEl = document.getElementById('me');
const scoreEl = document.getElementById('score');
const notices = new Notices(document.getElementById('connection'), document.getElementById('alert'), {
  onRetry: () => conn.wake(),
});

let view = initialView('player');
let mode = code && (store.seat(code) || pendingName) ? 'game' : 'join';
let joinProblem = null; // {title, detail} shown on the join form
let triedName = pendingName; // refilled in the form when a join is refused
let triedTeam = pendingTeam;
let roomTeams = { code: null, teams: [] }; // the teams of the room the join form is for
let closed = null; // the close-code table's verdict, once the link is closed for good
let screen = null; // {key, el, update(), destroy()}

const conn = new Connection({
  url: socketUrl(location, code),
  onMessage,
  onOpen: attach,
  onStatus,
});

// ---- talking to the server -------------------------------------------------

/// After each (re)connect: take our seat back, or join with the name given.
async function attach() {
  const seat = code ? store.seat(code) : null;
  if (seat?.token) {
    const reply = await conn.request(frames.rejoin(code, seat.token)).catch(() => null);
    if (reply?.type === 'error') {
      if (reply.code === 'forbidden' || reply.code === 'not_found') {
        store.forgetSeat(code);
        pendingName = '';
        showJoin({ code: reply.code, ...describeError(reply.code, reply.message, reply.code === 'forbidden' ? 'rejoin' : 'join') });
      } else {
        notices.error(describeError(reply.code, reply.message, 'rejoin'));
      }
    }
    return;
  }
  if (code && pendingName) {
    const name = pendingName;
    const team = pendingTeam;
    pendingName = '';
    pendingTeam = '';
    await join(name, team);
    return;
  }
  showJoin(joinProblem);
}

async function join(name, team = '') {
  triedName = name;
  triedTeam = team;
  mode = 'game';
  view = { ...view, phase: 'connecting' };
  render();
  const reply = await conn.request(frames.join(code, name, team)).catch(() => null);
  if (!reply) {
    showJoin({ title: 'The connection dropped while joining. Please try again.', detail: '' });
  } else if (reply.type === 'error') {
    showJoin({ code: reply.code, ...describeError(reply.code, reply.message, 'join') });
  }
}

function onMessage(m) {
  if (m.type === 'error' && m.id !== undefined) return; // the request that sent it shows it
  if (m.type === 'joined') {
    store.saveSeat(code, { token: m.token, player_id: m.player_id, name: m.name });
    store.saveName(m.name);
    mode = 'game';
    joinProblem = null;
  }
  if (m.type === 'question') store.saveQuestion(code, m);
  if (m.type === 'state' && m.question) store.saveQuestion(code, m.question);
  if (m.type === 'kicked') store.forgetSeat(code);
  if (m.type === 'recap') store.saveRecap(code, m.items);
  if (m.type === 'error') notices.error(describeError(m.code, m.message));
  view = withSavedQuestion(reduce(view, m, Date.now()), store.questions(code));
  // A reload on the podium: the recap came before it, keep showing it.
  if (view.recap === null && (view.phase === 'podium' || view.phase === 'ended')) {
    const kept = store.recap(code);
    if (Array.isArray(kept)) view = { ...view, recap: kept };
  }
  render();
}

function onStatus(status) {
  notices.connection(status);
  if (status.state === 'closed' && status.reason !== 'stopped') {
    closed = status;
    if (status.reason === 'kicked') store.forgetSeat(code);
  } else if (status.state === 'open') {
    closed = null;
  }
  render();
}

async function sendAnswer(given) {
  if (view.phase !== 'question' || view.answered || view.sending) return;
  const fields = answerFields(view.question.kind, given);
  view = answering(view, fields);
  render();
  const reply = await conn.request(frames.answer(view.q, fields)).catch(() => null);
  if (!reply) {
    // The link dropped: the rejoin's state says whether it arrived.
    view = { ...view, sending: false, answer: view.answered ? view.answer : null };
  } else if (reply.type === 'error') {
    view = withError(view, reply.code, reply.message, 'answer', Date.now());
    notices.error(describeError(reply.code, reply.message, 'answer'));
  }
  render();
}

/// Interview mode: this player's rating of the candidate's answer.
async function sendRating(score) {
  const candidate = candidateOf(view);
  if (!candidate || !canRate(view, conn.clock.now(Date.now()))) return;
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

// ---- screens -----------------------------------------------------------------

function showJoin(problem) {
  mode = 'join';
  joinProblem = problem ?? null;
  render();
}

function screenKey() {
  if (mode === 'join') return 'join';
  if (view.kicked || closed?.reason === 'kicked') return 'kicked';
  if (view.phase === 'podium' || view.phase === 'ended' || closed?.reason === 'ended') return 'final';
  if (closed) return `closed:${closed.reason}`;
  switch (view.phase) {
    case 'lobby':
      return 'lobby';
    case 'question':
      // A new candidate changes who types and who listens.
      return `question:${view.q}:${candidateOf(view)?.id ?? ''}:${view.answered || view.sending ? 'sent' : 'open'}`;
    case 'reveal':
      if (view.reveal?.rating_deadline != null) return `interview:${view.q}`;
      // A second result for the question (the host's override) redraws it.
      return `reveal:${view.q}:${view.result ? `result:${view.result.points}:${view.result.correct}` : view.revealReloaded ? 'reloaded' : 'wait'}`;
    case 'leaderboard':
      return `leaderboard:${view.q}`;
    default:
      return 'connecting';
  }
}

const BUILDERS = {
  join: joinScreen,
  kicked: kickedScreen,
  final: finalScreen,
  lobby: lobbyScreen,
  question: questionScreen,
  reveal: revealScreen,
  interview: interviewRevealScreen,
  leaderboard: leaderboardScreen,
  closed: closedScreen,
  connecting: connectingScreen,
};

function render() {
  const key = screenKey();
  if (key !== screen?.key) {
    screen?.destroy?.();
    const built = BUILDERS[key.split(':')[0]]();
    screen = { key, ...built };
    fill(main, screen.el);
    const target = screen.el.querySelector('[data-autofocus]') ?? screen.el.querySelector('h1');
    target?.focus({ preventScroll: false });
  }
  screen.update?.();
  renderHeader();
}

function renderHeader() {
  const you = view.you;
  setText(meEl, you?.name ?? '');
  scoreEl.hidden = !you;
  if (you) setText(scoreEl, `${points(you.score)} pts`);
  document.title = you ? `${you.name} · quizroom` : 'Playing · quizroom';
}

function heading(text, cls = '') {
  return h('h1', { class: cls, tabindex: '-1' }, text);
}

function waitingLine() {
  const el = h('p', { class: 'waiting', role: 'status' });
  return {
    el,
    update(text = 'Waiting for the host…', longText = 'Waiting for the host. The game goes on when the host continues; your score is safe.') {
      const long = waitingForHost(view, Date.now());
      setText(el, long ? longText : text);
      el.classList.toggle('is-long', long);
    },
  };
}

function connectingScreen() {
  return { el: h('section', { class: 'screen screen-center' }, h('p', { class: 'loading' }, 'Connecting to the game…')) };
}

function joinScreen() {
  const codeInput = h('input', {
    id: 'play-code',
    class: 'input input-code',
    value: code,
    required: true,
    maxlength: '12',
    autocomplete: 'off',
    autocapitalize: 'characters',
    spellcheck: 'false',
  });
  const nameInput = h('input', {
    id: 'play-name',
    class: 'input',
    value: triedName || store.lastName(),
    required: true,
    maxlength: '24',
    autocomplete: 'nickname',
    spellcheck: 'false',
  });
  const teamSelect = h('select', { id: 'play-team', class: 'input' });
  const teamField = h('div', { class: 'field', hidden: true }, h('label', { for: 'play-team' }, 'Your team'), teamSelect);
  // The room's teams, when it has some: GET /api/rooms/{code} says.
  const showTeams = (forCode, teams) => {
    if (normalizeCode(codeInput.value) !== forCode) return;
    const chosen = teamSelect.value || triedTeam;
    fill(teamSelect, h('option', { value: '' }, 'Any team (the smallest one)'), teams.map((t) => h('option', { value: t }, t)));
    teamSelect.value = teams.includes(chosen) ? chosen : '';
    teamField.hidden = teams.length === 0;
  };
  const lookUpTeams = async () => {
    const c = normalizeCode(codeInput.value);
    if (c.length !== 6) return showTeams(c, []);
    if (roomTeams.code !== c) roomTeams = { code: c, teams: await fetchRoomTeams(c) };
    showTeams(c, roomTeams.teams);
  };
  codeInput.addEventListener('input', lookUpTeams);
  lookUpTeams();
  const problem = h('div', { class: 'form-error', role: 'alert' });
  if (joinProblem) {
    fill(problem, h('p', {}, joinProblem.title), joinProblem.detail ? h('p', { class: 'muted' }, joinProblem.detail) : null);
  }
  const form = h(
    'form',
    { class: 'stack', novalidate: true },
    h('div', { class: 'field' }, h('label', { for: 'play-code' }, 'Game code'), codeInput),
    h('div', { class: 'field' }, h('label', { for: 'play-name' }, 'Your name'), nameInput),
    teamField,
    problem,
    h('button', { type: 'submit', class: 'button button-primary button-wide' }, 'Join'),
  );
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    const c = normalizeCode(codeInput.value);
    const n = nameInput.value.trim();
    if (!c || !n) {
      fill(problem, h('p', {}, !c ? 'Enter the game code shown on the host\'s screen.' : 'Enter a name for the room to see.'));
      (!c ? codeInput : nameInput).focus();
      return;
    }
    if (c !== code) {
      code = c;
      history.replaceState(null, '', `play.html?room=${code}`);
      conn.url = socketUrl(location, code);
    }
    joinProblem = null;
    const team = teamField.hidden ? '' : teamSelect.value;
    if (conn.status.state === 'open') join(n, team);
    else {
      pendingName = n;
      pendingTeam = team;
      mode = 'game';
      conn.reconnect();
      render();
    }
  });
  const el = h(
    'section',
    { class: 'screen screen-join' },
    heading('Join a game'),
    h('div', { class: 'card' }, form),
  );
  const fixCode = !code || joinProblem?.code === 'not_found' || joinProblem?.code === 'room_locked';
  (fixCode ? codeInput : nameInput).dataset.autofocus = '';
  return { el };
}

function lobbyScreen() {
  const count = h('p', { class: 'lobby-count' });
  const wait = waitingLine();
  const el = h(
    'section',
    { class: 'screen screen-center screen-lobby' },
    h('div', { class: 'lobby-badge', 'aria-hidden': 'true' }, markIcon(true)),
    heading("You're in!"),
    h('p', { class: 'lobby-name' }, view.you?.name ?? ''),
    view.you?.team ? h('p', { class: 'lobby-team' }, 'Team ', h('strong', {}, view.you.team)) : null,
    h('p', { class: 'muted' }, 'Look at the big screen: your name should be there.'),
    count,
    wait.el,
  );
  return {
    el,
    update() {
      setText(count, `${view.players} ${view.players === 1 ? 'player' : 'players'} in the room`);
      wait.update('Waiting for the host to start the game…', 'Waiting for the host to start the game…');
    },
  };
}

function questionHead() {
  const clock = new CountdownView(conn.clock, { size: 'small' });
  const el = h(
    'div',
    { class: 'q-head' },
    h('span', { class: 'q-count' }, `Question ${view.q + 1} of ${view.total}`),
    clock.el,
  );
  return {
    el,
    clock,
    update() {
      clock.set({ deadline: view.deadline, remainingMs: view.remainingMs, paused: view.paused, limitMs: view.question?.time_limit_ms ?? 0 });
    },
  };
}

function questionScreen() {
  const q = view.question;
  const head = questionHead();
  const status = h('p', { class: 'q-status', role: 'status' });
  const sent = view.answered || view.sending;
  const candidate = candidateOf(view);
  let body;
  let keys = null;
  if (candidate && !isCandidate(view)) {
    body = h(
      'div',
      { class: 'sent-card' },
      h('p', { class: 'candidate-line' }, h('strong', {}, candidate.name), ' is answering this one.'),
      h('p', { class: 'muted' }, 'Listen, then rate the answer when the question closes.'),
    );
  } else if (sent) {
    body = sentCard();
  } else {
    const built = answerInput(q);
    body = candidate
      ? h('div', { class: 'stack' }, h('p', { class: 'candidate-line' }, 'Your turn: answer aloud, or type your answer and send it.'), built.el)
      : built.el;
    keys = built.keys;
  }
  const el = h(
    'section',
    { class: ['screen', 'screen-question', sent && 'is-sent'] },
    head.el,
    heading(q?.prompt ?? '', 'q-prompt'),
    body,
    status,
  );
  const onKey = (event) => keys?.(event);
  document.addEventListener('keydown', onKey);
  return {
    el,
    update() {
      head.update();
      const over = !view.paused && view.deadline != null && conn.clock.remaining(view.deadline, Date.now()) <= 0;
      let text = '';
      if (view.paused) text = 'The host paused the game.';
      else if (view.sending) text = 'Sending your answer…';
      else if (view.answered) text = view.durable ? 'Waiting for the others…' : 'Answer counted (the server could not save it yet). Waiting for the others…';
      else if (over) text = "Time's up!";
      setText(status, text);
      if (sent) {
        const title = el.querySelector('.sent-title');
        if (title) setText(title, view.sending ? 'Sending…' : 'Answer sent');
      }
    },
    destroy() {
      head.clock.destroy();
      document.removeEventListener('keydown', onKey);
    },
  };
}

function sentCard() {
  const q = view.question;
  const a = view.answer;
  const choices = choicesOf(q);
  const icon = Number.isInteger(a?.choice) ? shapeIcon(lookOf(a.choice).shape, `fg-${lookOf(a.choice).colour}`) : markIcon(true);
  return h(
    'div',
    { class: 'sent-card' },
    h('div', { class: 'sent-icon' }, icon),
    h('p', { class: 'sent-title' }, view.sending ? 'Sending…' : 'Answer sent'),
    h('p', { class: 'sent-answer' }, 'You answered: ', h('strong', {}, describeAnswer(a, choices))),
  );
}

/// The controls for one question kind; `keys` handles number keys for choices.
function answerInput(q) {
  const choices = choicesOf(q);
  switch (inputOf(q?.kind)) {
    case 'single': {
      const buttons = choices.map((label, i) => answerButton(label, i, () => sendAnswer(i)));
      return {
        el: h('div', { class: ['answers', `answers-${Math.min(choices.length, 6)}`, lengthClass(choices)], role: 'group', 'aria-label': 'Answers' }, buttons),
        keys(event) {
          const n = Number(event.key);
          if (Number.isInteger(n) && n >= 1 && n <= buttons.length && !event.ctrlKey && !event.metaKey && !event.altKey) {
            event.preventDefault();
            buttons[n - 1].click();
          }
        },
      };
    }
    case 'multi': {
      const picked = new Set();
      const send = h('button', { type: 'button', class: 'button button-primary button-wide', disabled: true }, 'Send answer');
      const buttons = choices.map((label, i) => {
        const b = answerButton(label, i, () => {
          if (picked.has(i)) picked.delete(i);
          else picked.add(i);
          b.setAttribute('aria-pressed', String(picked.has(i)));
          send.disabled = picked.size === 0;
        });
        b.setAttribute('aria-pressed', 'false');
        return b;
      });
      send.addEventListener('click', () => sendAnswer([...picked]));
      return {
        el: h(
          'div',
          { class: 'stack' },
          h('p', { class: 'muted' }, 'Pick every right answer, then send.'),
          h('div', { class: ['answers', `answers-${Math.min(choices.length, 6)}`, lengthClass(choices)], role: 'group', 'aria-label': 'Answers (pick several)' }, buttons),
          send,
        ),
      };
    }
    case 'number':
      return numberForm((v) => sendAnswer(v));
    case 'longtext':
      return longTextForm((v) => sendAnswer(v));
    case 'order':
      return orderInput(choices);
    default:
      return textForm('Your answer', (v) => sendAnswer(v));
  }
}

function answerButton(label, i, onClick) {
  const look = lookOf(i);
  return h(
    'button',
    {
      type: 'button',
      class: ['answer', `bg-${look.colour}`],
      'aria-label': `${look.name}: ${label}`,
      'aria-keyshortcuts': i < 9 ? String(i + 1) : null,
      on: { click: onClick },
    },
    shapeIcon(look.shape),
    h('span', { class: 'answer-text' }, label),
  );
}

function textForm(labelText, onSend) {
  const input = h('input', { id: 'answer-text', class: 'input', maxlength: String(TEXT_MAX), autocomplete: 'off', 'data-autofocus': '' });
  const form = h(
    'form',
    { class: 'stack', novalidate: true },
    h('label', { for: 'answer-text' }, labelText),
    input,
    h('button', { type: 'submit', class: 'button button-primary button-wide' }, 'Send answer'),
  );
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    const v = input.value.trim();
    if (v) onSend(v);
    else input.focus();
  });
  return { el: form };
}

/// A number: typed as text, so that "3,5" from a phone's keyboard is read
/// too, and sent only once it reads as a number.
function numberForm(onSend) {
  const input = h('input', { id: 'answer-number', class: 'input input-number-answer', inputmode: 'decimal', autocomplete: 'off', 'aria-describedby': 'answer-number-problem', 'data-autofocus': '' });
  const problem = h('p', { id: 'answer-number-problem', class: 'answer-problem', role: 'alert' });
  const form = h(
    'form',
    { class: 'stack', novalidate: true },
    h('label', { for: 'answer-number' }, 'Your answer (a number)'),
    input,
    problem,
    h('button', { type: 'submit', class: 'button button-primary button-wide' }, 'Send answer'),
  );
  input.addEventListener('input', () => setText(problem, ''));
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    const n = parseNumber(input.value);
    if (n === null) {
      setText(problem, input.value.trim() ? 'Type a number, like 42, -3.5 or 2.75 (no thousands separators).' : 'Type a number first.');
      input.focus();
    } else onSend(n);
  });
  return { el: form };
}

/// An answer in the player's own words, with a live count of the characters
/// left; the count is what the server checks (code points).
function longTextForm(onSend) {
  const input = h('textarea', { id: 'answer-text', class: 'input input-long', rows: '6', 'aria-describedby': 'answer-count', 'data-autofocus': '' });
  const count = h('p', { id: 'answer-count', class: 'char-count', 'aria-live': 'polite' });
  const send = h('button', { type: 'submit', class: 'button button-primary button-wide' }, 'Send answer');
  const form = h(
    'form',
    { class: 'stack', novalidate: true },
    h('label', { for: 'answer-text' }, 'Your answer, in your own words'),
    input,
    count,
    send,
  );
  const update = () => {
    const budget = textBudget(input.value, OPEN_TEXT_MAX);
    setText(count, budget.over ? `${budget.label} characters: too long to send` : `${budget.label} characters`);
    count.classList.toggle('is-over', budget.over);
    send.disabled = budget.over;
  };
  input.addEventListener('input', update);
  update();
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    const v = input.value.trim();
    if (v && !textBudget(v, OPEN_TEXT_MAX).over) onSend(v);
    else input.focus();
  });
  return { el: form };
}

function orderInput(choices) {
  let order = choices.map((_, i) => i);
  const list = h('ol', { class: 'order-list' });
  const draw = (focus) => {
    fill(
      list,
      order.map((item, pos) =>
        h(
          'li',
          { class: 'order-item' },
          h('span', { class: 'order-text' }, choices[item]),
          h('button', { type: 'button', class: 'button button-small', 'aria-label': `Move ${choices[item]} up`, dataset: { item: String(item), dir: 'up' }, disabled: pos === 0, on: { click: () => move(pos, -1, 'up') } }, '↑'),
          h('button', { type: 'button', class: 'button button-small', 'aria-label': `Move ${choices[item]} down`, dataset: { item: String(item), dir: 'down' }, disabled: pos === order.length - 1, on: { click: () => move(pos, 1, 'down') } }, '↓'),
        ),
      ),
    );
    // Keep the focus on the item that moved, so that a keyboard can move it on.
    if (focus) (list.querySelector(`[data-item="${focus.item}"][data-dir="${focus.dir}"]:not(:disabled)`) ?? list.querySelector(`[data-item="${focus.item}"]:not(:disabled)`))?.focus();
  };
  const move = (pos, by, dir) => {
    const item = order[pos];
    order = moveItem(order, pos, by);
    draw({ item, dir });
  };
  draw(null);
  return {
    el: h(
      'div',
      { class: 'stack' },
      h('p', { class: 'muted' }, 'Put these in order, first at the top, then send.'),
      list,
      h('button', { type: 'button', class: 'button button-primary button-wide', on: { click: () => sendAnswer(order) } }, 'Send answer'),
    ),
  };
}

/// The keywords of an `open` question, each marked as covered or not by the
/// player's text; null when that cannot be told (see keywords.js).
function keywordChecklist(correct, text, credit) {
  const marks = coverage(correct, text, credit);
  if (!marks) return null;
  const got = marks.filter((m) => m.covered).length;
  return h(
    'div',
    { class: 'keyword-check' },
    h('p', {}, `You covered ${got} of ${marks.length} key ${marks.length === 1 ? 'point' : 'points'}:`),
    h(
      'ul',
      { class: 'keyword-list' },
      marks.map((m) =>
        h(
          'li',
          { class: ['keyword', m.covered ? 'is-covered' : 'is-missed'] },
          h('span', { class: 'keyword-mark', 'aria-hidden': 'true' }, m.covered ? '✓' : '✗'),
          h('span', { class: 'visually-hidden' }, m.covered ? 'Covered: ' : 'Missed: '),
          m.keyword,
        ),
      ),
    ),
  );
}

function revealScreen() {
  const q = view.question?.q === view.q ? view.question : { ...store.questions(code)[view.q], q: view.q };
  const choices = choicesOf(q);
  const r = view.result;
  const reveal = view.reveal;
  const wait = waitingLine();
  let tone;
  let title;
  let sub;
  if (!r && view.revealReloaded) {
    tone = 'neutral';
    title = 'The answers are in';
    sub = `Your score: ${points(view.you?.score)} points`;
  } else if (!r) {
    tone = 'neutral';
    title = "Time's up";
    sub = 'Counting the answers…';
  } else if (r.correct === null) {
    tone = 'neutral';
    title = 'Thanks for voting';
    sub = 'This one was a poll: no points.';
  } else if (r.correct === true || r.correct === 1) {
    tone = 'correct';
    title = 'Correct!';
    sub = `+${points(r.points)} points`;
  } else if (typeof r.correct === 'number' && r.correct > 0) {
    tone = 'partial';
    title = 'Partly right';
    sub = `+${points(r.points)} points`;
  } else {
    tone = 'wrong';
    title = view.answer ? 'Not this time' : 'No answer';
    sub = '0 points';
  }
  const rank = standing(view);
  const right = describeCorrect(reveal?.correct, choices);
  const checklist = r ? keywordChecklist(reveal?.correct, view.answer?.text, r.correct) : null;
  const el = h(
    'section',
    { class: ['screen', 'screen-result', `tone-${tone}`] },
    h(
      'div',
      { class: 'result-card' },
      tone === 'correct' || tone === 'wrong' ? h('div', { class: 'result-icon' }, markIcon(tone === 'correct')) : null,
      heading(title, 'result-title'),
      h('p', { class: 'result-points' }, sub),
      r && r.streak >= 2 ? h('p', { class: 'result-streak' }, `${r.streak} in a row!`) : null,
      rank ? h('p', { class: 'result-rank' }, `You are ${ordinal(rank.rank)} of ${rank.of}`) : null,
      r?.revised ? h('p', { class: 'result-revised' }, 'The host reviewed your answer.') : null,
    ),
    view.answer && r && r.correct !== true && r.correct !== null
      ? h('p', { class: 'result-yours' }, 'You answered: ', h('strong', {}, describeAnswer(view.answer, choices)))
      : null,
    checklist ?? (right ? h('p', { class: 'result-answer' }, 'The answer: ', h('strong', {}, right)) : null),
    reveal?.explanation ? h('p', { class: 'explanation' }, reveal.explanation) : null,
    wait.el,
  );
  return { el, update: () => wait.update() };
}

/// Interview mode's reveal: the rubric and the explanation; for the others,
/// rating buttons until the deadline; for everyone, what the ratings gave.
function interviewRevealScreen() {
  const q = view.question?.q === view.q ? view.question : { ...store.questions(code)[view.q], q: view.q };
  const candidate = candidateOf(view) ?? view.rated?.candidate ?? null;
  const mine = isCandidate(view);
  const name = candidate?.name ?? 'the candidate';
  const rateBox = h('div', { class: 'stack' });
  const outcome = h('p', { class: 'result-points', role: 'status' });
  const wait = waitingLine();
  const el = h(
    'section',
    { class: ['screen', 'screen-result', 'screen-interview'] },
    heading(mine ? 'Your answer is being rated' : `Rate ${name}'s answer`, 'result-title'),
    q?.prompt ? h('p', { class: 'recap-prompt' }, q.prompt) : null,
    rubricList(view.reveal, 'Key points'),
    view.reveal?.explanation ? h('p', { class: 'explanation' }, view.reveal.explanation) : null,
    rateBox,
    outcome,
    wait.el,
  );
  let drawn = null;
  return {
    el,
    update() {
      const open = canRate(view, conn.clock.now(Date.now()));
      const signature = JSON.stringify([open, view.myRating, view.rated?.q ?? null, view.result?.q ?? null]);
      if (signature !== drawn) {
        drawn = signature;
        if (open) fill(rateBox, ratingButtons(name, sendRating));
        else if (mine) fill(rateBox, h('p', { class: 'muted' }, 'The others rate your answer.'));
        else if (typeof view.myRating === 'number') fill(rateBox, h('p', {}, `You rated ${view.myRating} of 5.`));
        else if (view.myRating) fill(rateBox, h('p', {}, 'You have rated this answer.'));
        else fill(rateBox, h('p', { class: 'muted' }, 'Rating has closed.'));
        const r = view.result?.q === view.q ? view.result : null;
        const mineNow = r ? ` You: +${points(r.points)} points.` : '';
        setText(outcome, view.rated?.q === view.q ? `${describeRated(view.rated)}.${mineNow}` : '');
      }
      wait.update();
    },
  };
}

function leaderboardScreen() {
  const wait = waitingLine();
  const rank = standing(view);
  const top = view.leaderboard?.top ?? [];
  const last = view.q != null && view.q + 1 >= view.total;
  const el = h(
    'section',
    { class: 'screen screen-leaderboard' },
    heading(last ? 'Final standings' : 'Leaderboard'),
    rank
      ? h(
          'div',
          { class: 'standing-card' },
          h('p', { class: 'standing-rank' }, ordinal(rank.rank)),
          h('p', { class: 'standing-text' }, `of ${rank.of} · ${points(view.you?.score)} points`),
        )
      : null,
    leaderboardList(top.slice(0, 5), { youId: view.you?.player_id, compact: true }),
    teamBoard(view.leaderboard?.teams, { yourTeam: view.you?.team ?? null }),
    wait.el,
  );
  return { el, update: () => wait.update() };
}

function finalScreen() {
  const top = view.podium?.top ?? view.leaderboard?.top ?? [];
  const mine = top.find((e) => e.id === view.you?.player_id);
  const rank = mine?.rank ?? view.you?.rank;
  const recapBox = h('section', { class: 'recap', 'aria-labelledby': 'recap-title' });
  const endLine = h('p', { class: 'waiting', role: 'status' });
  const again = h('a', { class: 'button button-primary button-wide', href: code ? `./?name=${encodeURIComponent(view.you?.name ?? '')}` : './', hidden: true }, 'Join the next game');
  const el = h(
    'section',
    { class: 'screen screen-final' },
    heading('Final results'),
    view.you
      ? h(
          'div',
          { class: 'standing-card' },
          h('p', { class: 'standing-rank' }, rank ? ordinal(rank) : '–'),
          h('p', { class: 'standing-text' }, `of ${view.players} · ${points(view.you.score)} points`),
        )
      : null,
    podiumView(top, { youId: view.you?.player_id }),
    teamBoard(view.podium?.teams ?? view.leaderboard?.teams, { yourTeam: view.you?.team ?? null }),
    recapBox,
    endLine,
    again,
  );
  let recapShown = null;
  return {
    el,
    update() {
      if (view.recap !== recapShown) {
        recapShown = view.recap;
        drawRecap(recapBox, view.recap);
      }
      const over = view.phase === 'ended' || closed?.reason === 'ended';
      setText(endLine, over ? 'The game has ended. Thanks for playing!' : 'Waiting for the host to finish the game…');
      again.hidden = !over;
    },
  };
}

function drawRecap(box, items) {
  if (items == null) {
    fill(box);
    return;
  }
  const questions = store.questions(code);
  if (items.length === 0) {
    fill(box, h('h2', { id: 'recap-title' }, 'Your recap'), h('p', {}, 'You got every question fully right. Well done!'));
    return;
  }
  fill(
    box,
    h('h2', { id: 'recap-title' }, 'Questions to look at again'),
    h(
      'ol',
      { class: 'recap-list' },
      items.map((item) => {
        const choices = questions[item.q]?.choices ?? [];
        const right = describeCorrect(item.correct, choices);
        const checklist = keywordChecklist(item.correct, item.your_answer?.text, item.credit);
        return h(
          'li',
          { class: 'recap-item' },
          h('p', { class: 'recap-prompt' }, h('span', { class: 'recap-q' }, `Question ${item.q + 1}. `), item.prompt),
          h('p', { class: 'recap-yours' }, 'You answered: ', h('strong', {}, describeAnswer(item.your_answer, choices))),
          checklist ?? (right ? h('p', { class: 'recap-right' }, 'The answer: ', h('strong', {}, right)) : null),
          item.explanation ? h('p', { class: 'explanation' }, item.explanation) : null,
        );
      }),
    ),
  );
}

function kickedScreen() {
  return {
    el: h(
      'section',
      { class: 'screen screen-center' },
      heading('You were removed from this game'),
      h('p', {}, 'The host removed you from this game, so you cannot join it again.'),
      h('a', { class: 'button button-secondary', href: './' }, 'Back to the start'),
    ),
  };
}

function closedScreen() {
  const again = h('button', { type: 'button', class: 'button button-primary', on: { click: () => conn.reconnect() } }, 'Continue here');
  return {
    el: h(
      'section',
      { class: 'screen screen-center' },
      heading('Disconnected'),
      h('p', {}, closed?.words ?? 'The connection to the game was closed.'),
      again,
      h('a', { class: 'button button-secondary', href: './' }, 'Back to the start'),
    ),
  };
}

// Start once every function and table above exists.
conn.start();
setInterval(() => screen?.update?.(), 1000); // "waiting for the host" comes with time
render();
