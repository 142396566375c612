// End to end in real Chromium: the real quizroom-server on a free loopback
// port, a host screen at 1920x1080 and three phones at 375x667, each in its
// own browser context. A three-question team game (Red and Blue; two phones
// pick a team, one is balanced) is played to the podium, whose team scores
// must be the rounded averages of the members' scores shown; one player
// reloads mid-question and must come back with their score and still
// answer; the host screen reloads too. Then, on a second server with the
// bundled question bank, one mock-interview round: the candidate types, two
// players and the host rate, and the reveal marks the keywords covered; and
// one typed-answer (`open`) question whose credit the host overrides. No
// page may log a console error.
//
//   node e2e/game.mjs --server BIN [--decks DIR] [--interview-decks DIR] [--static DIR] [--artifacts DIR]
//
// Screenshots go to --artifacts (default: <repo>/artifacts/browser/).

import { execFile, spawn } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

import { chromium } from 'playwright-core';

const repo = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
const { values: args } = parseArgs({
  options: {
    server: { type: 'string', default: process.env.QUIZROOM_SERVER_BIN ?? join(repo, 'build-web/server/app/quizroom-server') },
    decks: { type: 'string', default: join(repo, 'tests/data/decks') },
    'interview-decks': { type: 'string', default: join(repo, 'quizzes') },
    static: { type: 'string', default: join(repo, 'client-web') },
    artifacts: { type: 'string', default: join(repo, 'artifacts/browser') },
    chromium: { type: 'string', default: process.env.QUIZROOM_CHROMIUM ?? '/usr/bin/chromium' },
  },
});

const STEP_MS = 15000;
const problems = []; // console errors and page errors, from every page
let step = 'start';

function log(text) {
  console.log(`[e2e] ${text}`);
}

function check(ok, what) {
  if (!ok) throw new Error(`check failed at "${step}": ${what}`);
}

// ---- the server ----------------------------------------------------------------

function startServer(decks) {
  return new Promise((resolvePromise, reject) => {
    const child = spawn(
      args.server,
      ['--port', '0', '--bind', '127.0.0.1', '--quizzes', decks, '--static', args.static, '--threads', '2'],
      { stdio: ['ignore', 'pipe', 'pipe'] },
    );
    let output = '';
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`the server did not say where it listens within 20 s:\n${output}`));
    }, 20000);
    const read = (chunk) => {
      output += chunk;
      const m = output.match(/on this machine: http:\/\/127\.0\.0\.1:(\d+)\//);
      if (m) {
        clearTimeout(timer);
        resolvePromise({ child, base: `http://127.0.0.1:${m[1]}/`, output: () => output });
      }
    };
    child.stdout.setEncoding('utf8').on('data', read);
    child.stderr.setEncoding('utf8').on('data', read);
    child.on('error', (e) => {
      clearTimeout(timer);
      reject(new Error(`cannot start ${args.server}: ${e.message}`));
    });
    child.on('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`the server exited (${code}) before listening:\n${output}`));
    });
  });
}

function stopServer(server) {
  return new Promise((done) => {
    if (server.child.exitCode !== null) return done();
    const force = setTimeout(() => server.child.kill('SIGKILL'), 5000);
    server.child.once('exit', () => {
      clearTimeout(force);
      done();
    });
    server.child.kill('SIGTERM');
  });
}

// ---- pages -----------------------------------------------------------------------

function watch(page, label) {
  page.on('console', (msg) => {
    if (msg.type() === 'error') problems.push(`${label}: console error: ${msg.text()}`);
  });
  page.on('pageerror', (e) => problems.push(`${label}: page error: ${e.message}`));
  return page;
}

async function shot(page, name) {
  const file = join(args.artifacts, `${name}.png`);
  await page.screenshot({ path: file });
  log(`screenshot ${file}`);
}

async function text(page, selector) {
  return (await page.locator(selector).first().textContent({ timeout: STEP_MS }))?.trim();
}

