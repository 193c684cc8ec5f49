// Conveyor dashboard queues: polls api/queues every few seconds and updates each queue's counts and wait in place.
"use strict";
(function () {
  var table = document.getElementById("queues-table");
  if (!table) { return; }
  var api = table.getAttribute("data-api");
  var refresh = parseInt(table.getAttribute("data-refresh"), 10) || 5000;
  var number = new Intl.NumberFormat();

  function render(json) {
    var byName = {};
    json.queues.forEach(function (q) { byName[q.name] = q; });
    Array.prototype.forEach.call(table.querySelectorAll("tr[data-queue]"), function (row) {
      var queue = byName[row.getAttribute("data-queue")];
      if (!queue) { return; }
      Array.prototype.forEach.call(row.querySelectorAll("a[data-state]"), function (link) {
        link.textContent = number.format(queue.counts[link.getAttribute("data-state")] || 0);
      });
      var waiting = row.querySelector("[data-latency]");
      if (waiting) { waiting.textContent = queue.waiting; }
    });
  }

  function poll() {
    fetch(api, { headers: { "Accept": "application/json" }, credentials: "same-origin" })
      .then(function (r) { if (!r.ok) { throw new Error(r.status); } return r.json(); })
      .then(render)
      .catch(function () { /* the next poll tries again */ })
      .then(function () { setTimeout(poll, refresh); });
  }

  setTimeout(poll, refresh);
})();
