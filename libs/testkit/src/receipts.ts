/**
 * An answer with its receipt cut down to the event it rests on (position and leaf hash). The
 * checkpoint a receipt carries is the latest signed one, which moves on its own once a second
 * while the log grows, so two answers resting on the same event may carry different ones.
 */
export const onReceiptEvent = <T>(answer: T): T => {
  if (typeof answer !== 'object' || answer === null || !('receipt' in answer)) return answer;
  const { receipt } = answer as { receipt: { position: number; leafHash: string } | null };
  return { ...answer, receipt: receipt && { position: receipt.position, leafHash: receipt.leafHash } };
};