/// Taps the answer button for a choice (0-based) on a phone; waits until it is acknowledged.
async function answer(player, choice) {
  await player.page.locator('.answer').nth(choice).click({ timeout: STEP_MS });
  // The last answer closes the question: the result may replace "Answer sent" at once.
  await player.page.locator('.sent-title:has-text("Answer sent"), .screen-result').first().waitFor({ timeout: STEP_MS });
}

async function hostNext(host, until) {
  await host.keyboard.press('Space');
  await host.locator(until).first().waitFor({ timeout: STEP_MS });
}

async function scoreOf(player) {
  return Number((await text(player.page, '#score')).replace(/[^0-9]/g, ''));
}

/// Decodes the QR code in a screenshot when zbarimg (Debian's zbar-tools) is
/// there; the lobby's QR code must read as the join address.
async function checkQr(png, want) {
  if (!existsSync('/usr/bin/zbarimg')) {
    log('QR decode check skipped: no /usr/bin/zbarimg (Debian package zbar-tools)');
    return;
  }
  const got = await new Promise((done) => {
    execFile('/usr/bin/zbarimg', ['--quiet', '--raw', png], (error, stdout) => done(error ? '' : stdout.trim()));
  });
  check(got === want, `the QR code reads ${JSON.stringify(got)}, not ${want}`);
  log(`QR code reads ${got}`);
}

// ---- the game --------------------------------------------------------------------

