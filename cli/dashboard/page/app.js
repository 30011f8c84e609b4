// @ts-check
/**
 * The dashboard page. It is fed only by the local server's event stream (`/events`, Server-Sent
 * Events): a `snapshot` when it connects, then coalesced `update`s a few times a second. Data is
 * merged into bounded structures as it arrives and drawn at most once per animation frame, only
 * the parts that changed. Text goes in through `textContent`, never as HTML.
 *
 * @module
 */
import {
  changeClass,
  formatAge,
  formatPrice,
  formatRate,
  formatTime,
  formatVolume,
  priceDecimals,
} from "./format.js";
import { cumulative, mergeBar } from "./shape.js";

/** @typedef {{ t: number, o: number, h: number, l: number, c: number, v: number }} Bar */

const TRADES_SHOWN = 30;
/** Below this many candles the chart spreads them over its width. */
const FIT_BELOW = 40;
const RISE = "#c84a31";
const FALL = "#1261c4";
/** The chart shows the viewer's wall time: Lightweight Charts draws UTC. */
const ZONE_SHIFT = -new Date().getTimezoneOffset() * 60;

const token = new URLSearchParams(location.search).get("token");

const state = {
  /** @type {string[]} */
  codes: [],
  /** @type {string[]} */
  intervals: [],
  private: false,
  /** Candles kept per series (the server's bound, sent in the snapshot). */
  historyLimit: 1000,
  selected: "",
  interval: "1s",
  /** @type {Map<string, any>} */
  tickers: new Map(),
  /** @type {Map<string, any>} */
  books: new Map(),
  /** @type {Map<string, any[]>} */
  trades: new Map(),
  /** @type {Map<string, Bar[]>} */
  candles: new Map(),
  /** @type {Map<string, any>} */
  orders: new Map(),
  /** @type {Map<string, any>} */
  balances: new Map(),
  /** @type {any} */
  status: undefined,
  /** Server time minus page time, ms. */
  skew: 0,
  /** Whether the event stream is up. */
  online: false,
};

const dirty = {
  layout: true,
  tickers: true,
  book: true,
  trades: true,
  chart: true,
  orders: true,
  balances: true,
  status: true,
};
/** Candle updates of the shown series since the last frame. */
let chartAppends = false;
let chartRedraw = true;
let frameRequested = false;

/** @param {string} id */
function $(id) {
  const el = document.getElementById(id);
  if (!el) throw new Error(`missing #${id}`);
  return el;
}

function serverNow() {
  return Date.now() + state.skew;
}

function requestFrame() {
  if (frameRequested) return;
  frameRequested = true;
  requestAnimationFrame(render);
}

// ---- data in -------------------------------------------------------------------------------

/** @param {any} t */
function putTicker(t) {
  state.tickers.set(t.code, t);
  dirty.tickers = true;
}

/** @param {any} b */
function putBook(b) {
  state.books.set(b.code, b);
  dirty.tickers = true; // bid, ask and spread live in the table
  if (b.code === state.selected) dirty.book = true;
}

/** @param {any} t */
function putTrade(t) {
  let list = state.trades.get(t.code);
  if (!list) state.trades.set(t.code, list = []);
  list.push(t);
  if (list.length > TRADES_SHOWN * 2) list.splice(0, list.length - TRADES_SHOWN);
  if (t.code === state.selected) dirty.trades = true;
}

/**
 * @param {string} code
 * @param {string} interval
 * @param {Bar} bar
 */
function putCandle(code, interval, bar) {
  const key = `${code}|${interval}`;
  let bars = state.candles.get(key);
  if (!bars) state.candles.set(key, bars = []);
  const what = mergeBar(bars, bar, state.historyLimit);
  if (code !== state.selected || interval !== state.interval || what === "ignore") return;
  if (what === "replace-old") chartRedraw = true;
  else chartAppends = true;
  dirty.chart = true;
}

/** @param {any} o */
function putOrder(o) {
  if (o.state === "wait" || o.state === "watch" || o.state === "trade") state.orders.set(o.uuid, o);
  else state.orders.delete(o.uuid);
  dirty.orders = true;
}

