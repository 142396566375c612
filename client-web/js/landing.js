// The landing page: join with a code and a name, or go and host a game.
// The join form works as a plain GET form to play.html; this script fills
// in the code from a join link (/?room=CODE) and checks the fields first.

import { normalizeCode } from './protocol.js';
import { makeStore } from './storage.js';
import { fetchRoomTeams } from './teams.js';

const store = makeStore(sessionStorage);
const form = document.getElementById('join-form');
const code = document.getElementById('join-code');
const name = document.getElementById('join-name');
const error = document.getElementById('join-error');
const teamField = document.getElementById('join-team-field');
const team = document.getElementById('join-team');

const params = new URLSearchParams(location.search);
const linked = normalizeCode(params.get('room'));
if (linked) code.value = linked;
name.value = params.get('name') ?? store.lastName();
(linked ? name : code).focus();

// A room with teams: the player picks one here, or leaves it to the server.
let lookedUp = null;
async function lookUpTeams() {
  const c = normalizeCode(code.value);
  if (c === lookedUp) return;
  lookedUp = c;
  const teams = c.length === 6 ? await fetchRoomTeams(c) : [];
  if (c !== normalizeCode(code.value)) return;
  team.replaceChildren(new Option('Any team (the smallest one)', ''), ...teams.map((t) => new Option(t, t)));
  teamField.hidden = teams.length === 0;
  team.disabled = teams.length === 0; // a disabled field is not sent
}

code.addEventListener('input', () => {
  const at = code.selectionStart;
  code.value = code.value.toUpperCase();
  code.setSelectionRange(at, at);
  lookUpTeams();
});
lookUpTeams();

form.addEventListener('submit', (event) => {
  const c = normalizeCode(code.value);
  const n = name.value.trim();
  let problem = '';
  if (c.length === 0) problem = 'Enter the game code shown on the host\'s screen.';
  else if (n.length === 0) problem = 'Enter a name for the room to see.';
  if (problem) {
    event.preventDefault();
    error.textContent = problem;
    (c.length === 0 ? code : name).focus();
    return;
  }
  code.value = c;
  name.value = n;
  // "Any team" need not travel in the address.
  if (team.value === '') team.disabled = true;
});
