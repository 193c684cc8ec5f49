// Conveyor dashboard live pages (jobs, a job, dead letters, recurring, workers, health, alerts): every few seconds, fetches the
// page again and swaps in its main content, so states, attempts and errors change without a reload. It waits while
// the reader is using the page (focus in the content, an open <details>, the tab hidden), so nothing moves under them.
"use strict";
(function () {
  var main = document.getElementById("main");
  if (!main) { return; }
  var refresh = parseInt(main.getAttribute("data-refresh"), 10) || 5000;

  function busy() {
    var active = document.activeElement;
    return document.hidden
      || (active && active !== main && active !== document.body && main.contains(active))
      || main.querySelector("details[open]") !== null;
  }

  function swap(html) {
    var fresh = new DOMParser().parseFromString(html, "text/html");
    var freshMain = fresh.getElementById("main");
    if (!freshMain || busy()) { return; }
    main.innerHTML = freshMain.innerHTML;
    var stamp = document.getElementById("rendered-at");
    var freshStamp = fresh.getElementById("rendered-at");
    if (stamp && freshStamp) { stamp.textContent = freshStamp.textContent; }
  }

  function poll() {
    if (busy()) { setTimeout(poll, refresh); return; }
    fetch(window.location.href, { headers: { "Accept": "text/html" }, credentials: "same-origin", cache: "no-store" })
      .then(function (r) { if (!r.ok) { throw new Error(r.status); } return r.text(); })
      .then(swap)
      .catch(function () { /* the next poll tries again */ })
      .then(function () { setTimeout(poll, refresh); });
  }

  setTimeout(poll, refresh);
})();
