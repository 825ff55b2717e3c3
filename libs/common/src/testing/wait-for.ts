/** Polls `condition` until it holds; rejects with `what` (and the last detail) after the deadline. */
export const waitFor = async (
  what: string,
  condition: () => boolean | Promise<boolean>,
  { timeoutMs = 30_000, intervalMs = 20, detail }: { timeoutMs?: number; intervalMs?: number; detail?: () => unknown } = {},
): Promise<void> => {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (await condition()) return;
    if (Date.now() > deadline) {
      throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}${detail ? `: ${JSON.stringify(detail())}` : ''}`);
    }
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
};
