/**
 * The cheap test before the walk. A statement whose text names nothing the extraction acts on,
 * and assigns no variable, cannot change what the extraction records: its nodes need not be
 * visited. Most of a real script is such housekeeping (logging, service checks, inventory), and
 * visiting nodes through the parser's API costs more than parsing them.
 *
 * The words come from the tables the walker itself matches names against (cmdlets, aliases, DSC
 * resources), so the filter and the walker cannot drift apart; a differential test runs scripts
 * through the walker with and without the filter and requires the same result. The test is
 * conservative: a match only means "walk it", so words inside strings or comments cost time,
 * never findings.
 */
import { ALIASES, CMDLETS } from "./commands.js";
import { DSC_RESOURCES } from "./dsc.js";

/** Names the walker acts on besides the tables: keywords, native commands, .NET registry calls. */
const OTHER_NAMES = ["node", "configuration", "reg", "setup", "registry", "setvalue", "deletevalue", "deletesubkey", "deletesubkeytree"];

function escaped(word: string): string {
  return word.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

const NAMES = [...CMDLETS.keys(), ...ALIASES.keys(), ...DSC_RESOURCES, ...OTHER_NAMES].filter((w) => /^[\w-]+$/.test(w));

/**
 * A command or method name as a whole token (a name is never part of a longer name), any
 * punctuation alias (`%`), a call operator (`&`, or `.` before a space: dot-sourcing, whose
 * target may be a variable), and Setup.exe's install arguments (read from any command line).
 */
const ACTS = new RegExp(
  [
    `(?<![\\w-])(?:${[...new Set(NAMES)].map(escaped).join("|")})(?![\\w-])`,
    ...[...ALIASES.keys()].filter((w) => !/^[\w-]+$/.test(w)).map(escaped),
    "&",
    "(?:^|[\\s;|{(])\\.\\s",
    "/(?:mode|m|roles?|r):",
  ].join("|"),
  "i",
);

/** True when the statement may record something (a name the walker acts on appears in it). */
export function mayAct(text: string): boolean {
  return ACTS.test(text);
}

/** True when the statement may assign a variable (a `$` with an `=` after it, in any form: `=`, `+=`, `$h.k =`). */
export function mayAssign(text: string): boolean {
  const dollar = text.indexOf("$");
  return dollar >= 0 && text.indexOf("=", dollar) > dollar;
}

/** Neither acts nor assigns: walking it changes nothing. */
export function isInert(text: string): boolean {
  return !mayAct(text) && !mayAssign(text);
}
