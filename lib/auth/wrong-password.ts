/**
 * The refusal of a password asked again to sign or confirm (lib/auth/reauthenticate.ts), and what it means for the act
 * ("nothing was signed"), which a form's error summary keeps as its heading while the field says "Wrong password.".
 * Client-safe: the summary reads it back from the message the server sent.
 */
export const wrongPasswordMessage = (outcome: string) => `The password is not correct; nothing was ${outcome}.`;

const WRONG_PASSWORD = /^The password is not correct; (nothing was [^.]+)\.$/;

/** "Nothing was signed." from wrongPasswordMessage('signed'); undefined for any other message. */
export function wrongPasswordOutcome(message: string): string | undefined {
  const outcome = WRONG_PASSWORD.exec(message)?.[1];
  return outcome ? `${outcome.charAt(0).toUpperCase()}${outcome.slice(1)}.` : undefined;
}
