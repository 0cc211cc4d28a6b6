// The desk screen, enhanced: entries go into a queue in localStorage and are sent with fetch,
// so nothing is lost when the connection drops. Without this script the forms post as usual.
(function () {
  "use strict";

  var QUEUE_KEY = "plein-desk-queue";
  var RETRY_MS = 15000;
  var UNDO_MS = 10000;
  var sending = false;
  var loginNeeded = false;

  function texts() {
    var el = document.getElementById("desk-texts");
    return el ? el.dataset : {};
  }

  function readQueue() {
    try {
      return JSON.parse(localStorage.getItem(QUEUE_KEY) || "[]");
    } catch (e) {
      return [];
    }
  }

  function writeQueue(queue) {
    localStorage.setItem(QUEUE_KEY, JSON.stringify(queue));
    showCount(queue.length);
  }

  function showCount(count) {
    var el = document.getElementById("desk-queue");
    if (el) el.textContent = count ? count + " " + texts().waiting : "";
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

  function entryFrom(form, submitter) {
    var data = new FormData(form, submitter || undefined);
    var fields = [];
    data.forEach(function (value, name) {
      if (name !== "csrfmiddlewaretoken" && name !== "idempotency_key") fields.push([name, value]);
    });
    var key = newKey();
    fields.push(["idempotency_key", key]);
    // The moment it happened, not the moment it arrives (which may be much later when offline).
    if (!data.get("started_at")) fields.push(["started_at", new Date().toISOString()]);
    return { key: key, url: form.action, fields: fields };
  }

  function post(url, fields) {
    return fetch(url, {
      method: "POST",
      body: new URLSearchParams(fields),
      credentials: "same-origin",
      headers: { Accept: "application/json", "X-CSRFToken": csrfToken() },
    });
  }

  function errorText(errors) {
    var parts = [];
    Object.keys(errors || {}).forEach(function (name) { parts = parts.concat(errors[name]); });
    return texts().failed + " " + parts.join(" ");
  }

  // Send waiting entries in order. Stops at a network error or an expired session, keeping
  // the rest; an entry the server refuses (400) is dropped so that it cannot block the queue.
  function flush() {
    if (sending) return Promise.resolve();
    var queue = readQueue();
    if (!queue.length) { showCount(0); return Promise.resolve(); }
    sending = true;
    var entry = queue[0];
    return post(entry.url, entry.fields).then(function (response) {
      loginNeeded = response.status === 401 || response.status === 403;
      if (loginNeeded) {
        say(texts().login);
        return "stop";
      }
      if (response.status >= 500) return "stop";
      return response.json().then(function (answer) {
        writeQueue(readQueue().filter(function (e) { return e.key !== entry.key; }));
        if (answer.ok) {
          say(answer.created ? texts().saved : texts().savedAgain, answer.created && answer.undo_url);
          tallyDone(entry);
        } else {
          say(errorText(answer.errors));
          tallyUnbump(entry);
        }
        return "next";
      });
    }).catch(function () {
      return "stop";
    }).then(function (next) {
      sending = false;
      showCount(readQueue().length);
      if (next === "next") {
        if (readQueue().length) return flush();
        refresh();
      }
    });
  }

  function undo(url) {
    post(url, []).then(function (response) { return response.json(); }).then(function (answer) {
      say(answer.ok ? texts().undone : errorText(answer.errors));
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
    updateReferral(form);
  }

  function onSubmit(event) {
    var form = event.target;
    if (!form.matches || !form.matches("form[data-desk-queue]")) return;
    event.preventDefault();
    var entry = entryFrom(form, event.submitter);
    var queue = readQueue();
    queue.push(entry);
    writeQueue(queue);
    tallyBump(entry, event.submitter);
    if (form.matches("[data-desk-main]")) resetMain(form);
    flush().then(function () {
      var waiting = readQueue().some(function (e) { return e.key === entry.key; });
      if (waiting && !loginNeeded) say(texts().queued);
    });
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
    document.addEventListener("submit", onSubmit);
    document.addEventListener("keydown", onKey);
    window.addEventListener("online", flush);
    setInterval(flush, RETRY_MS);
    flush();
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
