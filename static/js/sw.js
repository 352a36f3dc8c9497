/* Keeps the pages a resident has opened readable without a connection.

   Pages (under /kk/, /ru/, /en/): from the network first; each one that
   arrives is kept, with the time it was saved. Without a connection the kept
   copy is shown, with a notice saying when it was saved (the page carries
   the notice, hidden, in its own language: includes/offline_notice.html).
   Static files: the kept copy at once, refreshed in the background.
   Nothing else is touched: the admin, forms that post, other sites. */

const PAGES = "pages-v1";
const FILES = "static-v1";
const KEEP_PAGES = 60;
const PAGE_PATH = /^\/(kk|ru|en)\//;
// Browsers' month names for these languages; Chromium has none for Kazakh,
// so a Kazakh page writes the date in figures, 02.12.2026, as Kazakhstan does.
const NAMED_MONTHS = { ru: "ru", en: "en-GB" };

self.addEventListener("install", () => self.skipWaiting());

self.addEventListener("activate", (event) => {
  event.waitUntil(
    caches
      .keys()
      .then((names) => Promise.all(names.filter((name) => ![PAGES, FILES].includes(name)).map((name) => caches.delete(name))))
      .then(() => self.clients.claim()),
  );
});

self.addEventListener("fetch", (event) => {
  const request = event.request;
  if (request.method !== "GET") return;
  const url = new URL(request.url);
  if (url.origin !== self.location.origin) return;
  if (request.mode === "navigate" && PAGE_PATH.test(url.pathname)) {
    event.respondWith(page(request));
  } else if (url.pathname.startsWith("/static/")) {
    event.respondWith(file(event));
  }
});

async function page(request) {
  let response;
  try {
    response = await fetch(request);
  } catch (offline) {
    const kept = await (await caches.open(PAGES)).match(request, { ignoreVary: true });
    if (!kept) throw offline;
    return withNotice(kept, new URL(request.url));
  }
  if (response.ok && (response.headers.get("Content-Type") || "").startsWith("text/html")) {
    await keep(request, response.clone());
  }
  return response;
}

async function keep(request, response) {
  const headers = new Headers(response.headers);
  headers.set("X-Saved-At", new Date().toISOString());
  const copy = new Response(await response.blob(), { status: response.status, statusText: response.statusText, headers });
  const cache = await caches.open(PAGES);
  await cache.delete(request, { ignoreVary: true });
  await cache.put(request, copy);
  const kept = await cache.keys();
  await Promise.all(kept.slice(0, Math.max(0, kept.length - KEEP_PAGES)).map((old) => cache.delete(old)));
}

async function withNotice(kept, url) {
  const saved = new Date(kept.headers.get("X-Saved-At"));
  const language = url.pathname.split("/")[1];
  const clock = { hour: "2-digit", minute: "2-digit", hourCycle: "h23", timeZone: "Asia/Almaty" };
  const named = NAMED_MONTHS[language];
  const words = named
    ? new Intl.DateTimeFormat(named, { year: "numeric", month: "long", day: "numeric", ...clock }).format(saved)
    : new Intl.DateTimeFormat("ru", { year: "numeric", month: "2-digit", day: "2-digit", ...clock }).format(saved);
  const html = (await kept.text())
    .replace("data-offline-notice hidden", "data-offline-notice")
    .replace("{saved}", `<time datetime="${saved.toISOString()}">${words}</time>`);
  const headers = new Headers(kept.headers);
  headers.delete("Content-Length");
  return new Response(html, { status: 200, headers });
}

async function file(event) {
  const cache = await caches.open(FILES);
  const kept = await cache.match(event.request);
  const fresh = fetch(event.request).then((response) => {
    if (response.ok) return cache.put(event.request, response.clone()).then(() => response);
    return response;
  });
  if (kept) {
    event.waitUntil(fresh.catch(() => undefined));
    return kept;
  }
  return fresh;
}