/** @param {any} b */
function putBalance(b) {
  const amount = Number(b.balance) + Number(b.locked);
  if (amount === 0) state.balances.delete(b.currency);
  else state.balances.set(b.currency, b);
  dirty.balances = true;
}

/** @param {any} s */
function putStatus(s) {
  if (!s) return;
  state.status = s;
  state.skew = s.now - Date.now();
  dirty.status = true;
}

/** @param {any} snap */
function onSnapshot(snap) {
  state.codes = snap.codes;
  state.intervals = snap.intervals;
  state.private = snap.private;
  state.historyLimit = snap.historyLimit;
  if (!state.codes.includes(state.selected)) state.selected = state.codes[0] ?? "";
  for (const m of [state.tickers, state.books, state.trades, state.candles, state.orders]) {
    m.clear();
  }
  state.balances.clear();
  for (const t of snap.tickers) putTicker(t);
  for (const b of snap.books) putBook(b);
  for (const t of snap.trades) putTrade(t);
  for (const c of snap.candles) {
    state.candles.set(`${c.code}|${c.interval}`, c.bars.slice(-state.historyLimit));
  }
  for (const o of snap.orders) putOrder(o);
  for (const b of snap.balances) putBalance(b);
  putStatus(snap.status);
  for (const k of Object.keys(dirty)) dirty[/** @type {keyof typeof dirty} */ (k)] = true;
  chartRedraw = true;
  requestFrame();
}

/** @param {any} u */
function onUpdate(u) {
  for (const t of u.tickers ?? []) putTicker(t);
  for (const b of u.books ?? []) putBook(b);
  for (const t of u.trades ?? []) putTrade(t);
  for (const c of u.candles ?? []) putCandle(c.code, c.interval, c.bar);
  for (const o of u.orders ?? []) putOrder(o);
  for (const b of u.balances ?? []) putBalance(b);
  putStatus(u.status);
  requestFrame();
}

function connect() {
  const events = new EventSource(`/events${token ? `?token=${encodeURIComponent(token)}` : ""}`);
  events.addEventListener("open", () => {
    state.online = true;
    dirty.status = true;
    requestFrame();
  });
  events.addEventListener("error", () => {
    // EventSource retries by itself (the server's retry: 1000); say so meanwhile.
    state.online = false;
    dirty.status = true;
    requestFrame();
  });
  events.addEventListener(
    "snapshot",
    (e) => onSnapshot(JSON.parse(/** @type {MessageEvent} */ (e).data)),
  );
  events.addEventListener(
    "update",
    (e) => onUpdate(JSON.parse(/** @type {MessageEvent} */ (e).data)),
  );
}

// ---- drawing -------------------------------------------------------------------------------

/**
 * Makes a tbody hold exactly `n` rows of `cols` cells, reusing the rows it has.
 *
 * @param {HTMLTableSectionElement} body
 * @param {number} n
 * @param {number} cols
 * @returns {HTMLTableRowElement[]}
 */
function rows(body, n, cols) {
  while (body.rows.length > n) body.deleteRow(-1);
  while (body.rows.length < n) {
    const tr = body.insertRow();
    for (let i = 0; i < cols; i++) tr.insertCell();
  }
  return Array.from(body.rows);
}

/**
 * @param {HTMLTableRowElement} tr
 * @param {number} i
 * @param {string} text
 * @param {string} [cls]
 */
function cell(tr, i, text, cls = "") {
  const td = /** @type {HTMLTableCellElement} */ (tr.cells[i]);
  if (td.textContent !== text) td.textContent = text;
  if (td.className !== cls) td.className = cls;
  return td;
}

/** @param {string} id */
function tbody(id) {
  return /** @type {HTMLTableElement} */ ($(id)).tBodies[0];
}

