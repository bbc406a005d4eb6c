// One Stop for everything Grok is writing (grok.stop): each feature registers how it stops, so the
// chat and the editor commands never import each other.
type Stopper = () => unknown;

const stoppers = new Set<Stopper>();

/** Registers what grok.stop stops; the returned disposable unregisters it. */
export function onStopAll(stop: Stopper): { dispose(): void } {
  stoppers.add(stop);
  return { dispose: () => void stoppers.delete(stop) };
}

/** Stops the chat's answer and every running editor request; what was written so far stays. */
export function stopAll(): void {
  for (const stop of stoppers) stop();
}
