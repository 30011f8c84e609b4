/** Types of format.js (the page's text formatting). */
export declare function priceDecimals(price: number): number;
export declare function formatPrice(price: number | undefined): string;
export declare function formatVolume(volume: number | string | undefined): string;
export declare function formatRate(rate: number | undefined): string;
export declare function formatAge(ms: number | undefined): string;
export declare function formatTime(ms: number): string;
export declare function changeClass(change: string | number | undefined): "rise" | "fall" | "even";