function drawTickers() {
  const body = /** @type {HTMLTableSectionElement} */ (tbody("tickers"));
  const trs = rows(body, state.codes.length, 9);
  const now = serverNow();
  state.codes.forEach((code, i) => {
    const tr = /** @type {HTMLTableRowElement} */ (trs[i]);
    tr.dataset.code = code;
    tr.setAttribute("aria-selected", String(code === state.selected));
    const t = state.tickers.get(code);
    const b = state.books.get(code);
    const cls = changeClass(t?.change);
    cell(tr, 0, code, "code");
    const price = cell(tr, 1, formatPrice(t?.price), `num price ${cls}`);
    price.dataset.value = t ? String(t.price) : "";
    cell(tr, 2, formatRate(t?.changeRate), `num ${cls}`);
    cell(
      tr,
      3,
      t ? `${t.changePrice > 0 ? "+" : ""}${formatPrice(t.changePrice)}` : "—",
      `num ${cls}`,
    );
    cell(tr, 4, formatVolume(t?.volume24h), "num");
    const bid = b?.bids[0]?.[0];
    const ask = b?.asks[0]?.[0];
    cell(tr, 5, formatPrice(bid), "num rise");
    cell(tr, 6, formatPrice(ask), "num fall");
    const spread = bid && ask
      ? `${formatPrice(ask - bid)} (${((ask - bid) / ((ask + bid) / 2) * 100).toFixed(3)}%)`
      : "—";
    cell(tr, 7, spread, "num");
    const last = Math.max(t?.receivedAt ?? 0, b?.receivedAt ?? 0);
    const age = last > 0 ? now - last : undefined;
    cell(tr, 8, formatAge(age), `num${age !== undefined && age > 10_000 ? " stale" : ""}`);
  });
}

function drawBook() {
  $("book-code").textContent = state.selected;
  const body = /** @type {HTMLTableSectionElement} */ (tbody("book"));
  const b = state.books.get(state.selected);
  const asks = b ? b.asks : [];
  const bids = b ? b.bids : [];
  const askCum = cumulative(asks);
  const bidCum = cumulative(bids);
  const max = Math.max(askCum[askCum.length - 1] ?? 0, bidCum[bidCum.length - 1] ?? 0) || 1;
  const trs = rows(body, asks.length + bids.length, 3);
  // Asks from the highest down to the best, then bids from the best down: the spread in the middle.
  for (let i = 0; i < asks.length; i++) {
    const level = asks.length - 1 - i;
    const tr = /** @type {HTMLTableRowElement} */ (trs[i]);
    tr.className = "ask";
    cell(tr, 0, formatPrice(asks[level][0]), "num");
    cell(tr, 1, formatVolume(asks[level][1]), "num");
    cell(tr, 2, formatVolume(askCum[level]), "num").style.setProperty(
      "--depth",
      `${(askCum[level] / max) * 100}%`,
    );
  }
  for (let i = 0; i < bids.length; i++) {
    const tr = /** @type {HTMLTableRowElement} */ (trs[asks.length + i]);
    tr.className = i === 0 ? "bid mid" : "bid";
    cell(tr, 0, formatPrice(bids[i][0]), "num");
    cell(tr, 1, formatVolume(bids[i][1]), "num");
    cell(tr, 2, formatVolume(bidCum[i]), "num").style.setProperty(
      "--depth",
      `${(bidCum[i] / max) * 100}%`,
    );
  }
}

function drawTrades() {
  $("trades-code").textContent = state.selected;
  const list = (state.trades.get(state.selected) ?? []).slice(-TRADES_SHOWN).reverse();
  const trs = rows(/** @type {HTMLTableSectionElement} */ (tbody("trades")), list.length, 3);
  list.forEach((t, i) => {
    const tr = /** @type {HTMLTableRowElement} */ (trs[i]);
    const cls = t.side === "BID" ? "rise" : "fall";
    cell(tr, 0, formatTime(t.at));
    cell(tr, 1, formatPrice(t.price), `num ${cls}`).dataset.value = String(t.price);
    cell(tr, 2, formatVolume(t.volume), `num ${cls}`);
  });
}

function drawOrders() {
  const list = [...state.orders.values()].sort((a, b) => b.at - a.at);
  const trs = rows(/** @type {HTMLTableSectionElement} */ (tbody("orders")), list.length, 8);
  list.forEach((o, i) => {
    const tr = /** @type {HTMLTableRowElement} */ (trs[i]);
    tr.dataset.uuid = o.uuid;
    const cls = o.side === "BID" ? "rise" : "fall";
    cell(tr, 0, o.code);
    cell(tr, 1, o.side === "BID" ? "buy" : "sell", cls);
    cell(tr, 2, o.orderType);
    cell(tr, 3, o.state);
    cell(tr, 4, formatPrice(o.price), "num").dataset.value = String(o.price);
    cell(tr, 5, formatVolume(o.volume), "num");
    cell(tr, 6, formatVolume(o.remainingVolume), "num");
    cell(tr, 7, formatTime(o.at));
  });
}

