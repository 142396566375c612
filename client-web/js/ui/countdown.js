// A countdown against the server's deadline: a number, a shrinking bar, and
// a live region that speaks at 10 and 5 seconds and when time is up (a
// screen reader reading every second would drown everything else).

import { countdown } from '../clock.js';
import { h, setText } from './dom.js';

const SPOKEN_AT = new Set([10, 5]);

export class CountdownView {
  constructor(clock, { size = 'big' } = {}) {
    this.clock = clock;
    this.number = h('span', { class: 'countdown-number', 'aria-hidden': 'true' });
    this.fillEl = h('span', { class: 'countdown-fill' });
    this.spoken = h('span', { class: 'visually-hidden', role: 'status', 'aria-live': 'polite' });
    this.el = h(
      'div',
      { class: ['countdown', `countdown-${size}`] },
      h('span', { class: 'countdown-label visually-hidden' }, 'Time left'),
      this.number,
      h('span', { class: 'countdown-track', 'aria-hidden': 'true' }, this.fillEl),
      this.spoken,
    );
    this.timing = null;
    this.lastSecond = null;
    this.timer = setInterval(() => this.tick(), 200);
  }

  /// {deadline, remainingMs, paused, limitMs} from the view.
  set(timing) {
    this.timing = timing;
    this.tick();
  }

  tick() {
    if (!this.timing) return;
    const c = countdown(this.timing, this.clock, Date.now());
    setText(this.number, this.timing.paused ? `${c.seconds}` : `${c.seconds}`);
    this.fillEl.style.width = `${(c.fraction * 100).toFixed(2)}%`;
    this.el.classList.toggle('is-urgent', !c.over && c.seconds <= 5);
    this.el.classList.toggle('is-over', c.over);
    this.el.classList.toggle('is-paused', Boolean(this.timing.paused));
    if (c.seconds !== this.lastSecond) {
      if (this.lastSecond !== null) {
        if (SPOKEN_AT.has(c.seconds) && !this.timing.paused) setText(this.spoken, `${c.seconds} seconds left`);
        if (c.over) setText(this.spoken, "Time's up");
      }
      this.lastSecond = c.seconds;
    }
  }

  destroy() {
    clearInterval(this.timer);
  }
}
