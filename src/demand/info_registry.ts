/**
 * The desired subscription set of the `/info` connection (`indicator` and `indicator_signal`):
 * one stream per combination of type, code, timeframe and indicator (with its trigger), the
 * union of every live consumer; the request that puts the whole set on the wire; and the routing
 * of decoded events back to their consumers.
 *
 * Upbit replaces the whole set on every request and counts combinations (codes × indicators of
 * each type object, both types added together) up to 100 per connection, so the request never
 * multiplies codes by indicators that no consumer asked for: codes that want the same indicators
 * share one type object, others get their own.
 *
 * @module
 */
import type { UpbitEvent, WireFormat } from "../types.ts";
import type { IndicatorTimeframe } from "../stream_types.ts";
import { type CanonicalIndicator, eventKey, MAX_COMBINATIONS } from "../protocol/indicators.ts";

/** One consumer of the `/info` connection. */
export interface InfoConsumerSpec {
  /** `indicator` or `indicator_signal`. */
  type: "indicator" | "indicator_signal";
  /** KRW codes. */
  codes: readonly string[];
  /** The timeframe. */
  timeframe: IndicatorTimeframe;
  /** The checked indicators (or conditions). */
  indicators: readonly CanonicalIndicator[];
  /** Receives each event meant for this consumer. */
  deliver: (event: UpbitEvent) => void;
  /** Called when Upbit refused this consumer's part of the request (the consumer is done). */
  fail?: (error: Error) => void;
  /** Called once, when a request carrying every combination of this consumer was sent. */
  live?: () => void;
}

/** A request built by {@linkcode InfoRegistry.request}; recorded by `commit` once sent. */
export interface InfoRequest {
  /** The JSON text to send. */
  readonly text: string;
  /** The consumers it carries. */
  readonly consumers: ReadonlySet<InfoConsumerSpec>;
  /** The type objects, as compared with the next request. */
  readonly body: string;
}

interface Stream {
  type: string;
  code: string;
  timeframe: string;
  indicator: CanonicalIndicator;
  consumers: InfoConsumerSpec[];
}

/**
 * The desired set of the `/info` connection. It has the same surface as the public and private
 * `Registry` as far as a `Connection` uses it; these streams have no snapshots.
 */
export class InfoRegistry {
  #streams = new Map<string, Stream>();
  #consumers = new Set<InfoConsumerSpec>();
  /** Consumers not live yet (see `settle`). */
  #pending = new Set<InfoConsumerSpec>();
  /** The request body (without ticket and format) last put on the wire; "" when none. */
  #sent = "";

  /** The number of live consumers. */
  get size(): number {
    return this.#consumers.size;
  }

  /** The number of combinations in the desired set. */
  get streamCount(): number {
    return this.#streams.size;
  }

