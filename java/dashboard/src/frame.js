// SPDX-License-Identifier: GPL-2.0
// Drawing after stream events: however many events arrive in a frame, one redraw.

/** Returns a function that runs `draw` at the next animation frame, once however often it is called before. */
export function oncePerFrame(draw) {
  let pending = false;
  return () => {
    if (pending) {
      return;
    }
    pending = true;
    requestAnimationFrame(() => {
      pending = false;
      draw();
    });
  };
}
