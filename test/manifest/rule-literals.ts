/**
 * The literals a regular expression's every match contains, worked out from its syntax tree
 * (@eslint-community/regexpp, the parser eslint-plugin-regexp uses): the redactor skips a rule
 * whose literals are all absent from a text (src/manifest/literals.ts), and the tests check the
 * literals written beside each rule are these.
 */
import { RegExpParser } from '@eslint-community/regexpp';
import type { Alternative, Element, Node } from '@eslint-community/regexpp/ast';

/** At least one of these is in every match; null when nothing is known to be. */
type Need = string[] | null;

/** The better of two needs: the one whose shortest literal is longest (fewer chance hits), then the fewer literals. */
function better(a: Need, b: Need): Need {
  if (!a) return b;
  if (!b) return a;
  const min = (n: string[]) => Math.min(...n.map((l) => l.length));
  return min(b) > min(a) || (min(b) === min(a) && b.length < a.length) ? b : a;
}

function anyOf(alternatives: Alternative[], fold: Fold): Need {
  const all: string[] = [];
  for (const alt of alternatives) {
    const n = sequence(alt.elements, fold);
    if (!n) return null;
    all.push(...n);
  }
  return [...new Set(all)];
}

/**
 * How a rule compares letters: as written, ignoring case, or ignoring case by Unicode's simple
 * folding (the u and v flags), under which /s/i also matches ſ (U+017F), which stays ſ in lower
 * case (the Kelvin sign, which /k/iu matches, lower-cases to k).
 */
type Fold = 'none' | 'case' | 'unicode';

/** A single character a node always matches, as the literal to look for (ASCII only when case is folded). */
function charOf(e: Element, fold: Fold): string | null {
  let cp: number | undefined;
  if (e.type === 'Character') cp = e.value;
  else if (e.type === 'CharacterClass' && !e.negate && e.elements.length === 1 && e.elements[0]!.type === 'Character') cp = e.elements[0]!.value;
  if (cp === undefined) return null;
  if (fold === 'none') return String.fromCodePoint(cp);
  if (cp > 0x7f) return null;
  const c = String.fromCodePoint(cp).toLowerCase();
  return fold === 'unicode' && c === 's' ? null : c;
}

function sequence(elements: Element[], fold: Fold): Need {
  let best: Need = null;
  let run = '';
  const endRun = () => {
    if (run) best = better(best, [run]);
    run = '';
  };
  for (const e of elements) {
    const c = charOf(e, fold);
    if (c !== null) {
      run += c;
      continue;
    }
    endRun();
    best = better(best, element(e, fold));
  }
  endRun();
  return best;
}

function element(e: Node, fold: Fold): Need {
  switch (e.type) {
    case 'Group':
    case 'CapturingGroup':
      return anyOf(e.alternatives, fold);
    case 'Quantifier':
      return e.min >= 1 ? element(e.element, fold) : null;
    case 'Assertion':
      // What a lookahead or lookbehind sees is in the text too; a negative one, or \b, ^, $, needs nothing.
      return (e.kind === 'lookahead' || e.kind === 'lookbehind') && !e.negate ? anyOf(e.alternatives, fold) : null;
    default:
      return null;
  }
}

/** The syntax tree of `re`, read as its flags say (with v, `[[a-z]--[aeiou]]` is one class, not brackets and dashes). */
const parse = (re: RegExp) =>
  new RegExpParser({ ecmaVersion: 2025 }).parsePattern(re.source, 0, re.source.length, { unicode: re.unicode, unicodeSets: re.flags.includes('v') });

/** The literals one of which every match of `re` contains (lower case for a case-insensitive one), or null. */
export function requiredLiterals(re: RegExp): string[] | null {
  const pattern = parse(re);
  return anyOf(pattern.alternatives, !re.ignoreCase ? 'none' : re.unicode || re.flags.includes('v') ? 'unicode' : 'case');
}

/**
 * A pattern every match of `re` also matches, in the syntax fast-check generates strings from:
 * no \b, ^, $ or negative lookaround (they match nothing), a positive lookaround read as a group
 * (what it sees is in the text), groups unnamed. Null for a backreference.
 */
export function loosened(re: RegExp): RegExp | null {
  const pattern = parse(re);
  let ok = true;
  const alts = (as: Alternative[]): string => as.map((a) => a.elements.map(node).join('')).join('|');
  const node = (e: Element): string => {
    switch (e.type) {
      case 'Group':
      case 'CapturingGroup':
        return `(?:${alts(e.alternatives)})`;
      case 'Assertion':
        return (e.kind === 'lookahead' || e.kind === 'lookbehind') && !e.negate ? `(?:${alts(e.alternatives)})` : '';
      case 'Quantifier': {
        const inner = node(e.element);
        return `${inner.length ? `(?:${inner})` : ''}${e.raw.slice(e.element.raw.length)}`;
      }
      case 'Backreference':
        ok = false;
        return '';
      default:
        return e.raw;
    }
  };
  const source = alts(pattern.alternatives);
  return ok ? new RegExp(source, re.flags.includes('v') ? 'v' : re.unicode && /\\[pPu]\{|\\u\{/.test(source) ? 'u' : '') : null;
}
