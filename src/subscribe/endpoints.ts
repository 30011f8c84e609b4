/**
 * The client's endpoints: the public one, and the private and `/info` ones once a stream with
 * keys needs them, each made on first use. Holds the keys (as a header maker, never the token)
 * and one connect gate per host shared by every endpoint on it.
 *
 * @module
 */
import { envDenied, readEnv } from "../auth/env.ts";
import { bearer } from "../auth/bearer.ts";
import { createRateGate, type RateGate } from "../demand/rate_gate.ts";
import { InfoRegistry } from "../demand/info_registry.ts";
import type { Registry } from "../demand/registry.ts";
import { createEndpoint, type Endpoint, type EndpointHooks } from "../endpoint.ts";
import { AuthenticationError, type UpbitError } from "../errors.ts";
import type { UpbitClientOptions } from "../options.ts";
import type { ResolvedOptions } from "../resolved_options.ts";
import type { ConnectionName } from "../wire/connection.ts";
import type { Target } from "./target.ts";

/** An endpoint of any kind. */
export type AnyEndpoint = Endpoint<Registry | InfoRegistry>;

/** Where the endpoints report: the client's events. */
export interface EndpointReports {
  /** Counters the connections feed. */
  counters: EndpointHooks["counters"];
  /** Dispatches a lifecycle event on the client. */
  dispatch: (event: Event) => void;
  /** Sends an error to the client's `error` event. */
  error: (error: UpbitError, connection: ConnectionName) => void;
}

/** The client's endpoints, made on first use. */
export class ClientEndpoints {
  #options: ResolvedOptions;
  #reports: EndpointReports;
  #public: Endpoint | undefined;
  #private: Endpoint | undefined;
  #info: Endpoint<InfoRegistry> | undefined;
  #credentials: (() => Promise<Record<string, string>>) | undefined;
  /** Why keys from the environment could not be read (a missing permission), if so. */
  #envNote = "";
  /** Connect attempts per host, shared by every connection of this client to that host. */
  #connectGates = new Map<string, RateGate>();

  /**
   * Reads the keys (options, else the environment) and makes nothing yet.
   *
   * @param given the options as the user passed them (`accessKey`, `secretKey`)
   * @param options the resolved options
   * @param reports where the endpoints report
   * @throws {TypeError} when only one key is set, or one is empty
   */
  constructor(given: UpbitClientOptions, options: ResolvedOptions, reports: EndpointReports) {
    this.#options = options;
    this.#reports = reports;
    const accessKey = given.accessKey ?? readEnv("UPBIT_ACCESS_KEY");
    const secretKey = given.secretKey ?? readEnv("UPBIT_SECRET_KEY");
    if (accessKey !== undefined || secretKey !== undefined) {
      if (typeof accessKey !== "string" || accessKey === "") {
        throw new TypeError("Cannot use private streams as accessKey must be a non-empty string");
      }
      if (typeof secretKey !== "string" || secretKey === "") {
        throw new TypeError("Cannot use private streams as secretKey must be a non-empty string");
      }
      this.#credentials = bearer(accessKey, secretKey, options.jwtAlgorithm);
    } else if (envDenied("UPBIT_ACCESS_KEY") || envDenied("UPBIT_SECRET_KEY")) {
      this.#envNote = " (UPBIT_ACCESS_KEY and UPBIT_SECRET_KEY could not be read as Deno's env " +
        "permission is missing: run with --allow-env=UPBIT_ACCESS_KEY,UPBIT_SECRET_KEY)";
    }
  }

  /**
   * The endpoint that serves `target`, made if needed.
   *
   * @param target what is asked for
   * @returns its endpoint
   * @throws {AuthenticationError} for a private or `/info` target without keys
   */
  serving(target: Target): AnyEndpoint {
    return target.endpoint === "info"
      ? this.info()
      : target.endpoint === "private"
      ? this.private()
      : this.public();
  }

  /** @returns the public endpoint, made if needed */
  public(): Endpoint {
    return this.#public ??= this.#make("public", this.#options.endpoints.public, undefined);
  }

  /**
   * @returns the private endpoint, made if needed
   * @throws {AuthenticationError} without keys
   */
  private(): Endpoint {
    const credentials = this.#keys("a private stream");
    return this.#private ??= this.#make("private", this.#options.endpoints.private, credentials);
  }

  /**
   * @returns the `/info` endpoint, made if needed
   * @throws {AuthenticationError} without keys
   */
  info(): Endpoint<InfoRegistry> {
    const credentials = this.#keys("an indicator stream");
    return this.#info ??= this.#make(
      "info",
      this.#options.endpoints.info,
      credentials,
      new InfoRegistry(),
    );
  }

  /**
   * An endpoint if it exists, without making it.
   *
   * @param name which one
   * @returns it, or undefined
   */
  existing(name: ConnectionName): AnyEndpoint | undefined {
    return name === "public" ? this.#public : name === "info" ? this.#info : this.#private;
  }

  /** @returns every endpoint made so far */
  all(): AnyEndpoint[] {
    const out: AnyEndpoint[] = [];
    if (this.#public) out.push(this.#public);
    if (this.#private) out.push(this.#private);
    if (this.#info) out.push(this.#info);
    return out;
  }

  /**
   * Closes every endpoint and forgets it (a later subscribe would make new ones).
   *
   * @returns when every socket is closed
   */
  async close(): Promise<void> {
    const all = this.all();
    this.#public = undefined;
    this.#private = undefined;
    this.#info = undefined;
    await Promise.all(all.map((endpoint) => endpoint.close()));
  }

  #keys(what: string): () => Promise<Record<string, string>> {
    if (!this.#credentials) {
      throw new AuthenticationError(
        `Cannot open ${what} as no credentials are set: pass accessKey and secretKey, or set UPBIT_ACCESS_KEY and UPBIT_SECRET_KEY` +
          this.#envNote,
      );
    }
    return this.#credentials;
  }

  #make<R extends Registry | InfoRegistry = Registry>(
    name: ConnectionName,
    url: string,
    headers: (() => Promise<Record<string, string>>) | undefined,
    registry?: R,
  ): Endpoint<R> {
    const reports = this.#reports;
    const hooks: EndpointHooks = {
      connectGate: this.#connectGate(url),
      counters: reports.counters,
      dispatch: reports.dispatch,
      error: (error) => reports.error(error, name),
    };
    return registry === undefined
      ? createEndpoint<R>(name, url, headers, this.#options, hooks)
      : createEndpoint(name, url, headers, this.#options, hooks, registry);
  }

  /** The connect gate of `url`'s host, shared by every connection of this client to it. */
  #connectGate(url: string): RateGate {
    let host = url;
    try {
      host = new URL(url).host;
    } catch {
      // resolveOptions checked every endpoint; keep the whole string as the key otherwise.
    }
    let gate = this.#connectGates.get(host);
    if (gate === undefined) {
      // Upbit's websocket-connect limit (5 upgrades per second by default): a sliding window
      // with a margin never exceeds it in any fixed second either.
      gate = createRateGate(this.#options.connectLimits);
      this.#connectGates.set(host, gate);
    }
    return gate;
  }
}

/**
 * A URL without the user name and password it may carry (`ws://user:pass@host/…`).
 *
 * @param url an endpoint
 * @returns the same URL, safe to show
 */
export function withoutUserinfo(url: string): string {
  const parsed = new URL(url);
  if (parsed.username === "" && parsed.password === "") return url;
  parsed.username = "";
  parsed.password = "";
  return parsed.href;
}