async function play(browser, base) {
  const host = watch(await (await browser.newContext({ viewport: { width: 1920, height: 1080 } })).newPage(), 'host');

  step = 'host sets up a game';
  await host.goto(`${base}host.html`);
  await host.locator('#deck option[value="three"]').waitFor({ state: 'attached', timeout: STEP_MS });
  await host.selectOption('#deck', 'three');
  await host.waitForFunction(() => document.querySelector('#count')?.value === '3', null, { timeout: STEP_MS });
  await host.fill('#teams', 'Red, Blue');
  await host.getByRole('button', { name: 'Create game' }).click();
  await host.locator('.join-code').waitFor({ timeout: STEP_MS });
  const code = await text(host, '.join-code');
  check(/^[0-9A-Z]{6}$/.test(code), `a six-character room code, got ${code}`);
  check(new URL(host.url()).searchParams.get('room') === code, 'the host page remembers the room in its address');
  await host.waitForFunction(() => document.querySelector('.join-qr')?.naturalWidth > 0, null, { timeout: STEP_MS });
  await host.locator('.join-host', { hasText: base.replace('http://', '').replace(/\/$/, '') }).waitFor({ timeout: STEP_MS });
  log(`room ${code}`);

  await host.locator('.lobby-teams-line', { hasText: 'Team game: Red, Blue' }).waitFor({ timeout: STEP_MS });

  step = 'three players join from phones, two pick a team';
  const players = [];
  const teamOf = { Ada: 'Red', Grace: 'Blue', Linus: 'Red' }; // Linus: any team, the smaller one then
  for (const name of ['Ada', 'Grace', 'Linus']) {
    const context = await browser.newContext({ viewport: { width: 375, height: 667 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true });
    const page = watch(await context.newPage(), name);
    await page.goto(`${base}?room=${code}`); // the join address from the QR code
    check((await page.inputValue('#join-code')) === code, 'the join link fills in the code');
    await page.fill('#join-name', name);
    await page.locator('#join-team-field').waitFor({ state: 'visible', timeout: STEP_MS });
    if (name !== 'Linus') await page.selectOption('#join-team', teamOf[name]);
    await page.getByRole('button', { name: 'Join' }).click();
    await page.getByRole('heading', { name: "You're in!" }).waitFor({ timeout: STEP_MS });
    check((await text(page, '.lobby-team strong')) === teamOf[name], `${name} is on team ${teamOf[name]}`);
    check(!new URL(page.url()).searchParams.has('name'), 'the name does not stay in the address');
    players.push({ name, page });
  }
  const [ada, grace, linus] = players;
  await host.locator('.roster .chip').nth(2).waitFor({ timeout: STEP_MS });
  check((await host.locator('.team-column[data-team="Red"] .chip').count()) === 2, 'two on Red in the lobby');
  check((await host.locator('.team-column[data-team="Blue"] .chip').count()) === 1, 'one on Blue in the lobby');

  step = 'a taken name, a kick and a locked room';
  const phone = async (label) => {
    const context = await browser.newContext({ viewport: { width: 375, height: 667 }, isMobile: true, hasTouch: true });
    const page = watch(await context.newPage(), label);
    let sockets = 0;
    page.on('websocket', () => (sockets += 1));
    return { page, sockets: () => sockets };
  };
  const copycat = await phone('copycat');
  await copycat.page.goto(`${base}play.html?room=${code}&name=ada`);
  await copycat.page.getByText('Someone in this game already has that name').waitFor({ timeout: STEP_MS });
  await copycat.page.locator('#play-name').waitFor({ timeout: STEP_MS }); // the form is back, to pick another name
  await copycat.page.context().close();
  const mallory = await phone('Mallory');
  await mallory.page.goto(`${base}play.html?room=${code}&name=Mallory`);
  await mallory.page.getByRole('heading', { name: "You're in!" }).waitFor({ timeout: STEP_MS });
  check((await text(mallory.page, '.lobby-team strong')) === 'Blue', 'Mallory is balanced into the smaller team');
  await host.getByRole('button', { name: 'Remove Mallory from the game' }).click();
  await mallory.page.getByRole('heading', { name: 'You were removed from this game' }).waitFor({ timeout: STEP_MS });
  await host.locator('.roster .chip', { hasText: 'Mallory' }).waitFor({ state: 'detached', timeout: STEP_MS });
  await mallory.page.waitForTimeout(3000);
  check(mallory.sockets() === 1, `a kicked player does not reconnect (${mallory.sockets()} sockets)`);
  await mallory.page.context().close();
  await host.getByRole('button', { name: 'Lock room' }).click();
  await host.getByText('The room is locked').waitFor({ timeout: STEP_MS });
  const late = await phone('late');
  await late.page.goto(`${base}play.html?room=${code}&name=Latecomer`);
  await late.page.getByText('The host has locked this game').waitFor({ timeout: STEP_MS });
  await late.page.context().close();
  await host.getByRole('button', { name: 'Unlock room' }).click();
  await host.getByText('The room is locked').waitFor({ state: 'detached', timeout: STEP_MS });
  await host.locator('h1').first().focus(); // Space belongs to the game again, not to a button
  await host.mouse.move(960, 540); // no hover left on a button in the screenshots
  check((await host.locator('.roster .chip').count()) === 3, 'three players in the lobby');
  await host.locator('.lobby-players-title', { hasText: '3 players' }).waitFor({ timeout: STEP_MS });
  await shot(host, 'host-lobby');
  await checkQr(join(args.artifacts, 'host-lobby.png'), `${base}?room=${code}`);

  step = 'question 1';
  await hostNext(host, '.hq-prompt');
  for (const p of players) await p.page.locator('.answer').first().waitFor({ timeout: STEP_MS });
  check((await text(host, '.hq-prompt')) === 'How many legs does a spider have?', 'the host shows question 1');
  check((await ada.page.locator('.answer').count()) === 4, 'four answer buttons on the phone');
  await shot(ada.page, 'player-question');
  await answer(grace, 0);
  await host.locator('.answered-count', { hasText: '1 of 3 answered' }).waitFor({ timeout: STEP_MS });
  await shot(host, 'host-question');
  await answer(ada, 0);
  await answer(linus, 3);
  // Everyone connected has answered: the question closes by itself.
  await host.locator('.host-reveal').waitFor({ timeout: STEP_MS });
  await ada.page.locator('.result-title', { hasText: 'Correct!' }).waitFor({ timeout: STEP_MS });
  await linus.page.locator('.result-title', { hasText: 'Not this time' }).waitFor({ timeout: STEP_MS });
  check((await text(host, '.reveal-right')) === '8', 'the host reveals the right answer');
  check((await host.locator('.bar').count()) === 4, 'a bar per choice');
  await host.locator('.explanation', { hasText: 'eight legs' }).waitFor({ timeout: STEP_MS });
  await shot(host, 'host-reveal');
  await shot(ada.page, 'player-result');
  const adaAfter1 = await scoreOf(ada);
  check(adaAfter1 >= 500, `Ada scored on question 1 (${adaAfter1})`);

  step = 'leaderboard 1';
  await hostNext(host, '.host-leaderboard');
  await ada.page.locator('.screen-leaderboard').waitFor({ timeout: STEP_MS });
  check((await host.locator('.board-row:not(.team-row)').count()) === 3, 'three on the leaderboard');
  check((await host.locator('.team-row').count()) === 2, 'two teams on the leaderboard');
  await shot(host, 'host-leaderboard');

  step = 'question 2, with a reload mid-question';
  await hostNext(host, '.hq-prompt');
  await ada.page.locator('.answer').first().waitFor({ timeout: STEP_MS });
  await ada.page.reload();
  await ada.page.locator('.answer').first().waitFor({ timeout: STEP_MS });
  check((await text(ada.page, '.q-count')) === 'Question 2 of 3', 'back on question 2 after the reload');
  check((await scoreOf(ada)) === adaAfter1, `score intact after the reload (${await scoreOf(ada)} vs ${adaAfter1})`);
  check((await ada.page.locator('#play-name').count()) === 0, 'no join form after the reload');
  await answer(ada, 1); // Mercury: right
  await answer(grace, 1);
  await answer(linus, 0);
  await host.locator('.host-reveal').waitFor({ timeout: STEP_MS });
  await ada.page.locator('.result-title', { hasText: 'Correct!' }).waitFor({ timeout: STEP_MS });
  const adaAfter2 = await scoreOf(ada);
  check(adaAfter2 > adaAfter1, `the answer after the reload scored (${adaAfter1} -> ${adaAfter2})`);
  await ada.page.locator('.result-streak', { hasText: '2 in a row' }).waitFor({ timeout: STEP_MS });

  step = 'the host screen reloads';
  await host.reload();
  await host.locator('.host-reveal').waitFor({ timeout: STEP_MS });
  check((await text(host, '.reveal-right')) === 'Mercury', 'the reloaded host screen shows the reveal again');

  step = 'leaderboard 2 and question 3';
  await hostNext(host, '.host-leaderboard');
  await hostNext(host, '.hq-prompt');
  for (const p of players) await p.page.locator('.answer').first().waitFor({ timeout: STEP_MS });
  await answer(ada, 0); // 36: wrong
  await answer(grace, 2); // 42: right
  await answer(linus, 2);
  await host.locator('.host-reveal').waitFor({ timeout: STEP_MS });
  await grace.page.locator('.result-title', { hasText: 'Correct!' }).waitFor({ timeout: STEP_MS });

  step = 'final standings, podium, results';
  await hostNext(host, '.host-leaderboard');
  check((await text(host, '.board-title')) === 'Final standings', 'the last leaderboard is the final standings');
  await hostNext(host, '.host-podium');
  for (const p of players) await p.page.locator('.screen-final').waitFor({ timeout: STEP_MS });
  check((await text(host, '.podium-1 .podium-name')) === 'Grace', 'Grace wins (three right)');
  // Each team's score is the rounded average of its members' scores as shown.
  // Mallory joined Blue and was removed before the game: still a member, with 0
  // (PROTOCOL.md: members are everyone who joined the team).
  const shown = { Mallory: 0 };
  for (const place of await host.locator('.podium-place:not(.is-empty)').all()) {
    shown[(await place.locator('.podium-name').textContent()).trim()] = Number((await place.locator('.podium-score').textContent()).replace(/[^0-9]/g, ''));
  }
  const average = (names) => Math.round(names.reduce((sum, n) => sum + shown[n], 0) / names.length);
  const want = [
    { name: 'Red', score: average(['Ada', 'Linus']) },
    { name: 'Blue', score: average(['Grace', 'Mallory']) },
  ].sort((a, b) => b.score - a.score);
  const teamRows = await host.locator('.host-podium .team-row').all();
  check(teamRows.length === 2, `two teams on the podium, got ${teamRows.length}`);
  for (const [i, row] of teamRows.entries()) {
    const name = await row.getAttribute('data-team');
    const score = Number((await row.locator('.team-score').textContent()).replace(/[^0-9]/g, ''));
    const rank = Number(await row.locator('.board-rank').textContent());
    check(name === want[i].name && score === want[i].score, `team ${i + 1}: ${name} ${score}, expected ${want[i].name} ${want[i].score} (players ${JSON.stringify(shown)})`);
    check(rank === (i > 0 && want[i].score === want[i - 1].score ? 1 : i + 1), `team ${name} ranked ${rank}`);
  }
  await linus.page.locator('.screen-final .team-row.is-you[data-team="Red"]').waitFor({ timeout: STEP_MS });
  log(`team standings ${JSON.stringify(want)} from players ${JSON.stringify(shown)}`);
  await shot(host, 'host-podium');
  await linus.page.locator('.recap-item').first().waitFor({ timeout: STEP_MS });
  check((await linus.page.locator('.recap-item').count()) === 2, 'Linus sees the two questions he missed');
  await linus.page.locator('.recap-item .explanation', { hasText: 'eight legs' }).waitFor({ timeout: STEP_MS });
  await grace.page.getByText('You got every question fully right').waitFor({ timeout: STEP_MS });
  await shot(linus.page, 'player-final');
  await linus.page.reload(); // the recap comes once: a reload keeps it
  await linus.page.locator('.recap-item').nth(1).waitFor({ timeout: STEP_MS });
  await hostNext(host, '.host-results');
  for (const p of players) await p.page.getByText('The game has ended').waitFor({ timeout: STEP_MS });
  check((await host.locator('.results-table tbody tr').count()) === 3, 'the results list every question');
  await shot(host, 'host-results');

  step = 'play again with the same settings';
  await host.keyboard.press('Space');
  await host.waitForFunction((old) => {
    const c = document.querySelector('.join-code')?.textContent;
    return c && c !== old;
  }, code, { timeout: STEP_MS });
  const again = await text(host, '.join-code');
  check(again !== code, 'a new room');
  check((await text(host, '#quiz-title')) === 'Three questions', 'the same quiz');
  log(`play again: room ${again}`);

  // Let late frames and closes land before the console is judged.
  await host.waitForTimeout(500);
}

// ---- one mock-interview round -----------------------------------------------------

async function interviewRound(browser, base) {
  const host = watch(await (await browser.newContext({ viewport: { width: 1920, height: 1080 } })).newPage(), 'interview host');

  step = 'interview: the host sets up a mock interview';
  await host.goto(`${base}host.html`);
  await host.locator('#deck option[value="backend-interview"]').waitFor({ state: 'attached', timeout: STEP_MS });
  await host.selectOption('#deck', 'backend-interview');
  await host.locator('#interview').waitFor({ state: 'visible', timeout: STEP_MS });
  await host.check('#interview');
  await host.fill('#count', '1');
  await host.getByRole('button', { name: 'Create game' }).click();
  await host.locator('.join-code').waitFor({ timeout: STEP_MS });
  const code = await text(host, '.join-code');
  log(`interview room ${code}`);

  step = 'interview: three players join';
  const players = [];
  for (const name of ['Ada', 'Grace', 'Linus']) {
    const context = await browser.newContext({ viewport: { width: 375, height: 667 }, isMobile: true, hasTouch: true });
    const page = watch(await context.newPage(), `interview ${name}`);
    await page.goto(`${base}play.html?room=${code}&name=${name}`);
    await page.getByRole('heading', { name: "You're in!" }).waitFor({ timeout: STEP_MS });
    players.push({ name, page });
  }
  const [ada, grace, linus] = players;
  await host.locator('.roster .chip').nth(2).waitFor({ timeout: STEP_MS });
  await host.locator('h1').first().focus();

  step = 'interview: Ada is the candidate, the others listen';
  await hostNext(host, '.host-candidate');
  check((await text(host, '.candidate-line strong')) === 'Ada', 'the host shows the candidate');
  await ada.page.locator('textarea#answer-text').waitFor({ timeout: STEP_MS });
  await grace.page.locator('.candidate-line', { hasText: 'Ada is answering' }).waitFor({ timeout: STEP_MS });
  check((await grace.page.locator('textarea').count()) === 0, 'a rater has nothing to type');
  await shot(ada.page, 'interview-candidate');

  step = 'interview: the candidate types; the reveal marks the keywords covered';
  await ada.page.fill('#answer-text', '<b>A compiler</b> turns it into machine code first');
  await ada.page.getByRole('button', { name: 'Send answer' }).click();
  await host.locator('.host-reveal .keyword').first().waitFor({ timeout: STEP_MS });
  for (const page of [host, grace.page]) {
    const covered = await page.locator('.keyword.is-covered').allTextContents();
    check(covered.length === 2, `two keywords covered, got ${JSON.stringify(covered)}`);
    check(covered.some((k) => k.includes('machine code')), 'machine code is covered');
  }
  check((await host.locator('.explanation').count()) === 1, 'the host shows the explanation');
  await ada.page.getByRole('heading', { name: 'Your answer is being rated' }).waitFor({ timeout: STEP_MS });
  check((await ada.page.locator('.rate-button').count()) === 0, 'the candidate does not rate');

  step = 'interview: two players and the host rate';
  await grace.page.locator('.rate-button[data-score="4"]').click({ timeout: STEP_MS });
  await grace.page.getByText('You rated 4 of 5.').waitFor({ timeout: STEP_MS });
  await linus.page.locator('.rate-button[data-score="5"]').click({ timeout: STEP_MS });
  await linus.page.getByText('You rated 5 of 5.').waitFor({ timeout: STEP_MS });
  await host.locator('.rate-button[data-score="4"]').click({ timeout: STEP_MS });
  await host.getByText('You rated 4 of 5.').waitFor({ timeout: STEP_MS });
  await shot(grace.page, 'interview-rater');

  step = 'interview: the host closes the rating';
  await host.locator('h1').first().focus();
  await hostNext(host, '.reveal-stats:has-text("Median 4 of 5 from 3 ratings: 800 points")');
  await ada.page.locator('.result-points', { hasText: 'You: +800 points' }).waitFor({ timeout: STEP_MS });
  await grace.page.locator('.result-points', { hasText: 'You: +50 points' }).waitFor({ timeout: STEP_MS });
  check((await scoreOf(ada)) === 800, `Ada scores the median x 200 (${await scoreOf(ada)})`);
  await shot(host, 'interview-host-rated');
  await hostNext(host, '.host-leaderboard');
  await host.waitForTimeout(500);
}

// ---- one typed-answer question, and the host's override of its credit ---------------

async function overrideRound(browser, base) {
  const host = watch(await (await browser.newContext({ viewport: { width: 1920, height: 1080 } })).newPage(), 'override host');

  step = 'override: the host sets up one question answered in own words';
  await host.goto(`${base}host.html`);
  await host.locator('#deck option[value="backend-interview"]').waitFor({ state: 'attached', timeout: STEP_MS });
  await host.selectOption('#deck', 'backend-interview');
  await host.locator('#format option[value="open"]').waitFor({ state: 'attached', timeout: STEP_MS });
  await host.selectOption('#format', 'open');
  await host.fill('#count', '1');
  await host.getByRole('button', { name: 'Create game' }).click();
  await host.locator('.join-code').waitFor({ timeout: STEP_MS });
  const code = await text(host, '.join-code');
  log(`override room ${code}`);

  const players = {};
  for (const name of ['Ada', 'Grace']) {
    const context = await browser.newContext({ viewport: { width: 375, height: 667 }, isMobile: true, hasTouch: true });
    const page = watch(await context.newPage(), `override ${name}`);
    await page.goto(`${base}play.html?room=${code}&name=${name}`);
    await page.getByRole('heading', { name: "You're in!" }).waitFor({ timeout: STEP_MS });
    players[name] = page;
  }
  await host.locator('.roster .chip').nth(1).waitFor({ timeout: STEP_MS });
  await host.locator('h1').first().focus();

  step = 'override: both type; the host sees every answer with its credit';
  await hostNext(host, '.hq-prompt');
  await players.Ada.fill('#answer-text', 'A compiler turns it into machine code first');
  await players.Ada.getByRole('button', { name: 'Send answer' }).click();
  await players.Grace.fill('#answer-text', 'It runs the program line by line, I think');
  await players.Grace.getByRole('button', { name: 'Send answer' }).click();
  await host.locator('.open-answer').nth(1).waitFor({ timeout: STEP_MS });
  const row = (name) => host.locator('.open-answer', { has: host.locator('.open-answer-name', { hasText: name }) });
  check((await text(host, '.open-answer:first-child .open-answer-text')) === 'A compiler turns it into machine code first', 'the host sees what Ada typed');
  await players.Ada.locator('.result-title', { hasText: 'Partly right' }).waitFor({ timeout: STEP_MS });
  const adaPoints = Number((await text(players.Ada, '.result-points')).replace(/[^0-9]/g, ''));
  check((await text(row('Ada'), '.open-answer-credit')).endsWith(`credit, ${adaPoints} points`), 'the host shows the points Ada was given');

  step = 'override: the host gives Grace full credit; her result follows';
  await row('Grace').getByRole('button', { name: 'Full credit for Grace' }).click();
  await players.Grace.locator('.result-title', { hasText: 'Correct!' }).waitFor({ timeout: STEP_MS });
  await players.Grace.locator('.result-revised').waitFor({ timeout: STEP_MS });
  await row('Grace').locator('.open-answer-credit', { hasText: '100% credit' }).waitFor({ timeout: STEP_MS });
  const gracePoints = Number((await text(players.Grace, '.result-points')).replace(/[^0-9]/g, ''));
  check(gracePoints > 0, `Grace scored with full credit (${gracePoints})`);
  check((await text(row('Grace'), '.open-answer-credit')) === `100% credit, ${gracePoints} points`, 'the host and Grace show the same points');
  check((await scoreOf({ page: players.Grace })) === gracePoints, 'Grace\'s score follows the override');
  check((await row('Grace').locator('.credit-button[aria-pressed="true"]').textContent()) === 'Full', 'the full-credit button shows as given');
  await host.locator('.reveal-stats', { hasText: '1 of 2 answers right' }).waitFor({ timeout: STEP_MS });
  await shot(host, 'override-host-reveal');
  await shot(players.Grace, 'override-player-result');

  step = 'override: the leaderboard has the new score';
  await hostNext(host, '.host-leaderboard');
  check((await text(host, '.board-row.rank-1 .board-name')) === 'Grace', 'Grace leads after the override');
  await host.waitForTimeout(300);
}

async function main() {
  mkdirSync(args.artifacts, { recursive: true });
  const server = await startServer(args.decks);
  log(`server at ${server.base}`);
  let interviewServer = null;
  let browser;
  let failed = null;
  try {
    browser = await chromium.launch({
      executablePath: args.chromium,
      headless: true,
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--disable-dev-shm-usage',
      ],
      // Playwright starts each launch with a fresh, temporary user-data dir.
    });
    await play(browser, server.base);
    interviewServer = await startServer(args['interview-decks']);
    log(`interview server at ${interviewServer.base}`);
    await interviewRound(browser, interviewServer.base);
    await overrideRound(browser, interviewServer.base);
  } catch (e) {
    failed = e;
  } finally {
    await browser?.close().catch(() => {});
    await stopServer(server);
    if (interviewServer) await stopServer(interviewServer);
  }
  if (problems.length > 0) {
    console.error(`[e2e] console errors:\n  ${problems.join('\n  ')}`);
  }
  if (failed) {
    console.error(`[e2e] FAILED: ${failed.stack ?? failed}`);
    console.error(`[e2e] server log:\n${server.output()}`);
    if (interviewServer) console.error(`[e2e] interview server log:\n${interviewServer.output()}`);
  }
  log(`screenshots in ${args.artifacts}`);
  if (failed || problems.length > 0) {
    console.log('0 passed, 1 failed');
    process.exit(1);
  }
  console.log('1 passed, 0 failed');
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
