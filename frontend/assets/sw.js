// Posthorn's service worker: the versioned app shell, served cache-first so the app opens offline.
//
// The build (frontend/sw-precache.sh, a Trunk post_build hook) replaces the BUILD line below with
// the version (a hash of every shell file and of this script) and the list of shell files. One
// cache per version, and only this version's cache is ever read: an old page and a new deployment
// never mix. A new worker waits until the page asks it to take over (the app's "Reload" bar).
//
// Nothing but the shell is cached: the relay (/ws), discovery, health and metrics, and anything
// from another origin always go to the network.

const BUILD = { version: "dev", shell: [] };

const CACHE_PREFIX = "posthorn-shell-";
const CACHE = CACHE_PREFIX + BUILD.version;
const NEVER_CACHED = ["/ws", "/discover", "/healthz", "/metrics"];
// Without the build step there is no list to cache: pass everything through.
const ENABLED = BUILD.version !== "dev" && BUILD.shell.length > 0;

self.addEventListener("install", (event) => {
  if (!ENABLED) return;
  event.waitUntil(precache());
});

self.addEventListener("activate", (event) => {
  event.waitUntil(
    (async () => {
      const names = await caches.keys();
      await Promise.all(
        names.filter((name) => name.startsWith(CACHE_PREFIX) && name !== CACHE).map((name) => caches.delete(name)),
      );
      // The first install takes over the page that registered it, so it works offline at once.
      await self.clients.claim();
    })(),
  );
});

self.addEventListener("message", (event) => {
  if (event.data && event.data.type === "SKIP_WAITING") self.skipWaiting();
});

self.addEventListener("fetch", (event) => {
  if (!ENABLED) return;
  const request = event.request;
  if (request.method !== "GET") return;
  const url = new URL(request.url);
  if (url.origin !== self.location.origin) return;
  if (NEVER_CACHED.some((path) => url.pathname === path || url.pathname.startsWith(path + "/"))) return;
  if (request.mode === "navigate") {
    // Every page of the app is the same shell (it routes on the client).
    event.respondWith(fromShell("/index.html", request));
  } else if (BUILD.shell.includes(url.pathname)) {
    event.respondWith(fromShell(url.pathname, request));
  }
  // Anything else is not part of this version: the network answers, nothing is stored.
});

async function fromShell(path, request) {
  const cache = await caches.open(CACHE);
  const cached = await cache.match(path);
  return cached || fetch(request);
}

async function precache() {
  const cache = await caches.open(CACHE);
  // "reload" skips the HTTP cache: the files must be the ones this version was built with.
  const responses = await Promise.all(
    BUILD.shell.map(async (path) => {
      const response = await fetch(new Request(path, { cache: "reload", credentials: "same-origin" }));
      if (!response.ok) throw new Error(`precaching ${path}: HTTP ${response.status}`);
      return [path, response];
    }),
  );
  // A deployment that happened between this script and the files would pair a new index.html with
  // old assets: refuse to install rather than cache a mix.
  const index = responses.find(([path]) => path === "/index.html");
  if (!index) throw new Error("the shell has no /index.html");
  const html = await index[1].clone().text();
  for (const [, reference] of html.matchAll(/["'](\/[^"'\s]+\.(?:js|wasm|css))["']/g)) {
    if (!BUILD.shell.includes(reference)) throw new Error(`index.html references ${reference}, not in this version`);
  }
  await Promise.all(responses.map(([path, response]) => cache.put(path, response)));
}
