/**
 * Frames without a data type, as real Upbit servers send them: status, errors, LIST_SUBSCRIPTIONS.
 * Each is raw text (the wire has no other format for them) and the sink call it must make.
 *
 * @module
 */

/** What the decoder must hand the sink for a control frame. */
export type ControlCall =
  | { kind: "status"; status: string }
  | { kind: "serverError"; name: string; message: string }
  | {
    kind: "subscriptions";
    list: { type: string; codes?: string[]; level?: number }[];
    ticket: string | undefined;
  };

/** One control frame and its sink call. */
export interface ControlEntry {
  /** Which fact of `upbit-protocol.md` the frame shows. */
  fact: string;
  /** The frame's text. */
  text: string;
  /** The sink call, written out. */
  call: ControlCall;
}

/** Control frames. */
export const CONTROL_CORPUS: ControlEntry[] = [
  {
    fact: "§3.8: the answer to a text PING (sent as a binary frame, §10.1)",
    text: '{"status":"UP"}',
    call: { kind: "status", status: "UP" },
  },
  {
    fact: "§10.1: Korean message on the Korean host, message before name (live notes)",
    text: '{"error":{"message":"Format 이 맞지 않습니다.","name":"WRONG_FORMAT"}}',
    call: { kind: "serverError", name: "WRONG_FORMAT", message: "Format 이 맞지 않습니다." },
  },
  {
    fact: "§5.2: INVALID_PARAM for an unknown type, Korean",
    text: '{"error":{"name":"INVALID_PARAM","message":"nope 은 지원하지 않는 타입입니다."}}',
    call: {
      kind: "serverError",
      name: "INVALID_PARAM",
      message: "nope 은 지원하지 않는 타입입니다.",
    },
  },
  {
    fact: "§10.1: English message on a regional host",
    text: '{"error":{"name":"INVALID_AUTH","message":"Authentication information is invalid."}}',
    call: {
      kind: "serverError",
      name: "INVALID_AUTH",
      message: "Authentication information is invalid.",
    },
  },
  {
    fact: "§10.2: TOO_MANY_REQUEST (no s), documented since 2026-09-23",
    text: '{"error":{"message":"요청 수 제한을 초과했습니다.","name":"TOO_MANY_REQUEST"}}',
    call: {
      kind: "serverError",
      name: "TOO_MANY_REQUEST",
      message: "요청 수 제한을 초과했습니다.",
    },
  },
  {
    fact: "§2.4: LIST_SUBSCRIPTIONS reply, DEFAULT keys",
    text:
      '{"method":"LIST_SUBSCRIPTIONS","result":[{"type":"ticker","codes":["KRW-BTC","KRW-ETH"]},{"type":"orderbook","codes":["KRW-BTC"],"level":0},{"type":"myAsset"}],"ticket":"t-1"}',
    call: {
      kind: "subscriptions",
      list: [
        { type: "ticker", codes: ["KRW-BTC", "KRW-ETH"] },
        { type: "orderbook", codes: ["KRW-BTC"], level: 0 },
        { type: "myAsset" },
      ],
      ticket: "t-1",
    },
  },
  {
    fact: "§7.7: LIST_SUBSCRIPTIONS reply, SIMPLE keys",
    text:
      '{"mthd":"LIST_SUBSCRIPTIONS","rslt":[{"ty":"ticker","cds":["KRW-BTC","KRW-ETH"]},{"ty":"orderbook","cds":["KRW-BTC","KRW-ETH"],"lv":0}],"tckt":"unique uuid"}',
    call: {
      kind: "subscriptions",
      list: [
        { type: "ticker", codes: ["KRW-BTC", "KRW-ETH"] },
        { type: "orderbook", codes: ["KRW-BTC", "KRW-ETH"], level: 0 },
      ],
      ticket: "unique uuid",
    },
  },
];
