// What the browser does when its socket closes: PROTOCOL.md's close-code
// table, and the backoff between tries. Pure.

/// The close codes PROTOCOL.md names.
export const CLOSE = Object.freeze({
  normal: 1000,
  going_away: 1001,
  abnormal: 1006,
  policy: 1008, // persistent rate_limited
  too_big: 1009,
  restarting: 1012,
  try_again: 1013, // too slow to keep up
  kicked: 4001,
  room_ended: 4002,
});

/// `{reconnect, reason, words}` for a close code. `words` is what people are told.
/// Codes the table does not name (1001 going away, 1006 a dropped network,
/// 1011 a server error, ...) are treated as a lost connection and retried:
/// that is the dropped-Wi-Fi case the client exists to survive.
export function afterClose(code) {
  switch (code) {
    case CLOSE.normal:
      return {
        reconnect: false,
        reason: 'normal',
        words: 'This screen was disconnected: the game is open in another tab or window, or you left it.',
      };
    case CLOSE.policy:
      return {
        reconnect: false,
        reason: 'rate_limited',
        words: 'The server disconnected this screen because it sent too many messages. Reload the page to continue.',
      };
    case CLOSE.too_big:
      return {
        reconnect: false,
        reason: 'too_big',
        words: 'The server disconnected this screen because a message was too large. Reload the page to continue.',
      };
    case CLOSE.restarting:
      return { reconnect: true, reason: 'restarting', words: 'The server is restarting. Reconnecting…' };
    case CLOSE.try_again:
      return { reconnect: true, reason: 'too_slow', words: 'The connection was too slow to keep up. Reconnecting…' };
    case CLOSE.kicked:
      return { reconnect: false, reason: 'kicked', words: 'The host removed you from this game.' };
    case CLOSE.room_ended:
      return { reconnect: false, reason: 'ended', words: 'This game has ended.' };
    default:
      return { reconnect: true, reason: 'lost', words: 'Connection lost. Reconnecting…' };
  }
}

/// Delay before reconnect try number `attempt` (0 for the first): 0.5 s
/// doubling to at most 10 s, with "equal jitter" so that thirty phones
/// that lost the same Wi-Fi do not come back in the same millisecond.
export function backoffMs(attempt, random = Math.random, { baseMs = 500, capMs = 10000 } = {}) {
  const ceiling = Math.min(capMs, baseMs * 2 ** Math.max(0, Math.min(attempt, 20)));
  return Math.round(ceiling / 2 + random() * (ceiling / 2));
}
