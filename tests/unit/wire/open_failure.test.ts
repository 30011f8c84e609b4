/**
 * Why a socket did not open (`src/wire/open_failure.ts`): the status in each runtime's wording,
 * the error class per status, the runtime's reason without repeats, a missing Deno permission,
 * and the classification the reconnect loop reads.
 */
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import {
  AuthenticationError,
  ConnectionClosedError,
  NotSupportedError,
  RateLimitedError,
} from "../../../src/errors.ts";
import {
  describeUrl,
  errorForStatus,
  openFailureKind,
  openTimedOut,
  permissionError,
  reasonOf,
  statusInMessage,
} from "../../../src/wire/open_failure.ts";

const URL_ = new URL("wss://user:pw@api.upbit.com/websocket/v1/private?token=SECRET");

describe("open_failure", () => {
  it("describes a URL without credentials or query", () => {
    assert.equal(describeUrl(URL_), "wss://api.upbit.com/websocket/v1/private");
    assert.doesNotMatch(errorForStatus(401, URL_, null).message, /SECRET|pw/);
  });

  it("reads the status in Deno's, Bun's and ws's wording, never 101", () => {
    assert.equal(statusInMessage("Invalid status code: 401"), 401);
    assert.equal(statusInMessage("Expected 101 status code: 403"), 403);
    assert.equal(statusInMessage("Unexpected server response: 429"), 429);
    assert.equal(statusInMessage("Received network error or non-101 status code."), undefined);
    assert.equal(statusInMessage("status code: 101"), undefined);
  });

  it("maps a refused upgrade's status to its error, with Retry-After", () => {
    assert.ok(errorForStatus(401, URL_, null) instanceof AuthenticationError);
    assert.ok(errorForStatus(403, URL_, null) instanceof AuthenticationError);
    const limited = errorForStatus(429, URL_, "3");
    assert.ok(limited instanceof RateLimitedError);
    assert.equal(limited.retryAfterMs, 3000);
    assert.ok(errorForStatus(418, URL_, undefined) instanceof RateLimitedError);
    assert.ok(errorForStatus(502, URL_, null) instanceof ConnectionClosedError);
  });

  it("joins the runtime's reasons once each, codes included", () => {
    const error = Object.assign(new Error("connect failed"), {
      code: "ECONNREFUSED",
      cause: { message: "connect failed", code: "ECONNREFUSED" },
    });
    const event = Object.assign(new Event("error"), {
      message: "NetworkError: connect failed",
      error,
    });
    assert.equal(reasonOf(event), "NetworkError: connect failed; ECONNREFUSED");
    assert.equal(reasonOf(new Event("error")), "");
  });

  it("names a missing Deno permission with the flag to add", () => {
    const denied = permissionError(Object.assign(new Error("x"), { name: "NotCapable" }), URL_);
    assert.ok(denied instanceof NotSupportedError);
    assert.match(denied.message, /--allow-net=api\.upbit\.com/);
    assert.equal(permissionError(new Error("x"), URL_), undefined);
  });

  it("classifies failures for the reconnect loop", () => {
    const network = new ConnectionClosedError("x", { cause: new Error("connect ECONNREFUSED") });
    assert.equal(openFailureKind(network), "network");
    assert.equal(openFailureKind(new ConnectionClosedError("x as it closed")), "refused");
    assert.equal(openFailureKind(openTimedOut(URL_, 5000)), "other");
    assert.equal(openFailureKind(errorForStatus(401, URL_, null)), "other");
  });
});
