/** Types of shape.js (the page's data shaping). */
export declare function mergeBar<T extends { t: number }>(
  bars: T[],
  bar: T,
  limit: number,
): "append" | "replace-last" | "replace-old" | "ignore";
export declare function cumulative(levels: [number, number][]): number[];
