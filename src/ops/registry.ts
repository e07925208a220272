/**
 * The op registry: every op, in registration order (dispatch tie-breaks depend on it), looked
 * up by name or by display name + render form.
 */
import { defineOp } from './kinds.js';
import type { OpDeclaration, OpDef, RenderForm } from './opdef.js';

export class OpRegistry {
  private readonly byName = new Map<string, OpDef>();
  private readonly ordered: OpDef[] = [];
  private readonly byDisplay = new Map<string, OpDef[]>();

  register(...decls: OpDeclaration[]): void {
    for (const decl of decls) {
      if (this.byName.has(decl.name)) throw new Error(`op ${decl.name} is declared twice`);
      const def = defineOp(decl);
      this.byName.set(def.name, def);
      this.ordered.push(def);
      const key = displayKey(def.displayName, def.renderInfo.type);
      const list = this.byDisplay.get(key);
      if (list) list.push(def);
      else this.byDisplay.set(key, [def]);
    }
  }

  /** Registers another name for an existing op (the reference keeps `not` for `boolean-not`). */
  alias(alias: string, name: string): void {
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
    return this.byDisplay.get(displayKey(displayName, form)) ?? [];
  }

  all(): readonly OpDef[] {
    return this.ordered;
  }
}

function displayKey(displayName: string, form: RenderForm): string {
  return `${form}\u0000${displayName}`;
}
