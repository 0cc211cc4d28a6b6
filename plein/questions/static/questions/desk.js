// The desk screen, enhanced: entries go into a queue in localStorage and are sent with fetch,
// so nothing is lost when the connection drops. Without this script the forms post as usual.
//
// Each user has an own queue per library (a shared browser never sends one worker's entries
// with another's session); entries the server refuses go to a visible "Niet opgeslagen" list
// where the worker corrects or discards them. Validation stays on the server.
(function () {
  "use strict";

  var RETRY_MS = 15000;
  var UNDO_MS = 10000;
  // A second click within this time after the first is taken as a double click.
  var DOUBLE_CLICK_MS = 800;
  // The button waits for the answer, but no longer than this: the entry is safe in the queue.
  var LONGEST_GUARD_MS = 5000;
  var PLACE_FIELDS = { branch: 1, desk: 1, channel: 1, csrfmiddlewaretoken: 1, client_user: 1 };
  var loginNeeded = false;
  var flushing = null;
  var guards = {};
  var config = null;

  function texts() {
    var el = document.getElementById("desk-texts");
    return el ? el.dataset : {};
  }

  function readConfig() {
    var el = document.getElementById("desk-config");
    if (!el || !el.dataset.user || !el.dataset.library) return null;
    var scope = el.dataset.library + ":" + el.dataset.user;
    return {
      user: el.dataset.user,
      queueKey: "plein-desk-queue:" + scope,
      refusedKey: "plein-desk-refused:" + scope,
      csrfUrl: el.dataset.csrfUrl,
      logoutUrl: el.dataset.logoutUrl,
    };
  }

  // --- storage: reported, never silently reset ---------------------------------------------

  var frozen = {};

  function warn(message) {
    var el = document.getElementById("desk-warning");
    if (!el) return;
    var shown = Array.prototype.some.call(el.children, function (p) {
      return p.textContent === message;
    });
    if (shown) return;
    var line = document.createElement("p");
    line.className = "utrecht-paragraph";
    line.textContent = message;
    el.appendChild(line);
    el.hidden = false;
  }

  function readList(key) {
    var raw = localStorage.getItem(key);
    if (!raw) return [];
    try {
      var list = JSON.parse(raw);
      if (Array.isArray(list)) return list;
    } catch (e) { /* reported below */ }
    if (frozen[key]) return [];
    // Keep the damaged text aside under its own key, say so, and go on with an empty list.
    var backup = key + ":beschadigd:" + new Date().toISOString();
    try {
      localStorage.setItem(backup, raw);
      localStorage.removeItem(key);
    } catch (e) {
      frozen[key] = true;  // could not set it aside: leave it where it is, write nothing over it
      backup = key;
    }
    warn(texts().corrupt + " " + backup + ". " + texts().corruptHint);
    return [];
  }

  function writeList(key, list) {
    if (frozen[key]) {
      warn(texts().storageFull);
      return false;
    }
    try {
      localStorage.setItem(key, JSON.stringify(list));
    } catch (e) {
      warn(texts().storageFull);
      return false;
    }
    return true;
  }

  function readQueue() { return readList(config.queueKey); }
  function readRefused() { return readList(config.refusedKey); }

  function writeQueue(queue) {
    var written = writeList(config.queueKey, queue);
    showCount();
    return written;
  }

  function writeRefused(list) {
    var written = writeList(config.refusedKey, list);
    renderRefused();
    return written;
  }

  function withoutKey(list, key) {
    return list.filter(function (e) { return e.key !== key; });
  }

  function pendingCount() {
    return readQueue().length + readRefused().length;
  }

  function showCount() {
    var count = readQueue().length;
    var el = document.getElementById("desk-queue");
    if (el) el.textContent = count ? count + " " + texts().waiting : "";
    showLogoutCount();
  }

  function newKey() {
    if (window.crypto && crypto.randomUUID) return crypto.randomUUID();
    var bytes = crypto.getRandomValues(new Uint8Array(16));
    bytes[6] = (bytes[6] & 0x0f) | 0x40;
    bytes[8] = (bytes[8] & 0x3f) | 0x80;
    var hex = Array.prototype.map.call(bytes, function (b) {
      return ("0" + b.toString(16)).slice(-2);
    }).join("");
    return hex.replace(/^(.{8})(.{4})(.{4})(.{4})(.{12})$/, "$1-$2-$3-$4-$5");
  }

  function csrfToken() {
    var input = document.querySelector("input[name=csrfmiddlewaretoken]");
    return input ? input.value : "";
  }

  function say(message, undoUrl) {
    var live = document.getElementById("desk-live");
    if (!live) return;
    live.textContent = message;
    if (undoUrl) {
      var button = document.createElement("button");
      button.type = "button";
      button.className = "utrecht-button utrecht-button--secondary-action";
      button.textContent = texts().undo;
      button.addEventListener("click", function () { undo(undoUrl); });
      live.appendChild(document.createTextNode(" "));
      live.appendChild(button);
      setTimeout(function () { if (button.isConnected) button.remove(); }, UNDO_MS);
    }
  }

  // --- entries ------------------------------------------------------------------------------

  // One key per intended entry: the form's own key (new when the form is reset), not per click.
  function entryFrom(form, submitter) {
    var data = new FormData(form, submitter || undefined);
    var fields = [];
    var key = data.get("idempotency_key") || newKey();
    var madeAt = data.get("client_made_at") || new Date().toISOString();
    data.forEach(function (value, name) {
      if (name !== "csrfmiddlewaretoken" && name !== "idempotency_key" &&
          name !== "client_made_at" && name !== "client_user") fields.push([name, value]);
    });
    fields.push(["idempotency_key", key]);
    fields.push(["client_user", config.user]);
    // The device's clock when it happened; the server corrects it by the device's measured skew.
    fields.push(["client_made_at", madeAt]);
    return { key: key, url: form.action, fields: fields, user: config.user };
  }

  function post(url, fields) {
    return fetch(url, {
      method: "POST",
      body: new URLSearchParams(fields),
      credentials: "same-origin",
      headers: { Accept: "application/json", "X-CSRFToken": csrfToken() },
    });
  }

  function answerOf(response) {
    return response.json().catch(function () { return {}; });
  }

  function errorText(errors) {
    var parts = [];
    Object.keys(errors || {}).forEach(function (name) { parts = parts.concat(errors[name]); });
    return texts().failed + " " + parts.join(" ");
  }

  // A stale CSRF token (a login in another tab, a cleared cookie): fetch a fresh one.
  function refreshToken() {
    return fetch(config.csrfUrl, {
      credentials: "same-origin", headers: { Accept: "application/json" },
    }).then(function (response) {
      if (response.status === 401) return "login";
      if (!response.ok) return "fail";
      return response.json().then(function (answer) {
        document.querySelectorAll("input[name=csrfmiddlewaretoken]").forEach(function (input) {
          input.value = answer.token;
        });
        return "ok";
      });
    }).catch(function () { return "fail"; });
  }

  // Refused only because the note looked like a name: the worker may confirm and send it.
  function onlyLikelyName(answer) {
    var codes = answer.codes || {};
    var names = Object.keys(answer.errors || {});
    return names.length === 1 && names[0] === "note" && (codes.note || []).length === 1 &&
      codes.note[0] === "likely_name";
  }

  function refuse(entry, answer) {
    var refused = withoutKey(readRefused(), entry.key);
    refused.push({ key: entry.key, url: entry.url, fields: entry.fields, user: entry.user,
                   errors: answer.errors || {}, reason: errorText(answer.errors),
                   onlyName: onlyLikelyName(answer) });
    // Into the refused list first, out of the queue after: never in neither.
    if (!writeRefused(refused)) return false;
    writeQueue(withoutKey(readQueue(), entry.key));
    return true;
  }

  // Send one entry; "next" when it is settled (stored or refused), "stop" to keep it waiting.
  function send(entry, mayRefresh) {
    var fields = entry.fields.concat([["client_now", new Date().toISOString()]]);
    return post(entry.url, fields).then(function (response) {
      return answerOf(response).then(function (answer) {
        loginNeeded = response.status === 401;
        if (loginNeeded) {
          say(texts().login);
          return "stop";
        }
        if (response.status === 403 && answer.csrf && mayRefresh) {
          return refreshToken().then(function (result) {
            if (result === "ok") return send(entry, false);
            loginNeeded = result === "login";
            say(loginNeeded ? texts().login : answer.error);
            return "stop";
          });
        }
        if (answer.ok) {
          writeQueue(withoutKey(readQueue(), entry.key));
          say(answer.created ? texts().saved : texts().savedAgain, answer.created && answer.undo_url);
          tallyDone(entry);
          return "next";
        }
        if (response.status === 400 && answer.errors) {
          say(errorText(answer.errors));
          tallyUnbump(entry);
          return refuse(entry, answer) ? "next" : "stop";
        }
        // Another user's entry (409), no permission, a server error: keep it and say why.
        say(answer.error || texts().serverError);
        return "stop";
      });
    }).catch(function () {
      return "stop";
    });
  }

  // Send waiting entries in order. Stops at a network error or an expired session, keeping
  // the rest; an entry the server refuses (400) moves to the "Niet opgeslagen" list.
  function flush() {
    if (!config) return Promise.resolve();
    if (flushing) return flushing;
    var queue = readQueue();
    if (!queue.length) { showCount(); return Promise.resolve(); }
    flushing = send(queue[0], true).then(function (next) {
      flushing = null;
      showCount();
      if (next === "next") {
        if (readQueue().length) return flush();
        refresh();
      }
    });
    return flushing;
  }

  function undo(url) {
    post(url, []).then(answerOf).then(function (answer) {
      say(answer.ok ? texts().undone : (answer.error || errorText(answer.errors)));
      refresh();
    }).catch(function () { say(texts().failed); });
  }

  // Today's list and the "same as previous" button, fresh from the server.
  function refresh() {
    var desk = document.querySelector("[data-desk]");
    if (!desk) return;
    fetch(desk.dataset.todayUrl, { credentials: "same-origin" }).then(function (response) {
      return response.ok ? response.text() : null;
    }).then(function (html) {
      if (!html) return;
      var doc = new DOMParser().parseFromString(html, "text/html");
      ["desk-repeat", "desk-today"].forEach(function (id) {
        var fresh = doc.getElementById(id);
        var current = document.getElementById(id);
        if (fresh && current) current.replaceWith(fresh);
      });
    }).catch(function () {});
  }

  // Tally tiles count up at once, and down again if the entry is refused.
  var pendingTally = {};
  function tallyBump(entry, submitter) {
    if (!submitter || !submitter.querySelector("[data-count]")) return;
    var count = submitter.querySelector("[data-count]");
    count.textContent = String(Number(count.textContent) + 1);
    pendingTally[entry.key] = count;
  }
  function tallyDone(entry) { delete pendingTally[entry.key]; }
  function tallyUnbump(entry) {
    var count = pendingTally[entry.key];
    if (count) count.textContent = String(Math.max(0, Number(count.textContent) - 1));
    tallyDone(entry);
  }

  function setHidden(form, name, value) {
    var input = form.querySelector("input[type=hidden][name=" + name + "]");
    if (input) input.value = value;
  }

  function resetMain(form) {
    form.reset();
    // A reset returns to the state the page was rendered in; start a new question clean.
    form.querySelectorAll("input[type=checkbox], input[type=radio]").forEach(function (input) {
      input.checked = input.value === "" && input.type === "radio";
    });
    form.querySelectorAll("select").forEach(function (select) { select.selectedIndex = 0; });
    form.querySelectorAll("input[type=text], input[type=datetime-local], input[type=search]")
      .forEach(function (input) { input.value = ""; });
    form.querySelectorAll("details").forEach(function (details) { details.open = false; });
    setHidden(form, "idempotency_key", newKey());
    setHidden(form, "client_made_at", "");
    updateReferral(form);
  }

  // --- double clicks: the second click of an entry under way is not a new entry -------------

  function guarded(form) {
    var guard = guards[form.action];
    return guard && (guard.busy || Date.now() < guard.until);
  }

  function guard(form, submitter) {
    var button = submitter || form.querySelector("button[type=submit]");
    var state = { busy: true, until: Date.now() + DOUBLE_CLICK_MS };
    guards[form.action] = state;
    if (button) button.disabled = true;
    var released = false;
    function release() {
      if (released) return;
      released = true;
      setTimeout(function () {
        state.busy = false;
        // The repeat form may have been replaced by a fresh one meanwhile (with its own key).
        if (button) button.disabled = false;
        if (button && button.isConnected && !form.matches("[data-desk-main]")) {
          setHidden(form, "idempotency_key", newKey());
        }
      }, Math.max(0, state.until - Date.now()));
    }
    setTimeout(release, LONGEST_GUARD_MS);
    return release;
  }

  function onSubmit(event) {
    var form = event.target;
    if (!form.matches) return;
    if (config.logoutUrl && form.matches("form[action='" + config.logoutUrl + "']")) {
      onLogout(event, form);
      return;
    }
    if (!form.matches("form[data-desk-queue]")) return;
    event.preventDefault();
    var tally = form.matches("[data-desk-tally]");
    if (!tally && guarded(form)) return;
    var entry = entryFrom(form, event.submitter);
    var queue = readQueue();
    queue.push(entry);
    // Storage full: the entry stays in the form and the worker is told (writeList warns).
    if (!writeQueue(queue)) return;
    var release = tally ? null : guard(form, event.submitter);
    if (tally) setHidden(form, "idempotency_key", newKey());  // every tap is a new entry
    tallyBump(entry, event.submitter);
    if (form.matches("[data-desk-main]")) resetMain(form);
    flush().then(function () {
      if (release) release();
      var waiting = readQueue().some(function (e) { return e.key === entry.key; });
      if (waiting && !loginNeeded) say(texts().queued);
    });
  }

  // --- "Niet opgeslagen": refused entries, corrected or discarded on purpose ----------------

  function labelOf(name, value) {
    var main = document.querySelector("form[data-desk-main]");
    if (!main) return "";
    var input = main.querySelector("input[name=" + name + "][value='" + value + "']");
    if (input && input.labels && input.labels.length) return input.labels[0].textContent.trim();
    var option = main.querySelector("select[name=" + name + "] option[value='" + value + "']");
    return option ? option.textContent.trim() : "";
  }

  function summary(entry) {
    var parts = [];
    var madeAt = "";
    entry.fields.forEach(function (pair) {
      if (pair[0] === "client_made_at") madeAt = pair[1];
      else if (["topics", "other_topic", "outcome", "referred_organization"].indexOf(pair[0]) >= 0 &&
               pair[1]) {
        var label = labelOf(pair[0], pair[1]).replace(/^\d\s+/, "");
        if (label) parts.push(label);
      }
    });
    var when = madeAt ? new Date(madeAt).toLocaleTimeString("nl-NL", { hour: "2-digit", minute: "2-digit" }) : "";
    return (parts.join(", ") || "–") + (when ? " (" + texts().madeAt + " " + when + ")" : "");
  }

  function actionButton(text, handler) {
    var button = document.createElement("button");
    button.type = "button";
    button.className = "utrecht-button utrecht-button--secondary-action";
    button.textContent = text;
    button.addEventListener("click", handler);
    return button;
  }

  function renderRefused() {
    var section = document.getElementById("desk-refused");
    var list = document.getElementById("desk-refused-list");
    if (!section || !list) return;
    var refused = readList(config.refusedKey);
    var main = document.querySelector("form[data-desk-main]");
    list.textContent = "";
    refused.forEach(function (entry) {
      var item = document.createElement("li");
      item.className = "desk-refused__item";
      var what = document.createElement("strong");
      what.textContent = summary(entry);
      var reason = document.createElement("p");
      reason.className = "utrecht-paragraph desk-error";
      reason.textContent = entry.reason;
      item.appendChild(what);
      item.appendChild(reason);
      if (main && entry.url === main.action) {
        item.appendChild(actionButton(texts().correct, function () { correct(entry.key); }));
      } else {
        item.appendChild(actionButton(texts().resend, function () { resend(entry.key); }));
      }
      if (entry.onlyName) {
        item.appendChild(document.createTextNode(" "));
        item.appendChild(actionButton(texts().keepName, function () { keepName(entry.key); }));
      }
      item.appendChild(document.createTextNode(" "));
      item.appendChild(actionButton(texts().discard, function () { discard(entry.key); }));
      list.appendChild(item);
    });
    section.hidden = refused.length === 0;
    showLogoutCount();
  }

  function takeRefused(key) {
    var entry = readRefused().filter(function (e) { return e.key === key; })[0];
    return entry || null;
  }

  // Back into the form as it was entered (at the device's present place), same key and moment.
  function correct(key) {
    var main = document.querySelector("form[data-desk-main]");
    var entry = takeRefused(key);
    if (!main || !entry) return;
    resetMain(main);
    entry.fields.forEach(function (pair) {
      var name = pair[0], value = pair[1];
      if (PLACE_FIELDS[name] || name === "mode") return;
      if (name === "idempotency_key" || name === "client_made_at") {
        if (!(name === "idempotency_key" && entry.errors.idempotency_key)) setHidden(main, name, value);
        return;
      }
      main.querySelectorAll("[name=" + name + "]").forEach(function (input) {
        if (input.type === "checkbox" || input.type === "radio") {
          if (input.value === value) input.checked = true;
        } else if (input.type !== "hidden") {
          input.value = value;
        }
        var details = input.closest("details");
        if (details && value) details.open = true;
      });
    });
    updateReferral(main);
    writeRefused(withoutKey(readRefused(), key));
    say(texts().loaded);
    main.scrollIntoView();
    var first = main.querySelector("input:not([type=hidden])");
    if (first) first.focus();
  }

  // "Toch opslaan": the same entry again, with the worker's confirmation that it is no name.
  function keepName(key) {
    resend(key, [["note_names_confirmed", "on"]]);
  }

  function resend(key, extra) {
    var entry = takeRefused(key);
    if (!entry) return;
    var queue = readQueue();
    var fields = entry.fields.concat(extra || []);
    queue.push({ key: entry.key, url: entry.url, fields: fields, user: entry.user });
    if (!writeQueue(queue)) return;
    writeRefused(withoutKey(readRefused(), key));
    flush();
  }

  function discard(key) {
    if (!window.confirm(texts().discardConfirm)) return;
    writeRefused(withoutKey(readRefused(), key));
    say(texts().discarded);
  }

  // --- logout with entries waiting: say so, offer to send them first -------------------------

  function logoutButton() {
    if (!config.logoutUrl) return null;
    var form = document.querySelector("form[action='" + config.logoutUrl + "']");
    return form ? form.querySelector("button[type=submit]") : null;
  }

  function showLogoutCount() {
    var button = logoutButton();
    if (!button) return;
    var badge = button.querySelector(".desk-logout-count");
    var count = pendingCount();
    if (!count) {
      if (badge) badge.remove();
      return;
    }
    if (!badge) {
      badge = document.createElement("span");
      badge.className = "desk-logout-count";
      button.appendChild(badge);
    }
    badge.textContent = " – " + count + " " + texts().waiting;
  }

  function onLogout(event, form) {
    if (!pendingCount()) return;
    event.preventDefault();
    var panel = document.getElementById("desk-logout");
    var text = document.getElementById("desk-logout-text");
    text.textContent = texts().logoutWaiting + " " + pendingCount() + ". " + texts().logoutHint;
    panel.hidden = false;
    panel.querySelector("[data-logout-anyway]").onclick = function () { form.submit(); };
    panel.querySelector("[data-logout-send]").onclick = function () {
      flush().then(function () {
        if (!pendingCount()) {
          form.submit();
        } else {
          text.textContent = readQueue().length ? texts().logoutOffline : texts().logoutRefused;
        }
      });
    };
    panel.querySelector("[data-logout-send]").focus();
  }

// --- referral targets follow the chosen outcome and topics --------------------------------

  function updateReferral(form) {
    var fieldset = document.getElementById("desk-referral");
    if (!fieldset || !form) return;
    var outcome = form.querySelector("input[name=outcome]:checked");
    var referred = outcome && outcome.dataset.kind === fieldset.dataset.referredKind;
    var chosenTarget = fieldset.querySelector("input[name=referred_organization]:checked");
    fieldset.hidden = !referred && !(chosenTarget && chosenTarget.value);
    var chosen = {};
    form.querySelectorAll("input[name=topics]:checked").forEach(function (input) {
      chosen[input.value] = true;
    });
    var other = form.querySelector("select[name=other_topic]");
    if (other && other.value) chosen[other.value] = true;
    fieldset.querySelectorAll(".desk-tile[data-topics]").forEach(function (tile) {
      var input = tile.querySelector("input");
      var matches = tile.dataset.topics.split(" ").some(function (id) { return chosen[id]; });
      tile.hidden = !(matches || tile.hasAttribute("data-always") || input.checked);
    });
  }

  function filterOrganizations(input) {
    var select = document.getElementById(input.dataset.filters);
    var words = input.value.toLowerCase().trim();
    Array.prototype.forEach.call(select.options, function (option) {
      option.hidden = option.value !== "" && words !== "" &&
        option.textContent.toLowerCase().indexOf(words) === -1;
    });
  }

  // --- keyboard: 1-9 choose a tile, Enter saves ----------------------------------------------

  function typing(target) {
    return target.matches("textarea, select, input:not([type=checkbox]):not([type=radio])");
  }

  function onKey(event) {
    if (event.altKey || event.ctrlKey || event.metaKey || typing(event.target)) return;
    var form = document.querySelector("form[data-desk-main], form[data-desk-tally]");
    if (!form) return;
    if (/^[1-9]$/.test(event.key)) {
      var tile = form.querySelector("[data-shortcut='" + event.key + "']");
      if (tile) {
        event.preventDefault();
        tile.click();
        if (tile.type === "checkbox") tile.focus();
      }
    } else if (event.key === "Enter" && form.matches("[data-desk-main]") &&
               (event.target === document.body || event.target.matches("input[type=checkbox], input[type=radio]"))) {
      event.preventDefault();
      form.requestSubmit();
    }
  }

  function start() {
    var main = document.querySelector("form[data-desk-main]");
    if (main) {
      main.addEventListener("change", function () { updateReferral(main); });
      updateReferral(main);
    }
    var filter = document.getElementById("desk-org-filter");
    if (filter) {
      filter.hidden = false;
      filter.addEventListener("input", function () { filterOrganizations(filter); });
    }
    document.addEventListener("keydown", onKey);
    config = readConfig();
    if (!config) return;  // without a user to file entries under, the forms post as usual
    document.addEventListener("submit", onSubmit);
    window.addEventListener("online", flush);
    setInterval(flush, RETRY_MS);
    renderRefused();
    showCount();
    reportUnowned();
    flush();
  }

  // The single shared queue of earlier versions: whose entries they are is unknown, so they
  // are never sent with this session; they stay where they are and the worker is told.
  function reportUnowned() {
    var raw = localStorage.getItem("plein-desk-queue");
    if (!raw || raw === "[]") return;
    warn(texts().unowned);
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
