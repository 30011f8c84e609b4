/**
 * `using` and `await using` in real syntax. Kept apart because a runtime without explicit resource
 * management (Node 22) cannot even parse this file: import it only where `hasUsingSyntax()` holds.
 *
 * @module
 */

/** Enters and leaves a block with `using d`. */
export function leaveUsingBlock(disposable: Disposable): void {
  using _scoped = disposable;
}

/** Enters and leaves a block with `await using d`. */
export async function leaveAwaitUsingBlock(disposable: AsyncDisposable): Promise<void> {
  await using _scoped = disposable;
}
