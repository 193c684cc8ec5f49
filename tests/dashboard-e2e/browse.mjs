// Drives the Conveyor dashboard in Debian's Chromium (headless, through playwright-core) and prints ONE JSON report
// on stdout: what the pages showed, every console error, page error and failed request, and the screenshots taken.
// It asserts nothing beyond what it needs to go on; the xunit tests in tests/Conveyor.Dashboard.Tests/Browser assert
// on the report.
//
//   node browse.mjs '{"scenario":"pages","base":"http://127.0.0.1:5000/conveyor/","out":"/tmp/shots",…}'
//   echo '{…}' | node browse.mjs
//
// Common fields: scenario, base (the dashboard's root, with its trailing slash), out (the screenshots' folder),
// viewport ({width,height}, 1280×800 by default), executablePath (/usr/bin/chromium by default).
import { mkdirSync } from "node:fs";
import { join } from "node:path";
import { chromium } from "playwright-core";

const scenarios = { pages, charts, retry, queue, keyboard, script };

async function main() {
  const input = JSON.parse(process.argv[2] ?? await stdin());
  const run = scenarios[input.scenario];
  if (!run) { throw new Error(`unknown scenario ${input.scenario}; one of ${Object.keys(scenarios).join(", ")}`); }
  if (input.out) { mkdirSync(input.out, { recursive: true }); }
  const browser = await chromium.launch({ executablePath: input.executablePath ?? "/usr/bin/chromium", args: ["--no-sandbox"] });
  try {
    const context = await browser.newContext({ viewport: input.viewport ?? { width: 1280, height: 800 }, colorScheme: "light" });
    const page = await context.newPage();
    page.setDefaultTimeout(input.timeout ?? 10000);
    const errors = watch(page);
    const report = await run(page, input);
    process.stdout.write(JSON.stringify({ scenario: input.scenario, ...report, errors }) + "\n");
  } finally {
    await browser.close();
  }
}

/** Collects console errors (CSP violations among them), uncaught page errors, and requests that failed or got >= 400. */
function watch(page) {
  const errors = [];
  page.on("console", m => { if (m.type() === "error") { errors.push({ kind: "console", url: page.url(), text: m.text() }); } });
  page.on("pageerror", e => errors.push({ kind: "page", url: page.url(), text: String(e) }));
  // A request the browser itself abandoned (a live page's poll cut short by navigating away) is not a failure.
  page.on("requestfailed", r => { if (r.failure()?.errorText !== "net::ERR_ABORTED") { errors.push({ kind: "request", url: r.url(), text: r.failure()?.errorText ?? "failed" }); } });
  page.on("response", r => { if (r.status() >= 400) { errors.push({ kind: "response", url: r.url(), text: String(r.status()) }); } });
  return errors;
}

/** What a page shows: path, heading, rows per table, the main text, how far the document overflows the viewport. */
function look(page) {
  return page.evaluate(() => ({
    path: location.pathname + location.search,
    heading: document.querySelector("h1")?.textContent.trim() ?? null,
    rows: Object.fromEntries([...document.querySelectorAll("table[id]")].map(t => [t.id, t.tBodies[0]?.rows.length ?? 0])),
    text: document.querySelector("main")?.innerText ?? "",
    overflow: document.documentElement.scrollWidth - window.innerWidth,
    // The outermost elements that stick out past the viewport's right edge: where an overflow comes from.
    wide: [...document.querySelectorAll("body *")]
      .filter(e => e.getBoundingClientRect().right > window.innerWidth + 0.5 && !(e.parentElement?.getBoundingClientRect().right > window.innerWidth + 0.5))
      .slice(0, 5).map(e => `${e.tagName.toLowerCase()}${e.id ? "#" + e.id : ""}${e.className ? "." + String(e.className).trim().split(/\s+/).join(".") : ""}`),
  }));
}

async function shoot(page, input, name, fullPage = true) {
  const path = join(input.out, `${name}.png`);
  await page.screenshot({ path, fullPage });
  return path;
}

/** Clicks a submit button and waits for the page it leads to (the action's 303 target). */
async function submit(page, selector) {
  await Promise.all([page.waitForNavigation(), page.click(selector)]);
}

/** pages: [{name, path}]; each is loaded, looked at and (when shoot is true, the default) screenshotted as NN-name.png. */
async function pages(page, input) {
  const seen = [];
  for (const [i, p] of input.pages.entries()) {
    await page.goto(input.base + p.path, { waitUntil: "load" });
    await drawn(page);
    const view = await look(page);
    const name = `${String(i + 1).padStart(2, "0")}-${p.name}`;
    const screenshot = input.shoot === false ? null : await shoot(page, input, name, input.fullPage !== false);
    seen.push({ name: p.name, ...view, screenshot });
  }
  return { pages: seen };
}

