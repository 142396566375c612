// What a tab remembers across a reload: the player's seat and the host's key
// for each room, in sessionStorage (per tab, gone when the tab closes).
// The storage object is passed in, so the tests can use a Map.

const PREFIX = 'quizroom:';

function read(storage, key) {
  try {
    const raw = storage.getItem(PREFIX + key);
    return raw == null ? null : JSON.parse(raw);
  } catch {
    return null;
  }
}

function write(storage, key, value) {
  try {
    if (value == null) storage.removeItem(PREFIX + key);
    else storage.setItem(PREFIX + key, JSON.stringify(value));
  } catch {
    // Private modes may refuse storage: the game goes on, a reload then asks again.
  }
}

export function makeStore(storage) {
  return {
    /// {token, player_id, name} of this tab's player in a room.
    seat: (code) => read(storage, `seat:${code}`),
    saveSeat: (code, seat) => write(storage, `seat:${code}`, seat),
    forgetSeat: (code) => write(storage, `seat:${code}`, null),
    /// {host_token, quiz, options} of a room this tab hosts.
    hosting: (code) => read(storage, `host:${code}`),
    saveHosting: (code, hosting) => write(storage, `host:${code}`, hosting),
    forgetHosting: (code) => write(storage, `host:${code}`, null),
    /// The host's results so far (one entry per revealed question).
    history: (code) => read(storage, `history:${code}`) ?? [],
    saveHistory: (code, history) => write(storage, `history:${code}`, history),
    /// The questions seen so far, by `q` ({kind, prompt, choices}): recap
    /// items and a reloaded reveal name choices by their text.
    questions: (code) => read(storage, `questions:${code}`) ?? {},
    saveQuestion: (code, question) => {
      if (!question || !Number.isInteger(question.q)) return;
      const all = read(storage, `questions:${code}`) ?? {};
      all[question.q] = { kind: question.kind, prompt: question.prompt, choices: question.choices ?? null, candidate: question.candidate ?? null };
      write(storage, `questions:${code}`, all);
    },
    /// The player's recap (it comes once, with the podium).
    recap: (code) => read(storage, `recap:${code}`),
    saveRecap: (code, items) => write(storage, `recap:${code}`, items),
    /// The name this tab last played under, to fill in the next join form.
    lastName: () => read(storage, 'name') ?? '',
    saveName: (name) => write(storage, 'name', name),
  };
}
