/**
 * The `announcement` stream: decoding in all four formats, argument checks, and the stream
 * against the emulator's `/websocket/v1/private` (category filters per consumer, the body only
 * where asked, one request carrying the union).
 */
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { type AnnouncementEvent, UpbitClient } from "../../mod.ts";
import { createDecoder } from "../../src/decode/decode.ts";
import type { UpbitEvent } from "../../src/types.ts";
import type { DecodeError, UpbitError } from "../../src/errors.ts";
import { type RemoteOrLocalEmulator, useEmulator } from "../_helpers/emulator.ts";
import { cleanupAfterEach } from "../_helpers/cleanups.ts";
import { eventually } from "../_helpers/wait.ts";

const defer = cleanupAfterEach();

function decodeAll(text: string): { events: UpbitEvent[]; errors: DecodeError[] } {
  const events: UpbitEvent[] = [];
  const errors: DecodeError[] = [];
  createDecoder().decode(new TextEncoder().encode(text), {
    event: (e) => events.push(e),
    status: () => {},
    serverError: () => {},
    subscriptions: () => {},
    invalid: (e) => errors.push(e),
  });
  return { events, errors };
}

// Upbit's announcement page: field table with SIMPLE keys (upbit-protocol.md §3.7).
const DEFAULT_FRAME = {
  type: "announcement",
  event_type: "CREATED",
  uuid: "0f2c9d7e-3a41-4b8e-9c55-6f1e2d3a4b5c",
  title: "[거래] 비트코인(BTC) 원화 마켓 추가",
  category: "trade",
  url: "https://upbit.com/service_center/notice?id=5000",
  first_listed_at: "2026-07-14T16:36:34+09:00",
  listed_at: "2026-07-14T16:36:34+09:00",
  body: "## 안내\n원화 마켓에 추가됩니다.",
  timestamp: 1784014594123,
  stream_type: "REALTIME",
};
const SIMPLE_FRAME = {
  ty: "announcement",
  et: "CREATED",
  uid: DEFAULT_FRAME.uuid,
  tt: DEFAULT_FRAME.title,
  cat: "trade",
  url: DEFAULT_FRAME.url,
  flat: DEFAULT_FRAME.first_listed_at,
  lat: DEFAULT_FRAME.listed_at,
  bd: DEFAULT_FRAME.body,
  tms: DEFAULT_FRAME.timestamp,
  st: "REALTIME",
};
const EXPECTED: AnnouncementEvent = {
  type: "announcement",
  eventType: "CREATED",
  uuid: "0f2c9d7e-3a41-4b8e-9c55-6f1e2d3a4b5c",
  title: "[거래] 비트코인(BTC) 원화 마켓 추가",
  category: "trade",
  url: "https://upbit.com/service_center/notice?id=5000",
  firstListedAt: "2026-07-14T16:36:34+09:00",
  listedAt: "2026-07-14T16:36:34+09:00",
  body: "## 안내\n원화 마켓에 추가됩니다.",
  timestamp: 1784014594123,
  streamType: "REALTIME",
};

describe("announcement decoding", () => {
  for (
    const [format, text] of [
      ["DEFAULT", JSON.stringify(DEFAULT_FRAME)],
      ["SIMPLE", JSON.stringify(SIMPLE_FRAME)],
      ["JSON_LIST", JSON.stringify([DEFAULT_FRAME])],
      ["SIMPLE_LIST", JSON.stringify([SIMPLE_FRAME])],
    ] as const
  ) {
    it(`decodes ${format}`, () => {
      const { events, errors } = decodeAll(text);
      assert.deepEqual(errors, []);
      assert.deepEqual(events, [EXPECTED]);
    });
  }

  it("leaves body out when the frame has none, and keeps a null body", () => {
    const { body: _b, ...noBody } = DEFAULT_FRAME;
    const { events } = decodeAll(JSON.stringify(noBody));
    assert.equal("body" in events[0]!, false);
    const nulled = decodeAll(JSON.stringify({ ...DEFAULT_FRAME, body: null }));
    assert.equal((nulled.events[0] as AnnouncementEvent).body, null);
  });

  it("delivers a category Upbit may add later, and reports a broken frame", () => {
    const { events } = decodeAll(JSON.stringify({ ...DEFAULT_FRAME, category: "new_kind" }));
    assert.equal((events[0] as AnnouncementEvent).category, "new_kind");
    const bad = decodeAll(JSON.stringify({ ...SIMPLE_FRAME, tt: 5 }));
    assert.equal(bad.events.length, 0);
    assert.match(bad.errors[0]!.message, /"tt" must be a string/);
  });
});

