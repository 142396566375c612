// The server's clock as seen from the browser: the offset learnt from
// ping/pong, so that a countdown agrees with the server's `deadline`.
// Pure: callers pass the local times in.

/// NTP-style estimate: each pong gives offset = now - (sent + received) / 2,
/// good to within half its round trip. The sample with the shortest round
/// trip among the recent ones is the most trustworthy, so it wins.
export class ServerClock {
  constructor({ keep = 8 } = {}) {
    this.keep = keep;
    this.samples = [];
  }

  /// Records one ping/pong: `sentAt` and `receivedAt` are local epoch ms,
  /// `serverNow` the pong's `now`. Returns the offset now in use.
  sample(sentAt, receivedAt, serverNow) {
    if (![sentAt, receivedAt, serverNow].every(Number.isFinite) || receivedAt < sentAt) {
      return this.offset;
    }
    this.samples.push({ rtt: receivedAt - sentAt, offset: serverNow - (sentAt + receivedAt) / 2 });
    if (this.samples.length > this.keep) this.samples.shift();
    return this.offset;
  }

  get synced() {
    return this.samples.length > 0;
  }

  /// Server time minus local time, in ms; 0 until the first pong.
  get offset() {
    let best = null;
    for (const s of this.samples) {
      if (best === null || s.rtt < best.rtt) best = s;
    }
    return best === null ? 0 : Math.round(best.offset);
  }

  /// The shortest recent round trip, in ms (null before the first pong).
  get rtt() {
    if (this.samples.length === 0) return null;
    return Math.min(...this.samples.map((s) => s.rtt));
  }

  /// The server's epoch ms at local time `localNow`.
  now(localNow) {
    return localNow + this.offset;
  }

  /// Milliseconds left until a server `deadline`, never below 0.
  remaining(deadline, localNow) {
    return Math.max(0, deadline - this.now(localNow));
  }
}

/// What a countdown shows: whole seconds left (rounded up, so "1" shows
/// until the very end) and the fraction of the time limit left.
export function countdown({ deadline, remainingMs, paused, limitMs }, clock, localNow) {
  let left;
  if (paused || deadline == null) {
    left = Math.max(0, remainingMs ?? 0);
  } else {
    left = clock.remaining(deadline, localNow);
  }
  const fraction = limitMs > 0 ? Math.min(1, left / limitMs) : 0;
  return { ms: left, seconds: Math.ceil(left / 1000), fraction, over: left <= 0 };
}
