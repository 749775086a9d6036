// Serambi's service worker. When the network drops, a thread page read recently is shown from this
// device (read-only, marked as a saved copy) and any other page gives the offline page.
const VERSION = {{ version|tojson }};
const SHELL = "serambi-shell-" + VERSION;
const PAGES = "serambi-pages";
const OFFLINE_URL = {{ offline_url|tojson }};
const SHELL_URLS = {{ shell_urls|tojson }};
const KEPT_PAGES = 20;
const THREAD_PAGE = /^\/forum\/t\/\d+(-[^/]*)?$/;

self.addEventListener("install", (event) => {
  event.waitUntil(caches.open(SHELL).then((cache) => Promise.all([
    cache.add(new Request(OFFLINE_URL, {credentials: "omit"})),
    cache.addAll(SHELL_URLS),
  ])).then(() => self.skipWaiting()));
});

self.addEventListener("activate", (event) => {
  event.waitUntil(caches.keys()
    .then((names) => Promise.all(names.filter((name) => name.startsWith("serambi-shell-") && name !== SHELL)
      .map((name) => caches.delete(name))))
    .then(() => self.clients.claim()));
});

self.addEventListener("fetch", (event) => {
  const request = event.request;
  const url = new URL(request.url);
  if (request.method !== "GET" || url.origin !== self.location.origin) return;
  if (request.mode === "navigate") {
    event.respondWith(navigate(event, url));
  } else if (SHELL_URLS.includes(url.pathname + url.search)) {
    event.respondWith(caches.match(request, {cacheName: SHELL}).then((kept) => kept || fetch(request)));
  }
});

async function navigate(event, url) {
  try {
    const response = await fetch(event.request);
    if (THREAD_PAGE.test(url.pathname) && response.status === 200 && !response.redirected) {
      event.waitUntil(keep(url.href, response.clone()));
    }
    return response;
  } catch (networkError) {
    const kept = await caches.match(url.href, {cacheName: PAGES});
    return kept ? savedCopy(kept) : caches.match(OFFLINE_URL, {cacheName: SHELL});
  }
}

async function keep(key, response) {
  const cache = await caches.open(PAGES);
  await cache.delete(key);  // so that the order of the keys is the order of the visits
  await cache.put(key, response);
  const keys = await cache.keys();
  await Promise.all(keys.slice(0, Math.max(0, keys.length - KEPT_PAGES)).map((old) => cache.delete(old)));
}

async function savedCopy(response) {
  // The page's script (webapp.js) reads this mark: it says so and turns the page's forms off.
  const html = (await response.text()).replace("<html ", "<html data-saved-copy ");
  return new Response(html, {headers: {"Content-Type": "text/html; charset=utf-8"}});
}

// Web Push (core/webpush.py): each message is {title, body, url, tag}; tapping it opens its page.
self.addEventListener("push", (event) => {
  const message = event.data ? event.data.json() : null;
  if (!message) return;
  event.waitUntil(self.registration.showNotification(message.title, {
    body: message.body, tag: message.tag, data: {url: message.url},
  }));
});

self.addEventListener("notificationclick", (event) => {
  event.notification.close();
  const url = new URL(event.notification.data.url, self.location.origin);
  if (url.origin !== self.location.origin) return;
  event.waitUntil(self.clients.matchAll({type: "window"}).then((windows) => {
    const open = windows.find((client) => client.url === url.href);
    return open ? open.focus() : self.clients.openWindow(url.href);
  }));
});
