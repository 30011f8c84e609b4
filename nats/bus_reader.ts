/**
 * Reading one code of one type from the bus: an ordered JetStream consumer on
 * `<prefix>.<type>.<code>` (server 2.9 has no multi-filter consumers), retried every second until
 * the relay has made the stream, each message checked ({@linkcode decodeBusMessage}) and handed
 * to the subscription.
 *
 * @module
 */
import {
  type ConsumerMessages,
  DeliverPolicy,
  type JetStreamClient,
  type JsMsg,
} from "@nats-io/jetstream";
import { DecodeError, UpbitError } from "../src/errors.ts";
import type { StreamPreference } from "../src/demand/consumer.ts";
import type { OrderbookEvent, UpbitEvent } from "../src/types.ts";
import { quote } from "../src/args.ts";
import {
  type BusType,
  kindOf,
  SCHEMA_HEADER,
  SCHEMA_VERSION,
  streamName,
  subjectOf,
} from "./_wire.ts";

/** One code of one subscription being read. */
export interface Reader {
  /** The bus type. */
  type: BusType;
  /** The market code. */
  code: string;
  /** The consumer's message loop, once started. */
  messages: ConsumerMessages | undefined;
  /** Set when the subscription ends (or a snapshot is complete). */
  stopped: boolean;
}

/** What {@linkcode readBus} needs from its client. */
export interface BusReaderInit {
  /** The client's JetStream context (it may never open). */
  js: Promise<JetStreamClient>;
  /** The subject prefix. */
  prefix: string;
  /** The pull's expiry in ms. */
  expires: number;
  /** Whether the client was closed. */
  closed: () => boolean;
  /** Counters the reader updates. */
  metrics: {
    frames: number;
    bytes: number;
    lastMessageAt: number;
    decodeErrors: number;
    messages: Record<string, number>;
  };
}

/**
 * Reads one code through an ordered consumer until the reader stops.
 *
 * @param init the client's JetStream context, prefix and counters
 * @param reader the code being read (its `stopped` ends the loop)
 * @param stream `"realtime"` starts at new messages, else at the stored newest
 * @param units orderbook units to keep (30 keeps them all)
 * @param deliver hands an event over; returns false once the subscription wants no more
 * @param report reports a problem without ending the read
 * @returns when the consumer is set up (messages then flow through `deliver`)
 */
export async function readBus(
  init: BusReaderInit,
  reader: Reader,
  stream: StreamPreference,
  units: number,
  deliver: (event: UpbitEvent & { streamType: string }, first: boolean) => boolean,
  report: (error: unknown) => void,
): Promise<void> {
  const js = await init.js;
  // The streams appear when the first relay starts: until then (or while the server is away),
  // report once and try again every second.
  let consumer: Awaited<ReturnType<JetStreamClient["consumers"]["get"]>> | undefined;
  let reported = false;
  while (consumer === undefined) {
    if (reader.stopped || init.closed()) return;
    try {
      consumer = await js.consumers.get(streamName(init.prefix, kindOf(reader.type)), {
        filter_subjects: subjectOf(init.prefix, reader.type, reader.code),
        deliver_policy: stream === "realtime" ? DeliverPolicy.New : DeliverPolicy.Last,
      });
    } catch (e) {
      if (!reported) {
        reported = true;
        report(
          new UpbitError(
            "CONNECTION_CLOSED",
            `Cannot read ${reader.type} of ${reader.code} from the bus yet (is a relay running?); retrying every second`,
            { cause: e },
          ),
        );
      }
      await new Promise((r) => setTimeout(r, 1000));
    }
  }
  if (reader.stopped) return;
  let first = true;
  const decoder = new TextDecoder();
  reader.messages = await consumer.consume({
    expires: init.expires,
    max_messages: 256,
    callback: (m: JsMsg) => {
      if (reader.stopped) return;
      init.metrics.frames++;
      init.metrics.bytes += m.data.length;
      init.metrics.lastMessageAt = Date.now();
      let event: UpbitEvent & { streamType: string };
      try {
        event = decodeBusMessage(m, decoder, reader.type, reader.code);
      } catch (e) {
        init.metrics.decodeErrors++;
        report(e);
        return;
      }
      if (reader.type === "orderbook" && units < 30) {
        const book = event as unknown as OrderbookEvent;
        if (book.orderbookUnits.length > units) {
          event = { ...book, orderbookUnits: book.orderbookUnits.slice(0, units) } as never;
        }
      }
      const delivered = deliver(event, first);
      if (delivered) {
        first = false;
        init.metrics.messages[reader.type] = (init.metrics.messages[reader.type] ?? 0) + 1;
      } else if (stream === "snapshot") {
        reader.stopped = true;
        void reader.messages?.close().catch(() => {});
      }
    },
  });
  if (reader.stopped) void reader.messages.close().catch(() => {});
}

/**
 * Decodes one bus message: checks the schema header and the JSON's type and code.
 *
 * @param m the message
 * @param decoder a UTF-8 decoder
 * @param type the bus type it should hold
 * @param code the code it should hold
 * @returns the event
 * @throws {DecodeError} for a message without a known schema, not JSON, or of another type or code
 */
export function decodeBusMessage(
  m: { data: Uint8Array; headers?: { get(k: string): string } | undefined; subject: string },
  decoder: { decode(bytes: Uint8Array): string },
  type: string,
  code: string,
): UpbitEvent & { streamType: string } {
  const version = m.headers?.get(SCHEMA_HEADER) ?? "";
  if (version === "") {
    throw new DecodeError(`A message on ${m.subject} has no ${SCHEMA_HEADER} header`, {
      frameType: type,
    });
  }
  if (!/^\d+$/.test(version) || Number(version) > SCHEMA_VERSION) {
    throw new DecodeError(
      `A message on ${m.subject} has schema version ${
        quote(version.slice(0, 20))
      }; this client reads up to ${SCHEMA_VERSION}`,
      { frameType: type },
    );
  }
  let value: unknown;
  try {
    value = JSON.parse(decoder.decode(m.data));
  } catch (e) {
    throw new DecodeError(`A message on ${m.subject} is not JSON`, { frameType: type, cause: e });
  }
  const v = value as { type?: unknown; code?: unknown; timestamp?: unknown };
  if (
    value === null || typeof value !== "object" || v.type !== type || v.code !== code ||
    typeof v.timestamp !== "number"
  ) {
    throw new DecodeError(`A message on ${m.subject} is not a ${type} event of ${code}`, {
      frameType: type,
    });
  }
  return value as UpbitEvent & { streamType: string };
}
