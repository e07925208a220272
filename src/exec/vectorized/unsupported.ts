/** The engine's internal signal that a kernel path does not apply (the op then falls back). */

/** Thrown inside the engine when a kernel path does not apply; never escapes. */
export class Unsupported extends Error {}

export const unsupported = (why: string): never => {
  throw new Unsupported(why);
};
