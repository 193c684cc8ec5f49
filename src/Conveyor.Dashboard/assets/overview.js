// Conveyor dashboard overview: polls the JSON behind the page every few seconds and redraws the counts and the
// uPlot charts, without a reload. No inline script is allowed (CSP), so this file is everything the page runs.
"use strict";
(function () {
  var root = document.getElementById("charts");
  if (!root || typeof uPlot === "undefined") { return; }
  var api = root.getAttribute("data-api");
  var refresh = parseInt(root.getAttribute("data-refresh"), 10) || 5000;
  var palette = ["#2f6fde", "#1f8a4c", "#c77c02", "#c93030", "#7c6f9b", "#0e8fb3", "#b3478f", "#6b7280"];
  var failedColor = "#c93030";
  var charts = {};
  // The registry holds each node's current busy count only, so utilisation over time is sampled here, per poll.
  var utilisation = [[], []];
  var style = getComputedStyle(document.documentElement);
  var axisColor = style.getPropertyValue("--muted").trim() || "#5b6675";
  var gridColor = style.getPropertyValue("--border").trim() || "#dfe3e8";
  var number = new Intl.NumberFormat();

  function axes(unit) {
    var x = { stroke: axisColor, grid: { stroke: gridColor, width: 1 }, ticks: { stroke: gridColor } };
    var y = { stroke: axisColor, grid: { stroke: gridColor, width: 1 }, ticks: { stroke: gridColor }, size: 56 };
    if (unit === "%") { y.values = function (u, v) { return v.map(function (n) { return (n * 100).toFixed(0) + " %"; }); }; }
    return [x, y];
  }

  // A single sample (the utilisation chart's first poll) would otherwise stretch the time axis over years.
  function timeRange(u, min, max) { return min === max ? [min - 300, max + 300] : [min, max]; }

  function width(el) { return Math.max(260, el.clientWidth); }

  function draw(id, names, data, unit) {
    var el = document.getElementById("chart-" + id);
    var key = names.join("\u0000");
    var chart = charts[id];
    // How many points the chart holds, for browser tests and anyone inspecting the page.
    el.setAttribute("data-points", String(data.slice(1).reduce(function (n, ys) { return n + ys.filter(function (y) { return y !== null; }).length; }, 0)));
    if (chart && chart.key === key) { chart.plot.setData(data); return; }
    if (chart) { chart.plot.destroy(); }
    var series = [{}].concat(names.map(function (name, i) {
      // A failure series is red whatever its position, so "failed" never reads as good news.
      return { label: name, stroke: name === "failed" ? failedColor : palette[i % palette.length], width: 2, spanGaps: true };
    }));
    var plot = new uPlot({ width: width(el), height: 220, series: series, axes: axes(unit), scales: { x: { time: true, range: timeRange } }, cursor: { drag: { x: false, y: false } } }, data, el);
    charts[id] = { key: key, plot: plot, el: el };
  }

  function render(json) {
    Object.keys(json.counts).forEach(function (state) {
      var cell = document.getElementById("count-" + state);
      if (cell) { cell.textContent = number.format(json.counts[state]); }
    });
    var w = json.workers;
    var bar = document.getElementById("utilisation-bar");
    var text = document.getElementById("utilisation-text");
    if (bar) { bar.value = w.utilisation || 0; }
    if (text) {
      text.textContent = w.alive === 0 ? "No live worker." : w.busy + " of " + w.slots + " slots busy on " + w.alive + " live worker" + (w.alive === 1 ? "" : "s") + " (" + Math.round((w.utilisation || 0) * 100) + " %).";
    }
    var s = json.series;
    var queues = Object.keys(s.depth);
    draw("depth", queues.length ? queues : ["(no queue)"], [s.minutes].concat(queues.length ? queues.map(function (q) { return s.depth[q]; }) : [s.minutes.map(function () { return null; })]), "");
    draw("throughput", ["processed", "failed"], [s.minutes, s.processed, s.failed], "");
    draw("error-rate", ["error rate"], [s.minutes, s.errorRate], "%");
    draw("latency", ["p50", "p95", "p99"], [s.minutes, s.p50, s.p95, s.p99], "ms");
    utilisation[0].push(json.now);
    utilisation[1].push(w.utilisation);
    if (utilisation[0].length > 720) { utilisation[0].shift(); utilisation[1].shift(); }
    draw("utilisation", ["busy slots"], [utilisation[0].slice(), utilisation[1].slice()], "%");
  }

  function poll() {
    fetch(api, { headers: { "Accept": "application/json" }, credentials: "same-origin" })
      .then(function (r) { if (!r.ok) { throw new Error(r.status); } return r.json(); })
      .then(render)
      .catch(function () { /* the next poll tries again */ })
      .then(function () { setTimeout(poll, refresh); });
  }

  window.addEventListener("resize", function () {
    Object.keys(charts).forEach(function (id) { var c = charts[id]; c.plot.setSize({ width: width(c.el), height: 220 }); });
  });
  poll();
})();
