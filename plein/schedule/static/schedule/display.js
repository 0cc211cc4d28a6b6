/* The TV page refreshes its data every minute and keeps the last data when the network is
   down; it reloads itself once a day. Written for old TV browsers: ES5, XMLHttpRequest, no
   modules, no arrow functions. Each refresh replaces the list's nodes, so memory stays flat. */
(function () {
  "use strict";
  var body = document.body;
  var source = body.getAttribute("data-source");
  var loadedDay = body.getAttribute("data-day");
  var nowLabel = body.getAttribute("data-now-label");  /* translated by the page */
  var startedAt = new Date().getTime();
  var MINUTE = 60000;
  var DAY = 24 * 60 * MINUTE;

  function byId(id) { return document.getElementById(id); }

  function paragraph(className, text) {
    var p = document.createElement("p");
    p.className = className;
    p.appendChild(document.createTextNode(text));
    return p;
  }

  function row(item) {
    var li = document.createElement("li");
    li.className = "plein-display__item" + (item.status ? " plein-display__item--cancelled" : "") +
      (item.now ? " plein-display__item--now" : "");
    var text = document.createElement("div");
    text.className = "plein-display__text";
    var time = paragraph("plein-display__time", item.time);
    var badge = item.status || (item.now ? nowLabel : "");
    if (badge) {
      var strong = document.createElement("strong");
      strong.appendChild(document.createTextNode(badge));
      time.appendChild(document.createTextNode(" "));
      time.appendChild(strong);
    }
    text.appendChild(time);
    text.appendChild(paragraph("plein-display__service", item.service));
    if (item.organization) { text.appendChild(paragraph("plein-display__organization", item.organization)); }
    if (item.where) { text.appendChild(paragraph("plein-display__where", item.where)); }
    if (item.seats) { text.appendChild(paragraph("plein-display__seats", item.seats)); }
    li.appendChild(text);
    if (item.qr) {
      var qr = document.createElement("div");
      qr.className = "plein-display__qr";
      qr.innerHTML = item.qr; /* an SVG made by Plein, not by a user */
      li.appendChild(qr);
    }
    return li;
  }

  function show(data) {
    var list = byId("items");
    while (list.firstChild) { list.removeChild(list.firstChild); }
    for (var i = 0; i < data.items.length; i++) { list.appendChild(row(data.items[i])); }
    byId("empty").hidden = data.items.length > 0;
    var offers = byId("offers");
    var coming = data.offers || [];
    while (offers.firstChild) { offers.removeChild(offers.firstChild); }
    for (var j = 0; j < coming.length; j++) { offers.appendChild(row(coming[j])); }
    byId("offers-section").hidden = coming.length === 0;
    var alert = byId("alert");
    alert.textContent = data.alert || "";
    alert.hidden = !data.alert;
    byId("updated").textContent = data.updated;
    byId("offline").hidden = true;
    if (data.day !== loadedDay || new Date().getTime() - startedAt > DAY) {
      window.location.reload();  /* a new day: start afresh (and drop anything a long run kept) */
    }
  }

  function refresh() {
    var request = new XMLHttpRequest();
    request.open("GET", source, true);
    request.setRequestHeader("Accept", "application/json");
    request.timeout = 20000;
    request.onload = function () {
      if (request.status === 200) {
        try { show(JSON.parse(request.responseText)); return; } catch (e) { /* keep the last data */ }
      }
      if (request.status === 404) { window.location.reload(); return; }
      byId("offline").hidden = false;
    };
    request.onerror = request.ontimeout = function () { byId("offline").hidden = false; };
    request.send();
  }

  window.setInterval(refresh, MINUTE);
})();
