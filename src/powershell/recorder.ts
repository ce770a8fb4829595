/**
 * Collects what an extraction finds, in declaration order. A write that happens only under a
 * condition the extractor cannot decide (an `if` branch, a loop over an unknown list, a catch
 * block) is recorded as unresolved on its key, never as a write; creating a key changes no value,
 * so it is kept as is.
 */
import { type ExchangeEvidence } from "../model/index.js";
import { type RegistryData, type RegistryOp, type SourceLocation, type Unresolved } from "../registry/types.js";

export class Recorder {
  readonly ops: RegistryOp[] = [];
  readonly unresolved: Unresolved[] = [];
  readonly exchange: ExchangeEvidence[] = [];
  readonly errors: { message: string; line: number }[] = [];
  readonly nodeNames: string[] = [];
  /** Why the statement being read may not run ("inside the if at line 4"), or undefined. */
  conditional: string | undefined;

  constructor(private readonly file: string | undefined) {}

  location(line: number): SourceLocation {
    return this.file === undefined ? { line } : { file: this.file, line };
  }

  set(form: string, line: number, key: string, valueName: string, data: RegistryData): void {
    if (this.conditional) this.unresolvedAt(form, line, `write happens only ${this.conditional}`, key, valueName);
    else this.ops.push({ op: "set", key, valueName, data, form, location: this.location(line) });
  }

  deleteValue(form: string, line: number, key: string, valueName: string): void {
    if (this.conditional) this.unresolvedAt(form, line, `deletion happens only ${this.conditional}`, key, valueName);
    else this.ops.push({ op: "deleteValue", key, valueName, form, location: this.location(line) });
  }

  deleteKey(form: string, line: number, key: string): void {
    if (this.conditional) this.unresolvedAt(form, line, `key deletion happens only ${this.conditional}`, key);
    else this.ops.push({ op: "deleteKey", key, form, location: this.location(line) });
  }

  createKey(form: string, line: number, key: string): void {
    this.ops.push({ op: "createKey", key, form, location: this.location(line) });
  }

  unresolvedAt(form: string, line: number, reason: string, key?: string, valueName?: string): void {
    this.unresolved.push({
      reason: `${form}: ${reason}`,
      location: this.location(line),
      ...(key === undefined ? {} : { key }),
      ...(valueName === undefined ? {} : { valueName }),
    });
  }

  evidence(evidence: Omit<ExchangeEvidence, "location">, line: number): void {
    this.exchange.push({ ...evidence, location: this.location(line) });
  }

  error(message: string, line: number): void {
    this.errors.push({ message, line });
  }

  nodeName(name: string): void {
    if (!this.nodeNames.includes(name)) this.nodeNames.push(name);
  }
}
