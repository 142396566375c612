// The two things that sit above every screen: the connection banner
// ("Reconnecting…") and the error box, both announced to screen readers.

import { fill, h } from './dom.js';

export class Notices {
  constructor(connectionEl, alertEl, { onRetry } = {}) {
    this.connectionEl = connectionEl;
    this.alertEl = alertEl;
    this.onRetry = onRetry;
    this.alertTimer = null;
  }

  /// Shows the link's state while it is not open; hides it once it is.
  connection(status) {
    const el = this.connectionEl;
    if (status.state === 'reconnecting') {
      const tries = status.attempt > 1 ? ` (try ${status.attempt})` : '';
      fill(
        el,
        h('span', { class: 'connection-text' }, `${status.words || 'Connection lost. Reconnecting…'}${tries}`),
        this.onRetry ? h('button', { type: 'button', class: 'button button-small', on: { click: this.onRetry } }, 'Try now') : null,
      );
      el.classList.add('is-visible');
    } else if (status.state === 'connecting') {
      fill(el, h('span', { class: 'connection-text' }, 'Connecting…'));
      el.classList.add('is-visible');
    } else {
      fill(el);
      el.classList.remove('is-visible');
    }
  }

  /// {title, detail} in the alert box, until dismissed or `ms` pass.
  error({ title, detail }, ms = 10000) {
    clearTimeout(this.alertTimer);
    fill(
      this.alertEl,
      h(
        'div',
        { class: 'alert-box' },
        h('p', { class: 'alert-title' }, title),
        detail ? h('p', { class: 'alert-detail' }, detail) : null,
        h('button', { type: 'button', class: 'alert-close', 'aria-label': 'Dismiss this message', on: { click: () => this.clear() } }, '×'),
      ),
    );
    this.alertEl.classList.add('is-visible');
    if (ms > 0) this.alertTimer = setTimeout(() => this.clear(), ms);
  }

  clear() {
    clearTimeout(this.alertTimer);
    fill(this.alertEl);
    this.alertEl.classList.remove('is-visible');
  }
}