function drawBalances() {
  const list = [...state.balances.values()].sort((a, b) => a.currency.localeCompare(b.currency));
  const trs = rows(/** @type {HTMLTableSectionElement} */ (tbody("balances")), list.length, 3);
  list.forEach((b, i) => {
    const tr = /** @type {HTMLTableRowElement} */ (trs[i]);
    tr.dataset.currency = b.currency;
    cell(tr, 0, b.currency);
    cell(tr, 1, formatVolume(b.balance), "num");
    cell(tr, 2, formatVolume(b.locked), "num");
  });
}

const SAYS = {
  live: "",
  connecting: "Connecting to the market feed…",
  reconnecting: "The market feed is reconnecting: what you see is not live.",
  stalled: "The market feed has stalled: no data is arriving, what you see is not live.",
  failed: "The market feed failed and gave up: what you see is not live.",
  closed: "The market feed is closed.",
  offline: "The dashboard's local server is unreachable: what you see is not live.",
};

function drawStatus() {
  const s = state.status;
  const feedState = !state.online ? "offline" : s?.state ?? "connecting";
  const chip = $("feed");
  chip.dataset.state = feedState;
  chip.textContent = feedState;
  $("detail").textContent = !state.online ? "local server unreachable, retrying" : s?.detail ?? "";
  $("rate").textContent = s && state.online ? `${Math.round(s.rate)} events/s` : "";
  const banner = $("banner");
  const says = SAYS[/** @type {keyof typeof SAYS} */ (feedState)] ?? "";
  banner.hidden = says === "";
  banner.textContent = s?.lastError && feedState !== "live"
    ? `${says} Last error: ${s.lastError}`
    : says;
  banner.dataset.severity = feedState === "connecting" || feedState === "reconnecting"
    ? "warn"
    : "bad";
  $("clock").textContent = formatTime(serverNow());
}

function drawLayout() {
  for (const id of ["orders-panel", "balances-panel"]) $(id).hidden = !state.private;
  const box = $("intervals");
  box.replaceChildren(...state.intervals.map((i) => {
    const b = document.createElement("button");
    b.type = "button";
    b.textContent = i;
    b.dataset.interval = i;
    b.setAttribute("aria-pressed", String(i === state.interval));
    return b;
  }));
}

// ---- chart ---------------------------------------------------------------------------------

/** @type {any} */
let chart;
/** @type {any} */
let candleSeries;
/** @type {any} */
let volumeSeries;
let shownKey = "";
/** Candles the chart's series holds: `update` appends there without the page's bound. */
let shownCount = 0;

function makeChart() {
  const lib = /** @type {any} */ (globalThis).LightweightCharts;
  if (!lib) return false;
  chart = lib.createChart($("chart"), {
    autoSize: true,
    layout: { background: { color: "#ffffff" }, textColor: "#374151", attributionLogo: true },
    grid: { vertLines: { color: "#f3f4f6" }, horzLines: { color: "#f3f4f6" } },
    timeScale: {
      timeVisible: true,
      secondsVisible: true,
      rightOffset: 3,
      barSpacing: 12,
      maxBarSpacing: 24,
    },
    rightPriceScale: { borderVisible: false },
  });
  candleSeries = chart.addSeries(lib.CandlestickSeries, {
    upColor: RISE,
    downColor: FALL,
    borderUpColor: RISE,
    borderDownColor: FALL,
    wickUpColor: RISE,
    wickDownColor: FALL,
  });
  volumeSeries = chart.addSeries(lib.HistogramSeries, {
    priceScaleId: "volume",
    priceFormat: { type: "volume" },
    lastValueVisible: false,
    priceLineVisible: false,
  });
  chart.priceScale("volume").applyOptions({ scaleMargins: { top: 0.82, bottom: 0 } });
  return true;
}

/** @param {Bar} b */
function candle(b) {
  return { time: b.t + ZONE_SHIFT, open: b.o, high: b.h, low: b.l, close: b.c };
}