describe("announcement arguments", () => {
  const keyed = () => new UpbitClient({ accessKey: "ak", secretKey: "sk", lingerMs: 0 });

  it("refuses unknown categories, naming the guide's wrong one", () => {
    const client = keyed();
    defer(() => client.close());
    assert.throws(
      () => client.announcements({ categories: ["trading" as "trade"] }),
      (e: Error) =>
        e instanceof RangeError && /"trading"/.test(e.message) && /"trade"/.test(e.message),
    );
    assert.throws(() => client.announcements({ categories: [] }), RangeError);
    assert.throws(
      () => client.announcements({ categories: "trade" as unknown as ["trade"] }),
      TypeError,
    );
    assert.throws(
      () => client.announcements({ includeBody: "yes" as unknown as boolean }),
      /includeBody must be a boolean: current value is "yes"/,
    );
    assert.equal(client.health().connections.length, 0, "nothing opened");
  });

  it("needs credentials and has no snapshot", async () => {
    const anonymous = new UpbitClient();
    defer(() => anonymous.close());
    assert.throws(() => anonymous.announcements(), { name: "AuthenticationError" });
    const client = keyed();
    defer(() => client.close());
    assert.throws(() => client.announcements({ stream: "snapshot" }), /no snapshots of it/);
    await assert.rejects(
      client.snapshot("announcement" as "ticker", ["KRW-BTC"]),
      /Cannot take a snapshot of announcement as Upbit sends none/,
    );
  });
});

describe("announcement stream against the emulator", () => {
  const KEYS = { accessKey: "ann-access", secretKey: "ann-secret-0123456789" };

  async function setup(
    format: "DEFAULT" | "SIMPLE_LIST" = "DEFAULT",
  ): Promise<{ emu: RemoteOrLocalEmulator; client: UpbitClient }> {
    const emu = await useEmulator({ market: { tickMs: 0 }, accounts: [KEYS] });
    defer(() => emu.close());
    const client = new UpbitClient({
      url: emu.url,
      privateUrl: emu.privateUrl,
      ...KEYS,
      reconnect: { initialDelayMs: 5, maxDelayMs: 20 },
      lingerMs: 0,
      format,
    });
    defer(() => client.close());
    const errors: UpbitError[] = [];
    client.addEventListener("error", (e) => void errors.push(e.error));
    defer(() => assert.deepEqual(errors.map((e) => e.message), []));
    return { emu, client };
  }

  for (const format of ["DEFAULT", "SIMPLE_LIST"] as const) {
    it(`filters by category per consumer and sends the body only where asked (${format})`, async () => {
      const { emu, client } = await setup(format);
      const listings: AnnouncementEvent[] = [];
      const all: AnnouncementEvent[] = [];
      const it1 = client.announcements({ categories: ["trade"] })[Symbol.asyncIterator]();
      client.subscribeAnnouncements((a) => void all.push(a), { includeBody: true });
      await eventually(async () =>
        (await emu.state()).connections.some((c) =>
          c.open && c.endpoint === "private" &&
          c.subscriptions.some((s) => s.type === "announcement")
        )
      );
      // One request carries both consumers: every category (one wants all) and the body.
      const { connections } = await emu.state();
      const last = connections.find((c) => c.open && c.endpoint === "private")!.requests.last.at(
        -1,
      )!;
      const announcement = (JSON.parse(last) as Record<string, unknown>[])
        .find((o) => o["type"] === "announcement");
      assert.deepEqual(announcement, { type: "announcement", include_body: true });

      await emu.control("announcements", { title: "점검 안내", category: "maintenance" });
      await emu.control("announcements", {
        title: "[거래] 신규 상장",
        category: "trade",
        body: "**KRW-NEW** 상장",
      });
      const first = await it1.next();
      assert.equal(first.done, false);
      listings.push(first.value as AnnouncementEvent);
      await eventually(() => all.length === 2);
      assert.deepEqual(listings.map((a) => a.title), ["[거래] 신규 상장"]);
      assert.equal("body" in listings[0]!, false, "no body for a consumer that did not ask");
      assert.deepEqual(all.map((a) => [a.category, a.body]), [
        ["maintenance", null],
        ["trade", "**KRW-NEW** 상장"],
      ]);
      assert.equal(all[1]!.eventType, "CREATED");
      assert.match(all[1]!.listedAt, /\+09:00$/);
      await it1.return?.();
    });
  }

  it("sends only the union of categories when every consumer filters", async () => {
    const { emu, client } = await setup();
    const got: AnnouncementEvent[] = [];
    client.subscribeAnnouncements((a) => void got.push(a), { categories: ["wallet"] });
    const sub = client.subscribeAnnouncements(() => {}, { categories: ["trade", "wallet"] });
    const request = async () => {
      const { connections } = await emu.state();
      const c = connections.find((x) => x.open && x.endpoint === "private");
      const last = c?.requests.last.at(-1);
      return last === undefined
        ? undefined
        : (JSON.parse(last) as Record<string, unknown>[]).find((o) => o["type"] === "announcement");
    };
    await eventually(async () => (await request()) !== undefined);
    assert.deepEqual(await request(), { type: "announcement", categories: ["trade", "wallet"] });
    sub.close();
    await eventually(async () => {
      const r = await request();
      return JSON.stringify(r?.["categories"]) === '["wallet"]';
    });
    await emu.control("announcements", { title: "listing", category: "trade" });
    await emu.control("announcements", { title: "wallet", category: "wallet" });
    await eventually(() => got.length === 1);
    assert.equal(got[0]!.title, "wallet");
  });
});
