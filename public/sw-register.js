// Registers sw.js: once seen online, the app opens offline too. Where the
// browser has no service workers, or refuses one (some private windows, a
// portal's sandboxed frame, where even asking throws), the app runs as it
// always did.
addEventListener('load', () => {
  try {
    navigator.serviceWorker.register('sw.js').catch(() => {});
  } catch (refused) {
    // No service worker here: nothing is lost but opening offline.
  }
});
