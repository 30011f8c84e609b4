/**
 * Upbit frames verbatim as text, as the wire carries them (Java-style trailing zeros and
 * exponents, SIMPLE keys, list forms, control frames), for decoder tests that must see the exact
 * bytes. The same frames as objects are the factories in `frames.ts`, taken from tests/corpus/.
 * These stay text, not derived from the corpus, because the bytes are the point (trailing zeros,
 * exponents, key order, digits beyond a double): the decoder tests decode each one and compare
 * it with the corpus's event or frame (e.g. `TICKER_TEXT` with `TICKER_EVENT` in
 * tests/unit/decode/ticker.test.ts), so a field added to the corpus fails there until it is
 * added here too.
 *
 * @module
 */

/** §7.1 DEFAULT ticker, verbatim (Java-style trailing zeros). */
export const TICKER_TEXT =
  `{"type":"ticker","code":"KRW-BTC","opening_price":31883000,"high_price":32310000,"low_price":31855000,"trade_price":32287000,"prev_closing_price":31883000.00000000,"acc_trade_price":78039261076.51241000,"change":"RISE","change_price":404000.00000000,"signed_change_price":404000.00000000,"change_rate":0.0126713295,"signed_change_rate":0.0126713295,"ask_bid":"ASK","trade_volume":0.03103806,"acc_trade_volume":2429.58834336,"trade_date":"20230221","trade_time":"074102","trade_timestamp":1676965262139,"acc_ask_volume":1146.25573608,"acc_bid_volume":1283.33260728,"highest_52_week_price":57678000.00000000,"highest_52_week_date":"2022-03-28","lowest_52_week_price":20700000.00000000,"lowest_52_week_date":"2022-12-30","market_state":"ACTIVE","is_trading_suspended":false,"delisting_date":null,"market_warning":"NONE","timestamp":1676965262177,"acc_trade_price_24h":228827082483.70729000,"acc_trade_volume_24h":7158.80283560,"stream_type":"REALTIME"}`;

/** §7.1 SIMPLE ticker, verbatim. */
export const TICKER_SIMPLE_TEXT =
  `{"ty":"ticker","cd":"KRW-BTC","op":31883000,"hp":32310000,"lp":31855000,"tp":32287000,"pcp":31883000.00000000,"atp":78039261076.51241000,"c":"RISE","cp":404000.00000000,"scp":404000.00000000,"cr":0.0126713295,"scr":0.0126713295,"ab":"ASK","tv":0.03103806,"atv":2429.58834336,"tdt":"20230221","ttm":"074102","ttms":1676965262139,"aav":1146.25573608,"abv":1283.33260728,"h52wp":57678000.00000000,"h52wdt":"2022-03-28","l52wp":20700000.00000000,"l52wdt":"2022-12-30","ms":"ACTIVE","its":false,"dd":null,"mw":"NONE","tms":1676965262177,"atp24h":228827082483.70729000,"atv24h":7158.80283560,"st":"REALTIME"}`;

/** §7.2 SIMPLE trade, verbatim. */
export const TRADE_SIMPLE_TEXT =
  `{"ty":"trade","cd":"KRW-BTC","tms":1787728554853,"td":"2026-08-26","ttm":"07:15:54","ttms":1787728554797,"tp":109847000.0,"tv":0.00509799,"ab":"ASK","pcp":109165000.0,"c":"RISE","cp":682000.0,"sid":17877285547970000,"bap":109867000,"bas":0.0099545,"bbp":109847000,"bbs":0.1583673,"st":"SNAPSHOT"}`;

/** §7.2 the 2018 SIMPLE trade: legacy `mk` for the code, no `ty`, no best bid/ask. */
export const TRADE_LEGACY_TEXT =
  `{"mk":"KRW-BTC","tms":1523531768829,"td":"2018-04-12","ttm":"11:16:03","ttms":1523531763000,"tp":7691000.0,"tv":0.00996719,"ab":"BID","pcp":7429000.00000000,"c":"RISE","cp":262000.00000000,"sid":1523531768829000,"st":"SNAPSHOT"}`;

/** §7.3 SIMPLE orderbook wire capture (Java exponents `7.9276E-4`, `5.0E-4`), 2 units. */
export const ORDERBOOK_SIMPLE_TEXT =
  `{"ty":"orderbook","cd":"KRW-BTC","tms":1790134773006,"tas":0.48514983,"tbs":2.2403413,"obu":[{"ap":116606000,"bp":116534000,"as":0.06288509,"bs":7.9276E-4},{"ap":116609000,"bp":116521000,"as":5.0E-4,"bs":0.01624318}],"st":"SNAPSHOT","lv":0}`;

