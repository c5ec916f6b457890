/** A command line's first `cd dir && ` (or `;`): the folder it changes into, and what it runs there. */
const CD_FIRST = /^\s*cd\s+("[^"]*"|'[^']*'|\S+)\s*(?:&&|;)\s*/;

/** The directory a command line changes into first (`cd dir && …`). */
export const cdOf = (cmd: string): string | undefined => CD_FIRST.exec(cmd)?.[1]?.replace(/^["']|["']$/g, '');

/** A command line without the `cd dir && ` it starts with. */
export const afterCd = (cmd: string): string => cmd.replace(CD_FIRST, '');
