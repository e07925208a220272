/**
 * The op registry: every op, in registration order (dispatch tie-breaks depend on it), looked
 * up by name or by display name + render form.
 */
import { defineOp } from './kinds.js';
import type { OpDeclaration, OpDef, RenderForm } from './opdef.js';

const NONE: readonly OpDef[] = Object.freeze([]);

/** Ops that dispatch tie-breaks name explicitly: never folded into an earlier twin. */
const TIE_BREAK_NAMES: ReadonlySet<string> = new Set(['number-sub', 'file-table', 'panel-table']);

export class OpRegistry {
  private readonly byName = new Map<string, OpDef>();
  private readonly ordered: OpDef[] = [];
  /** form → display name → ops, in registration order. */
  private readonly byDisplay = new Map<RenderForm, Map<string, OpDef[]>>();
  /** The same lists without later twins (see `dispatchCandidates`), built on demand. */
  private readonly dispatchLists = new Map<RenderForm, Map<string, readonly OpDef[]>>();
  private changes = 0;

  /** Bumped by every `register` / `alias`: caches of checked expressions compare it to notice new ops. */
  get revision(): number {
    return this.changes;
  }

  register(...decls: OpDeclaration[]): void {
    this.changes++;
    for (const decl of decls) {
      if (this.byName.has(decl.name)) throw new Error(`op ${decl.name} is declared twice`);
      const def = defineOp(decl);
      this.byName.set(def.name, def);
      this.ordered.push(def);
      const form = def.renderInfo.type;
      let names = this.byDisplay.get(form);
      if (!names) this.byDisplay.set(form, (names = new Map()));
      const list = names.get(def.displayName);
      if (list) list.push(def);
      else names.set(def.displayName, [def]);
      this.dispatchLists.get(form)?.delete(def.displayName);
    }
  }

  /** Registers another name for an existing op (the reference keeps `not` for `boolean-not`). */
  alias(alias: string, name: string): void {
    this.changes++;
    this.byName.set(alias, this.get(name));
  }

  has(name: string): boolean {
    return this.byName.has(name);
  }

  get(name: string): OpDef {
    const def = this.byName.get(name);
    if (!def) throw new Error(`unknown op ${name}`);
    return def;
  }

  find(name: string): OpDef | undefined {
    return this.byName.get(name);
  }

  /** All ops written `displayName` in `form`, in registration order. */
  candidates(displayName: string, form: RenderForm): readonly OpDef[] {
    return this.byDisplay.get(form)?.get(displayName) ?? NONE;
  }

  /**
   * `candidates` without the ops that type exactly like an earlier candidate (same kind, same
   * declared argument types and return-type rule, same frame: `dict-pick` after `pick`). Such a
   * twin is valid exactly when its earlier twin is, and the tie-breaks (which treat both alike)
   * then keep the earlier one, so dispatch never needs to build it.
   */
  dispatchCandidates(displayName: string, form: RenderForm): readonly OpDef[] {
    let names = this.dispatchLists.get(form);
    if (!names) this.dispatchLists.set(form, (names = new Map()));
    let list = names.get(displayName);
    if (!list) {
      const all = this.candidates(displayName, form);
      list = all.filter((def, i) => !all.slice(0, i).some((earlier) => typesAlike(earlier, def)));
      if (list.length === all.length) list = all;
      names.set(displayName, list);
    }
    return list;
  }

  all(): readonly OpDef[] {
    return this.ordered;
  }
}

/** Do two ops compute the same types from the same inputs (the declaration parts typing reads)? */
function typesAlike(a: OpDef, b: OpDef): boolean {
  const x = a.declaration;
  const y = b.declaration;
  return (
    !TIE_BREAK_NAMES.has(a.name) &&
    !TIE_BREAK_NAMES.has(b.name) &&
    x.kind === y.kind &&
    x.argTypes === y.argTypes &&
    x.returnType === y.returnType &&
    x.typeConfig === y.typeConfig &&
    x.tagName === y.tagName &&
    x.tagType === y.tagType &&
    a.lambdaFrame === b.lambdaFrame &&
    a.renderInfo.type === b.renderInfo.type &&
    a.displayName === b.displayName
  );
}
