// The hand-over between the chat and the editor's edit proposals: the chat's Replace asks for a
// proposal through this command instead of writing at once, and the editor shows it as the same diff
// with Accept and Reject as Edit Selection. Features do not import each other; they share these names.

export const PROPOSE_EDIT_COMMAND = 'grok.proposeEdit';

export interface ProposeEditArgs {
  /** The document's URI, as uri.toString() gives it (the document must be open). */
  uri: string;
  /** Offsets in the document of the text to replace (equal: an insertion). */
  start: number;
  end: number;
  text: string;
  /** Shown with the proposal; "Replace from the chat" by default. */
  instruction?: string;
}

export type ProposeEditResult = { status: 'ready'; id: string } | { status: 'invalid'; reason: string };

export function isProposeEditArgs(v: unknown): v is ProposeEditArgs {
  if (typeof v !== 'object' || v === null) return false;
  const a = v as Record<string, unknown>;
  return (
    typeof a.uri === 'string' &&
    Number.isInteger(a.start) &&
    Number.isInteger(a.end) &&
    typeof a.text === 'string' &&
    (a.instruction === undefined || typeof a.instruction === 'string')
  );
}
