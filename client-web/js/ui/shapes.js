// The answer shapes: drawn as SVG so they need no font and no image file.

import { s } from './dom.js';

const PATHS = {
  triangle: () => s('polygon', { points: '50,8 94,88 6,88' }),
  diamond: () => s('polygon', { points: '50,4 96,50 50,96 4,50' }),
  circle: () => s('circle', { cx: 50, cy: 50, r: 44 }),
  square: () => s('rect', { x: 10, y: 10, width: 80, height: 80 }),
  star: () => s('polygon', { points: '50,5 61,38 95,38 67,58 78,92 50,71 22,92 33,58 5,38 39,38' }),
  hexagon: () => s('polygon', { points: '27,7 73,7 96,50 73,93 27,93 4,50' }),
};

/// The shape as a decorative icon (its name is given in text next to it).
export function shapeIcon(shape, extraClass = '') {
  return s(
    'svg',
    { class: `shape ${extraClass}`.trim(), viewBox: '0 0 100 100', 'aria-hidden': 'true', focusable: 'false' },
    (PATHS[shape] ?? PATHS.square)(),
  );
}

/// A tick or a cross.
export function markIcon(ok) {
  return s(
    'svg',
    { class: `mark ${ok ? 'mark-ok' : 'mark-no'}`, viewBox: '0 0 24 24', 'aria-hidden': 'true', focusable: 'false' },
    ok
      ? s('path', { d: 'M4 12.5l5 5L20 6.5', fill: 'none', 'stroke-width': 3.2, 'stroke-linecap': 'round', 'stroke-linejoin': 'round' })
      : s('path', { d: 'M6 6l12 12M18 6L6 18', fill: 'none', 'stroke-width': 3.2, 'stroke-linecap': 'round' }),
  );
}