  /**
   * How many combinations the set would hold with this consumer added.
   *
   * @param spec the would-be consumer
   * @returns the total
   */
  countWith(spec: Omit<InfoConsumerSpec, "deliver">): number {
    let added = 0;
    for (const key of keysOf(spec)) if (!this.#streams.has(key)) added++;
    return this.#streams.size + added;
  }

  /**
   * Adds a consumer.
   *
   * @param spec what it wants and where its events go
   * @returns the same spec, as the handle for {@linkcode InfoRegistry.remove}
   * @throws {RangeError} when the set would exceed Upbit's 100 combinations per connection
   */
  add(spec: InfoConsumerSpec): InfoConsumerSpec {
    const total = this.countWith(spec);
    if (total > MAX_COMBINATIONS) {
      throw new RangeError(
        `Cannot subscribe to ${spec.type} as the /info connection would carry ${total} combinations (codes × indicators, indicator and indicator_signal together), ${
          total - MAX_COMBINATIONS
        } over Upbit's limit of ${MAX_COMBINATIONS}: current value is ${spec.codes.length} codes × ${spec.indicators.length} indicators`,
      );
    }
    this.#consumers.add(spec);
    this.#pending.add(spec);
    for (const code of spec.codes) {
      for (const indicator of spec.indicators) {
        const key = streamKey(spec.type, code, spec.timeframe, indicator.key);
        let stream = this.#streams.get(key);
        if (!stream) {
          stream = { type: spec.type, code, timeframe: spec.timeframe, indicator, consumers: [] };
          this.#streams.set(key, stream);
        }
        stream.consumers = [...stream.consumers, spec];
      }
    }
    return spec;
  }

  /**
   * Removes a consumer; idempotent.
   *
   * @param spec what {@linkcode InfoRegistry.add} returned
   */
  remove(spec: InfoConsumerSpec): void {
    if (!this.#consumers.delete(spec)) return;
    this.#pending.delete(spec);
    for (const key of keysOf(spec)) {
      const stream = this.#streams.get(key);
      if (!stream) continue;
      stream.consumers = stream.consumers.filter((c) => c !== spec);
      if (stream.consumers.length === 0) this.#streams.delete(key);
    }
  }

  /** A new socket starts with nothing on the wire. */
  resetWire(): void {
    this.#sent = "";
  }

  /**
   * Whether the desired set differs from what was last sent.
   *
   * @param include the consumers a request may carry (all when absent)
   * @returns whether to send a request
   */
  needsRequest(include?: (consumer: InfoConsumerSpec) => boolean): boolean {
    return this.#body(include) !== this.#sent;
  }

  /**
   * Builds the request for the consumers `include` lets through. Changes nothing.
   *
   * @param ticket the request's ticket
   * @param format the connection-wide wire format
   * @param include the consumers it may carry (all when absent)
   * @returns the request, or `undefined` when nothing is wanted
   */
  request(
    ticket: string,
    format: WireFormat,
    include?: (consumer: InfoConsumerSpec) => boolean,
  ): InfoRequest | undefined {
    const body = this.#body(include);
    if (body === "") return undefined;
    const consumers = new Set([...this.#consumers].filter((c) => include?.(c) ?? true));
    return {
      text: `[${JSON.stringify({ ticket })},${body},${JSON.stringify({ format })}]`,
      consumers,
      body,
    };
  }

  /**
   * Records that a request went out; `undefined` records that nothing is wanted.
   *
   * @param request what {@linkcode InfoRegistry.request} returned
   */
  commit(request: InfoRequest | undefined): void {
    this.#sent = request?.body ?? "";
  }

  /**
   * Whether a consumer is live.
   *
   * @param spec what {@linkcode InfoRegistry.add} returned
   * @returns whether it was added and not removed
   */
  has(spec: InfoConsumerSpec): boolean {
    return this.#consumers.has(spec);
  }

  /**
   * Fails consumers Upbit refused (each through its own `fail`).
   *
   * @param consumers what {@linkcode InfoRegistry.add} returned
   * @param error Upbit's refusal
   */
  refuse(consumers: readonly InfoConsumerSpec[], error: Error): void {
    for (const consumer of consumers) consumer.fail?.(error);
  }

  /**
   * Builds the request that puts the whole set on the wire, and records it as sent.
   *
   * @param ticket the request's ticket
   * @param format the connection-wide wire format
   * @returns the JSON text, or `undefined` when nothing is wanted
   */
  buildRequest(ticket: string, format: WireFormat): string | undefined {
    const body = this.#body();
    this.#sent = body;
    if (body === "") return undefined;
    return `[${JSON.stringify({ ticket })},${body},${JSON.stringify({ format })}]`;
  }

  /**
   * Tells every waiting consumer `include` lets through that it is live once what was last sent
   * is the desired set for them (see {@linkcode InfoConsumerSpec.live}); the connection calls it
   * after each request, and when a change needed none.
   *
   * @param include the consumers now on the wire (all when absent)
   */
  settle(include?: (consumer: InfoConsumerSpec) => boolean): void {
    if (this.#pending.size === 0 || this.#sent === "" || this.#sent !== this.#body(include)) return;
    for (const spec of this.#pending) {
      if (include !== undefined && !include(spec)) continue;
      this.#pending.delete(spec);
      spec.live?.();
    }
  }

  /** These streams have no snapshots. */
  awaitingSnapshots(): boolean {
    return false;
  }

  /**
   * These streams have no snapshots to ask for again.
   *
   * @param _maxTries unused
   * @returns false
   */
  retrySnapshots(_maxTries: number): boolean {
    return false;
  }

  /**
   * Hands a decoded event to the consumers of its combination.
   *
   * @param event the decoded event
   * @returns whether a combination matched
   */
  route(event: UpbitEvent): boolean {
    if (event.type !== "indicator" && event.type !== "indicator_signal") return false;
    const key = event.type === "indicator"
      ? eventKey(event.indicator, event.params)
      : eventKey(event.indicator, event.params, event.trigger, event.eventParams);
    if (key === undefined) return false;
    const stream = this.#streams.get(streamKey(event.type, event.code, event.timeframe, key));
    if (!stream) return false;
    for (const consumer of stream.consumers) consumer.deliver(event);
    return true;
  }

  /**
   * The type objects of the set, comma-joined: per type and timeframe, codes that want the same
   * indicators share one object. Deterministic (sorted), so an unchanged set compares equal.
   */
  #body(include?: (consumer: InfoConsumerSpec) => boolean): string {
    const groups = new Map<string, Map<string, Map<string, CanonicalIndicator>>>();
    for (const s of this.#streams.values()) {
      if (include !== undefined && !s.consumers.some(include)) continue;
      const group = `${s.type}|${s.timeframe}`;
      let byCode = groups.get(group);
      if (!byCode) groups.set(group, byCode = new Map());
      let set = byCode.get(s.code);
      if (!set) byCode.set(s.code, set = new Map());
      set.set(s.indicator.key, s.indicator);
    }
    const objects: string[] = [];
    for (const group of [...groups.keys()].sort()) {
      const [type, timeframe] = group.split("|") as [string, string];
      const bySet = new Map<string, { codes: string[]; indicators: CanonicalIndicator[] }>();
      for (const [code, set] of groups.get(group)!) {
        const keys = [...set.keys()].sort();
        const signature = keys.join("\n");
        let entry = bySet.get(signature);
        if (!entry) {
          bySet.set(signature, entry = { codes: [], indicators: keys.map((k) => set.get(k)!) });
        }
        entry.codes.push(code);
      }
      for (const signature of [...bySet.keys()].sort()) {
        const { codes, indicators } = bySet.get(signature)!;
        objects.push(JSON.stringify({
          type,
          codes: codes.sort(),
          timeframe,
          indicators: indicators.map((i) => i.wire),
        }));
      }
    }
    return objects.join(",");
  }
}

function streamKey(type: string, code: string, timeframe: string, indicator: string): string {
  return `${type}|${code}|${timeframe}|${indicator}`;
}

function keysOf(spec: Omit<InfoConsumerSpec, "deliver">): string[] {
  const keys: string[] = [];
  for (const code of spec.codes) {
    for (const indicator of spec.indicators) {
      keys.push(streamKey(spec.type, code, spec.timeframe, indicator.key));
    }
  }
  return keys;
}