/** §7.4 SIMPLE_LIST candle (first element), verbatim. */
export const CANDLE_SIMPLE_LIST_TEXT =
  `[{"ty":"candle.1s","cd":"KRW-BTC","cdttmu":"2025-07-07T02:29:24","cdttmk":"2025-07-07T11:29:24","op":149000000.0,"hp":149000000.0,"lp":149000000.0,"tp":149000000.0,"catv":0.00033557,"catp":49999.93,"tms":1751855364161,"st":"SNAPSHOT"}]`;

/** §7.5 SIMPLE myOrder, verbatim. */
export const MY_ORDER_SIMPLE_TEXT =
  `{"ty":"myOrder","cd":"KRW-BTC","uid":"ac2dc2a3-fce9-40a2-a4f6-5987c25c438f","ab":"BID","ot":"limit","s":"trade","tuid":"68315169-fba4-4175-ade3-aff14a616657","p":0.001453,"ap":0.00145372,"v":30925891.29839369,"rv":29968038.09235948,"ev":30925891.29839369,"tc":1,"rsf":44.23943970238218,"rmf":21.77177967409916,"pf":22.467660028283017,"l":43565.33112787242,"ef":44935.32005656603,"tif":null,"tf":22.467660028283017,"im":true,"id":"test-1","smpt":"cancel_maker","pv":1.174291929,"pl":0.001706246173,"ttms":1710751590421,"otms":1710751590000,"tms":1710751597500,"st":"REALTIME"}`;

/** §7.6 DEFAULT myAsset, verbatim: amounts with more digits than a double holds. */
export const MY_ASSET_TEXT =
  `{"type":"myAsset","asset_uuid":"e635f223-1609-4969-8fb6-4376937baad6","assets":[{"currency":"KRW","balance":1386929.37231066771348207123,"locked":10329.670127489597585685}],"asset_timestamp":1710146517259,"timestamp":1710146517267,"stream_type":"REALTIME"}`;

/** §7.6 SIMPLE myAsset, verbatim. */
export const MY_ASSET_SIMPLE_TEXT =
  `{"ty":"myAsset","astuid":"e635f223-1609-4969-8fb6-4376937baad6","ast":[{"cu":"KRW","b":1386929.37231066771348207123,"l":10329.670127489597585685}],"asttms":1710146517259,"tms":1710146517267,"st":"REALTIME"}`;

/** §7.8 JSON_LIST: one frame holding two trade snapshots, verbatim. */
export const TRADE_JSON_LIST_TEXT =
  `[{"type":"trade","code":"KRW-BTC","timestamp":1730336862082,"trade_date":"2024-10-31","trade_time":"01:07:42","trade_timestamp":1730336862047,"trade_price":100473000.00000000,"trade_volume":0.00014208,"ask_bid":"BID","prev_closing_price":100571000.00000000,"change":"FALL","change_price":98000.00000000,"sequential_id":17303368620470000,"best_ask_price":100473000,"best_ask_size":0.43139478,"best_bid_price":100465000,"best_bid_size":0.01990656,"stream_type":"SNAPSHOT"},
 {"type":"trade","code":"KRW-ETH","timestamp":1730336862120,"trade_date":"2024-10-31","trade_time":"01:07:42","trade_timestamp":1730336862080,"trade_price":3700000.00000000,"trade_volume":0.02207517,"ask_bid":"BID","prev_closing_price":3695000.00000000,"change":"RISE","change_price":5000.00000000,"sequential_id":17303368620800006,"best_ask_price":3700000,"best_ask_size":0.39101775,"best_bid_price":3699000,"best_bid_size":0.13499454,"stream_type":"SNAPSHOT"}]`;

/** §2.4 LIST_SUBSCRIPTIONS replies (DEFAULT, doc) and §7.7 (SIMPLE). */
export const LIST_SUBSCRIPTIONS_TEXTS = {
  public:
    `{"method":"LIST_SUBSCRIPTIONS","result":[{"type":"ticker","codes":["KRW-BTC","KRW-ETH"]},{"type":"orderbook","codes":["KRW-BTC","KRW-ETH"],"level":0}],"ticket":"unique uuid"}`,
  private:
    `{"method":"LIST_SUBSCRIPTIONS","result":[{"type":"myAsset"},{"type":"myOrder","codes":["KRW-BTC","KRW-ETH"]}],"ticket":"unique uuid"}`,
  simple:
    `{"mthd":"LIST_SUBSCRIPTIONS","rslt":[{"ty":"ticker","cds":["KRW-BTC","KRW-ETH"]},{"ty":"orderbook","cds":["KRW-BTC","KRW-ETH"],"lv":0}],"tckt":"unique uuid"}`,
} as const;

/** §3.8 / §5.2: an error frame (doc key order) and the status frame. */
export const ERROR_TEXT = `{"error":{"name":"WRONG_FORMAT","message":"Format 이 맞지 않습니다."}}`;
/** The reply to a text `PING`. */
export const STATUS_TEXT = `{"status":"UP"}`;
