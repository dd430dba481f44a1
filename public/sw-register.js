// Registers sw.js: once seen online, the app opens offline too. Where the
// browser has no service workers, or refuses one (some private windows and
// portals' frames), the app runs as it always did.
if ('serviceWorker' in navigator) {
  addEventListener('load', () => {
    navigator.serviceWorker.register('sw.js').catch(() => {});
  });
}
