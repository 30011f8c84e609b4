/**
 * The shape of one corpus entry: a frame as real Upbit servers send it (DEFAULT keys; the corpus
 * test writes it in all four wire formats with the emulator's own codec), the fact of
 * `upbit-protocol.md` it shows, and the event the client must deliver, written out by hand.
 *
 * @module
 */
import type { WireObject } from "../../testing/codec/json.ts";
import type { UpbitEvent } from "../../src/types.ts";

/** One real-shaped data frame and the event it must decode to. */
export interface CorpusEntry<E extends UpbitEvent = UpbitEvent> {
  /** Which fact (section of `upbit-protocol.md`, and where it was seen) the frame shows. */
  fact: string;
  /** The frame in DEFAULT keys; `bigint` for ids above 2^53, written exactly. */
  frame: WireObject;
  /** The event, written out (never computed by the code under test). */
  event: E;
}