/** @param {Bar} b */
function volume(b) {
  return {
    time: b.t + ZONE_SHIFT,
    value: b.v,
    color: b.c >= b.o ? "rgba(200,74,49,0.35)" : "rgba(18,97,196,0.35)",
  };
}

/**
 * Keeps the newest candle in view: a short history is spread over the width (up to the widest
 * bar spacing), a long one scrolls to the present.
 *
 * @param {number} n candles in the series
 */
function follow(n) {
  if (n < FIT_BELOW) chart.timeScale().fitContent();
  else chart.timeScale().scrollToRealTime();
}

function drawChart() {
  if (!chart && !makeChart()) return;
  const key = `${state.selected}|${state.interval}`;
  const bars = state.candles.get(key) ?? [];
  $("chart-title").textContent = `${state.selected} · ${state.interval} candles`;
  const el = $("chart");
  el.dataset.candles = String(bars.length);
  el.dataset.series = key;
  if (key !== shownKey || chartRedraw) {
    const last = bars[bars.length - 1];
    const decimals = last ? priceDecimals(last.c) : 0;
    candleSeries.applyOptions({
      priceFormat: { type: "custom", formatter: formatPrice, minMove: 10 ** -decimals },
    });
    candleSeries.setData(bars.map(candle));
    volumeSeries.setData(bars.map(volume));
    if (key !== shownKey) follow(bars.length);
    shownKey = key;
    shownCount = bars.length;
  } else if (chartAppends && bars.length > 0) {
    // The newest candle (new or changed); older ones changed only through a redraw above.
    const last = /** @type {Bar} */ (bars[bars.length - 1]);
    const before = candleSeries.data().length;
    candleSeries.update(candle(last));
    volumeSeries.update(volume(last));
    if (candleSeries.data().length > before) shownCount++;
    // The chart keeps every candle update() appended: trim it back to the page's bound with a
    // redraw once it holds a tenth more (a tab left open must not grow).
    if (shownCount > state.historyLimit + Math.max(10, state.historyLimit / 10)) {
      candleSeries.setData(bars.map(candle));
      volumeSeries.setData(bars.map(volume));
      shownCount = bars.length;
    }

    // Past the first few dozen candles the chart follows by itself while its right edge is in
    // view, and leaves the viewer alone when they scrolled back.
    if (bars.length < FIT_BELOW) chart.timeScale().fitContent();
  }
  chartRedraw = false;
  chartAppends = false;
}

// ---- frame ---------------------------------------------------------------------------------

let lastAgeTick = 0;

function render() {
  frameRequested = false;
  const now = performance.now();
  // Ages and the clock move even when nothing arrives.
  if (now - lastAgeTick >= 500) {
    lastAgeTick = now;
    dirty.tickers = true;
    dirty.status = true;
  }
  if (dirty.layout) drawLayout();
  if (dirty.tickers) drawTickers();
  if (dirty.book) drawBook();
  if (dirty.trades) drawTrades();
  if (dirty.chart) drawChart();
  if (dirty.orders && state.private) drawOrders();
  if (dirty.balances && state.private) drawBalances();
  if (dirty.status) drawStatus();
  for (const k of Object.keys(dirty)) dirty[/** @type {keyof typeof dirty} */ (k)] = false;
}

function select(/** @type {string} */ code) {
  if (!state.codes.includes(code) || code === state.selected) return;
  state.selected = code;
  dirty.tickers =
    dirty.book =
    dirty.trades =
    dirty.chart =
      true;
  requestFrame();
}

$("tickers").addEventListener("click", (e) => {
  const tr = /** @type {HTMLElement} */ (e.target).closest("tr[data-code]");
  if (tr instanceof HTMLElement && tr.dataset.code) select(tr.dataset.code);
});
$("intervals").addEventListener("click", (e) => {
  const b = /** @type {HTMLElement} */ (e.target).closest("button[data-interval]");
  if (!(b instanceof HTMLElement) || !b.dataset.interval) return;
  state.interval = b.dataset.interval;
  dirty.layout = dirty.chart = true;
  requestFrame();
});
// Ages tick while the feed is silent; one frame request a second is enough for that.
setInterval(requestFrame, 1000);
connect();
requestFrame();
