// The loading screen's script: Trunk's initializer for the app's WebAssembly (index.html,
// `data-initializer`). Trunk streams the module through it, so the screen in index.html (#boot)
// shows how much has arrived; once the app mounts it removes the screen (frontend/src/boot.rs).
// If the module cannot be fetched or started, it says why in plain words, in the language the
// app would use (frontend/src/i18n.rs: the one picked in the settings, else the browser's), and
// offers to try again. Plain JavaScript on purpose: it has to work where the app does not.

const WORDS = {
  en: {
    loading: "Loading Posthorn…",
    arrived: (current, total) => `${current} of ${total} KB`,
    stalled: (seconds) => `Still loading: nothing has arrived for ${seconds} seconds.`,
    offline: "Posthorn could not start: this device is offline, and the app has not been saved for offline use yet. Connect and try again.",
    status: (status) => `Posthorn could not start: the server answered ${status} when asked for the app's code. Whoever runs this server may be updating it; try again in a moment.`,
    unreachable: "Posthorn could not start: the server stopped answering while the app was loading. Check the connection and try again.",
    noWasm: "Posthorn could not start: this browser cannot run WebAssembly. Use a current version of Firefox, Chrome, Edge or Safari.",
    failed: (detail) => `Posthorn could not start: its code arrived damaged, or this browser cannot run it. Try again; if that does not help, use a current version of Firefox, Chrome, Edge or Safari. (Details: ${detail})`,
    retry: "Try again",
  },
  de: {
    loading: "Posthorn wird geladen …",
    arrived: (current, total) => `${current} von ${total} KB`,
    stalled: (seconds) => `Lädt noch: seit ${seconds} Sekunden ist nichts mehr angekommen.`,
    offline: "Posthorn konnte nicht starten: Dieses Gerät ist offline, und die App ist noch nicht für die Offline-Nutzung gespeichert. Verbinden Sie sich und versuchen Sie es erneut.",
    status: (status) => `Posthorn konnte nicht starten: Der Server antwortete ${status} auf die Anfrage nach dem Code der App. Vielleicht wird er gerade aktualisiert; versuchen Sie es gleich noch einmal.`,
    unreachable: "Posthorn konnte nicht starten: Der Server hat während des Ladens aufgehört zu antworten. Prüfen Sie die Verbindung und versuchen Sie es erneut.",
    noWasm: "Posthorn konnte nicht starten: Dieser Browser kann kein WebAssembly ausführen. Nutzen Sie eine aktuelle Version von Firefox, Chrome, Edge oder Safari.",
    failed: (detail) => `Posthorn konnte nicht starten: Der Code der App kam beschädigt an, oder dieser Browser kann ihn nicht ausführen. Versuchen Sie es erneut; hilft das nicht, nutzen Sie eine aktuelle Version von Firefox, Chrome, Edge oder Safari. (Details: ${detail})`,
    retry: "Erneut versuchen",
  },
};

/// Seconds without a byte before the screen says the download has stalled.
const STALL_SECONDS = 10;

/// The app's language for this page load, chosen as frontend/src/i18n.rs chooses it.
function language() {
  const spoken = (tag) => {
    const primary = String(tag || "").split("-")[0].toLowerCase();
    return primary in WORDS ? primary : null;
  };
  let chosen = null;
  try {
    chosen = spoken(localStorage.getItem("posthorn.locale"));
  } catch (_) {
    // Storage refused (a private window in some browsers): follow the browser.
  }
  return chosen || (navigator.languages || [navigator.language]).map(spoken).find(Boolean) || "en";
}

/// The theme picked in the settings (frontend/src/settings.rs), so the screen does not flash.
function applyTheme() {
  try {
    const theme = localStorage.getItem("posthorn.theme");
    if (theme === "light" || theme === "dark") document.documentElement.dataset.theme = theme;
  } catch (_) {
    // As above: the system's theme applies.
  }
}

/// Why the module did not start, in the person's words.
async function explain(words, reason) {
  if (typeof WebAssembly !== "object") return words.noWasm;
  if (!navigator.onLine) return words.offline;
  const link = document.querySelector('link[rel="preload"][as="fetch"]');
  if (link) {
    try {
      const response = await fetch(link.href, { method: "HEAD", cache: "no-store" });
      if (!response.ok) return words.status(`${response.status} ${response.statusText}`.trim());
    } catch (_) {
      return words.unreachable;
    }
  }
  return words.failed(reason && reason.message ? reason.message : String(reason));
}

export default function initializer() {
  const lang = language();
  const words = WORDS[lang];
  document.documentElement.lang = lang;
  applyTheme();
  const boot = document.getElementById("boot");
  const progress = boot && boot.querySelector("progress");
  const status = boot && boot.querySelector(".boot-status");
  const amount = boot && boot.querySelector(".boot-amount");
  const retry = document.createElement("button");
  retry.type = "button";
  retry.className = "primary";
  retry.textContent = words.retry;
  retry.addEventListener("click", () => location.reload());
  let stall = null;
  const watch = () => {
    clearTimeout(stall);
    stall = setTimeout(() => {
      if (status) status.textContent = words.stalled(STALL_SECONDS);
      if (boot && !retry.isConnected) boot.append(retry);
    }, STALL_SECONDS * 1000);
  };
  const kb = (bytes) => Math.round(bytes / 1024).toLocaleString(lang);
  return {
    onStart() {
      if (status) status.textContent = words.loading;
      watch();
    },
    onProgress({ current, total }) {
      if (progress && total > 0) {
        progress.max = total;
        progress.value = Math.min(current, total);
      }
      if (amount && total > 0) amount.textContent = words.arrived(kb(Math.min(current, total)), kb(total));
      if (status && status.textContent !== words.loading) status.textContent = words.loading;
      retry.remove();
      // All there: compiling and starting take no network, so no stall to watch for.
      if (current >= total) clearTimeout(stall);
      else watch();
    },
    onComplete() {
      clearTimeout(stall);
    },
    async onFailure(reason) {
      if (!boot) return;
      const text = await explain(words, reason);
      boot.classList.add("boot-failed");
      if (progress) progress.remove();
      if (amount) amount.remove();
      if (status) status.remove();
      const alert = document.createElement("p");
      alert.setAttribute("role", "alert");
      alert.dataset.testid = "boot-error";
      alert.textContent = text;
      boot.append(alert, retry);
      retry.focus();
    },
  };
}
