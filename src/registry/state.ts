import { isUnderKey, keyId } from "./key.js";
import { type RegistryData, type RegistryOp, type SourceLocation } from "./types.js";

/** The last declaration of one value, after all operations were applied in order. */
export interface DeclaredValue {
  readonly key: string;
  readonly valueName: string;
  readonly data: RegistryData;
  readonly form: string;
  readonly location: SourceLocation;
}

/** A value (or its whole key) explicitly deleted, and not written again afterwards. */
export interface DeletedValue {
  readonly key: string;
  readonly valueName?: string;
  readonly form: string;
  readonly location: SourceLocation;
}

/**
 * The registry as a carrier leaves it, as far as its declarations say: values written and values
 * deleted. What a carrier does not mention is "not declared" (BASELINE.md §1: absence means
 * different things per OS, so it is never read as a default).
 */
export class RegistryState {
  private readonly values = new Map<string, DeclaredValue>();
  private readonly deletions: DeletedValue[] = [];

  static from(ops: readonly RegistryOp[]): RegistryState {
    const state = new RegistryState();
    for (const op of ops) state.apply(op);
    return state;
  }

  apply(op: RegistryOp): void {
    switch (op.op) {
      case "set":
        this.values.set(valueId(op.key, op.valueName), { key: op.key, valueName: op.valueName, data: op.data, form: op.form, location: op.location });
        this.forgetDeletion(op.key, op.valueName);
        break;
      case "deleteValue":
        this.values.delete(valueId(op.key, op.valueName));
        this.deletions.push({ key: op.key, valueName: op.valueName, form: op.form, location: op.location });
        break;
      case "deleteKey":
        for (const [id, v] of this.values) if (isUnderKey(v.key, op.key)) this.values.delete(id);
        this.deletions.push({ key: op.key, form: op.form, location: op.location });
        break;
      case "createKey":
        break;
    }
  }

  get(key: string, valueName: string): DeclaredValue | undefined {
    return this.values.get(valueId(key, valueName));
  }

  /** The deletion that removed this value (its own, or its key's), if it is absent because of one. */
  deletionOf(key: string, valueName: string): DeletedValue | undefined {
    if (this.get(key, valueName)) return undefined;
    for (let i = this.deletions.length - 1; i >= 0; i--) {
      const d = this.deletions[i];
      if (!d) continue;
      if (d.valueName === undefined ? isUnderKey(key, d.key) : keyId(d.key) === keyId(key) && d.valueName.toLowerCase() === valueName.toLowerCase()) return d;
    }
    return undefined;
  }

  /** Every declared value (in first-declaration order). */
  entries(): DeclaredValue[] {
    return [...this.values.values()];
  }

  /** True when any value under `root` is written or deleted. */
  touches(root: string): boolean {
    return this.entries().some((v) => isUnderKey(v.key, root)) || this.deletions.some((d) => isUnderKey(d.key, root) || isUnderKey(root, d.key));
  }

  private forgetDeletion(key: string, valueName: string): void {
    for (let i = this.deletions.length - 1; i >= 0; i--) {
      const d = this.deletions[i];
      if (d && d.valueName !== undefined && keyId(d.key) === keyId(key) && d.valueName.toLowerCase() === valueName.toLowerCase()) this.deletions.splice(i, 1);
    }
  }
}

function valueId(key: string, valueName: string): string {
  return `${keyId(key)}\u0000${valueName.toLowerCase()}`;
}
