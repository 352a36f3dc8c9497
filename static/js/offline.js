/* Progressive enhancement: a service worker keeps visited pages readable offline (static/js/sw.js, served at /sw.js). */
if ("serviceWorker" in navigator) {
  window.addEventListener("load", () => {
    navigator.serviceWorker.register("/sw.js").catch(() => undefined);
  });
}