/** Waits until every chart on the page (the overview's) has drawn its first data. */
function drawn(page) {
  return page.waitForFunction(() => [...document.querySelectorAll(".chart-plot")].every(p => p.hasAttribute("data-points") && p.querySelector("canvas")));
}

/** The overview's charts once every one has drawn: the points each holds (overview.js's data-points). */
async function charts(page, input) {
  await page.goto(input.base, { waitUntil: "load" });
  await drawn(page);
  const points = await page.evaluate(() => Object.fromEntries(
    [...document.querySelectorAll(".chart-plot")].map(p => [p.id, Number(p.getAttribute("data-points"))])));
  return { points, screenshot: await shoot(page, input, "chart-overview", false) };
}

/** Clicks the dead letter's Retry, then loads its job page until it shows the state wanted (the page does not poll). */
/**
 * Retries a dead job from the dead-letters page while its queue (input.queue) is paused, opens the job's page, then
 * resumes the queue from a second tab; the job's page, never reloaded, must follow the job to input.until. Reports
 * the badge it showed after each refresh and how many times the job's tab navigated.
 */
async function retry(page, input) {
  await page.goto(input.base + "dead-letters", { waitUntil: "load" });
  await submit(page, `#job-${input.job} form[action$="/retry"] button`);
  const afterClick = await look(page);
  await page.goto(input.base + `jobs/${input.job}`, { waitUntil: "load" });
  let navigations = 0;
  page.on("framenavigated", frame => { if (frame === page.mainFrame()) { navigations++; } });
  const states = [await page.textContent(".job-head .badge")];
  const other = await page.context().newPage();
  await other.goto(input.base + "queues", { waitUntil: "load" });
  await submit(other, `tr[data-queue="${input.queue}"] td.actions button`);
  await other.close();
  const deadline = Date.now() + (input.wait ?? 15000);
  while (states.at(-1) !== input.until && Date.now() < deadline) {
    await pause(100);
    const badge = await page.textContent(".job-head .badge");
    if (badge !== states.at(-1)) { states.push(badge); }
  }
  return { afterClick, states, navigations, job: await look(page) };
}

/** Clicks a queue's Pause or Resume button on the queues page; reports the queue's status badge after the reload. */
async function queue(page, input) {
  await page.goto(input.base + "queues", { waitUntil: "load" });
  const row = `tr[data-queue="${input.queue}"]`;
  const before = await page.textContent(`${row} .badge.active, ${row} .badge.paused`);
  await submit(page, `${row} td.actions button`);
  const after = await page.textContent(`${row} .badge.active, ${row} .badge.paused`);
  const button = await page.textContent(`${row} td.actions button`);
  return { before, after, button, ...await look(page) };
}

/** Tabs from a fresh page until input.enterOn (an id) has focus, noting each focused element and its focus style; then Enter. */
async function keyboard(page, input) {
  await page.goto(input.base + (input.path ?? ""), { waitUntil: "load" });
  const focused = [];
  while (focused.length < (input.tabs ?? 12) && focused.at(-1)?.id !== input.enterOn) {
    await page.keyboard.press("Tab");
    focused.push(await page.evaluate(() => {
      const el = document.activeElement;
      const style = getComputedStyle(el);
      return { id: el.id || null, tag: el.tagName.toLowerCase(), text: el.textContent.trim(), outline: style.outlineStyle === "none" ? "none" : `${style.outlineStyle} ${style.outlineWidth}`, boxShadow: style.boxShadow };
    }));
  }
  if (focused.at(-1)?.id !== input.enterOn) { return { focused }; }
  await Promise.all([page.waitForNavigation(), page.keyboard.press("Enter")]);
  return { focused, afterEnter: await look(page) };
}

/** A job page whose arguments hold markup: the arguments' text, and whether any of it ran (window.__pwned). */
async function script(page, input) {
  await page.goto(input.base + `jobs/${input.job}`, { waitUntil: "load" });
  return {
    args: await page.textContent("#job-args"),
    injected: await page.evaluate(() => document.querySelectorAll("main script, main img").length),
    pwned: await page.evaluate(() => typeof window.__pwned),
    ...await look(page),
  };
}

function pause(ms) { return new Promise(resolve => setTimeout(() => resolve(true), ms)); }

async function stdin() {
  const chunks = [];
  for await (const chunk of process.stdin) { chunks.push(chunk); }
  return Buffer.concat(chunks).toString("utf8");
}

main().catch(e => { process.stderr.write(`${e.stack ?? e}\n`); process.exit(1); });
