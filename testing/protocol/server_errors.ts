/**
 * The error names Upbit sends in error frames and the message of each, in Korean (the KR host) and
 * English (the regional hosts), as the emulator reads them.
 *
 * @module
 */

/**
 * The documented error names (`error.name` of an error frame).
 *
 * @example Branch on an error frame
 * ```ts
 * import type { ErrorName } from "upbit-ws/testing";
 * const fatal = (n: ErrorName) => n === "INVALID_AUTH";
 * ```
 */
export type ErrorName =
  | "WRONG_FORMAT"
  | "NO_TICKET"
  | "NO_TYPE"
  | "NO_CODES"
  | "INVALID_PARAM"
  | "INVALID_AUTH"
  | "TOO_MANY_REQUEST"
  | "Too Many Requests"
  | "I'm a teapot";

/**
 * The messages Upbit sends with each error name (Korean, as on the KR endpoint).
 *
 * @example The text of an error
 * ```ts
 * import { ERROR_MESSAGES } from "upbit-ws/testing";
 * console.log(ERROR_MESSAGES.NO_TICKET);
 * ```
 */
export const ERROR_MESSAGES: Readonly<Record<ErrorName, string>> = Object.freeze({
  WRONG_FORMAT: "Format 이 맞지 않습니다.",
  NO_TICKET: "티켓이 존재하지 않거나, 유효하지 않습니다.",
  NO_TYPE: "type 필드가 존재하지 않습니다.",
  NO_CODES: "codes 필드가 존재하지 않습니다.",
  INVALID_PARAM: "codes 필드가 비어 있습니다.",
  INVALID_AUTH: "인증 정보가 올바르지 않습니다.",
  TOO_MANY_REQUEST: "구독 가능한 조합 수(100)를 초과했습니다.",
  "Too Many Requests": "요청 수 제한을 초과했습니다.",
  "I'm a teapot": "요청 수 제한 초과로 일시적으로 차단되었습니다.",
});

/**
 * The messages of the regional (English) hosts. Only `INVALID_AUTH`'s text is quoted by a source
 * (the English error page); the others are the emulator's translations of the Korean ones —
 * enough to check that a client never depends on the message's language.
 *
 * @example The English text of an error
 * ```ts
 * import { ERROR_MESSAGES_EN } from "upbit-ws/testing";
 * console.log(ERROR_MESSAGES_EN.INVALID_AUTH); // "Authentication information is invalid."
 * ```
 */
export const ERROR_MESSAGES_EN: Readonly<Record<ErrorName, string>> = Object.freeze({
  TOO_MANY_REQUEST: "Too many requests.",
  WRONG_FORMAT: "The format is not valid.",
  NO_TICKET: "The ticket does not exist or is not valid.",
  NO_TYPE: "The type field does not exist.",
  NO_CODES: "The codes field does not exist.",
  INVALID_PARAM: "A parameter is not supported.",
  INVALID_AUTH: "Authentication information is invalid.",
  "Too Many Requests": "Too many requests.",
  "I'm a teapot": "Temporarily blocked for exceeding the request limit.",
});
