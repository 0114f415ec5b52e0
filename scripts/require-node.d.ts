/** One sentence naming the Node.js version needed and how to get it, or null when this one will do. */
export function nodeVersionProblem(version?: string): string | null;
