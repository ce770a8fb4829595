/**
 * DSC resources that write the baseline: the built-in `Registry`, SChannelDsc `Protocol` and
 * `SChannelSettings`, and ExchangeDsc `ExchInstall` (install evidence). BASELINE.md §8.
 */
import { DOTNET_KEYS, DOTNET_VALUE_NAMES } from "../baseline/dotnet.js";
import { type ProtocolId, SCHANNEL_PROTOCOLS, type Side, schannelKey } from "../baseline/schannel.js";
import { WINHTTP_KEYS, WINHTTP_PROTOCOL_BITS, WINHTTP_VALUE_NAME } from "../baseline/winhttp.js";
import { exchangeEvidenceFrom } from "./exchange.js";
import { type Recorder } from "./recorder.js";
import { keyTargets, registryData, valueKind } from "./registry-data.js";
import { type PsValue, itemsOf, textOf, truthy, unknownPart } from "./values.js";

export interface DscProperty {
  readonly value: PsValue;
  readonly line: number;
}

/** Properties of one resource block, by lower-case name. */
export type DscProperties = ReadonlyMap<string, DscProperty>;

export const DSC_RESOURCES = new Set(["registry", "protocol", "schannelsettings", "exchinstall"]);

/** Reads a resource block into ops, unresolved places or evidence. `line` is the block's line. */
export function dscResource(resource: string, props: DscProperties, line: number, rec: Recorder): void {
  switch (resource) {
    case "registry":
      return registryResource(props, line, rec);
    case "protocol":
      return protocolResource(props, line, rec);
    case "schannelsettings":
      return schannelSettingsResource(props, line, rec);
    case "exchinstall": {
      const path = props.get("path");
      rec.evidence(exchangeEvidenceFrom("ExchInstall Path", path ? textOf(path.value) : undefined), path?.line ?? line);
      return;
    }
  }
}

/** The text of a property, `fallback` when absent, or the reason it is not known. */
function text(props: DscProperties, name: string, fallback?: string): { value?: string; unknown?: string; line?: number } {
  const p = props.get(name);
  if (!p) return fallback === undefined ? {} : { value: fallback };
  const t = textOf(p.value);
  return t === undefined ? { unknown: `${name} is not known: ${unknownPart(p.value)?.reason ?? "computed"}`, line: p.line } : { value: t, line: p.line };
}

function registryResource(props: DscProperties, line: number, rec: Recorder): void {
  const form = "DSC Registry";
  const valueName = text(props, "valuename", "");
  const keyProp = props.get("key");
  const target = keyProp ? keyTargets(keyProp.value)[0] : undefined;
  if (target?.kind !== "key") {
    rec.unresolvedAt(form, keyProp?.line ?? line, target?.kind === "unresolved" ? target.reason : "Key is not a registry key", undefined, valueName.value);
    return;
  }
  const key = target.key;
  const unresolved = (reason: string, at?: number): void => rec.unresolvedAt(form, at ?? line, reason, key, valueName.value);
  if (valueName.unknown) return unresolved(valueName.unknown, valueName.line);
  const ensure = text(props, "ensure", "Present");
  if (ensure.unknown) return unresolved(ensure.unknown, ensure.line);
  const name = valueName.value ?? "";
  const data = props.get("valuedata");
  const at = ensure.line ?? line;
  if (ensure.value?.toLowerCase() === "absent") {
    if (name === "") rec.deleteKey(form, at, key);
    else rec.deleteValue(form, at, key, name);
    return;
  }
  if (name === "" && !data) return rec.createKey(form, line, key);
  if (!data) return unresolved("no ValueData given");
  const type = text(props, "valuetype", "String");
  if (type.unknown) return unresolved(type.unknown, type.line);
  const kind = valueKind(type.value ?? "");
  if (!kind) return unresolved("ValueType is not a registry value kind", type.line);
  const hexProp = props.get("hex");
  const hex = hexProp ? truthy(hexProp.value) : false;
  if (hex === undefined) return unresolved("Hex is not known", hexProp?.line);
  const result = registryData(kind, data.value, hex);
  if ("unknown" in result) unresolved(`ValueData ${result.unknown}`, data.line);
  else rec.set(form, data.line, key, name, result);
}

/** SChannelDsc protocol names: `TLS 1.2` and `TLS1.2` spellings. */
function protocolId(name: string): ProtocolId | undefined {
  const compact = (s: string): string => s.replace(/\s+/g, "").toLowerCase();
  return SCHANNEL_PROTOCOLS.find((p) => compact(p.id) === compact(name))?.id;
}

type TriState = "enabled" | "disabled" | "default";

function triState(value: string | undefined): TriState | undefined {
  const v = value?.toLowerCase();
  return v === "enabled" || v === "disabled" || v === "default" ? v : undefined;
}

function protocolResource(props: DscProperties, line: number, rec: Recorder): void {
  const form = "SChannelDsc Protocol";
  const protocol = text(props, "protocol");
  if (protocol.value === undefined) return rec.unresolvedAt(form, protocol.line ?? line, protocol.unknown ?? "no Protocol given");
  const id = protocolId(protocol.value);
  if (!id) return rec.unresolvedAt(form, protocol.line ?? line, "Protocol is not an SCHANNEL protocol name");
  const includeClient = props.get("includeclientside");
  const clientToo = includeClient ? truthy(includeClient.value) : false;
  const sides: Side[] = clientToo ? ["Server", "Client"] : ["Server"];
  if (clientToo === undefined) rec.unresolvedAt(form, includeClient?.line ?? line, "IncludeClientSide is not known", schannelKey(id, "Client"));
  const state = text(props, "state");
  const wanted = triState(state.value);
  const at = state.line ?? line;
  for (const side of sides) {
    const key = schannelKey(id, side);
    if (!wanted) {
      rec.unresolvedAt(form, at, state.unknown ?? (state.value === undefined ? "no State given" : "State is not Enabled, Disabled or Default"), key);
      continue;
    }
    if (wanted === "default") {
      rec.deleteKey(form, at, key);
      continue;
    }
    const enabled = wanted === "enabled";
    rec.set(form, at, key, "Enabled", { type: "dword", value: enabled ? 1 : 0 });
    rec.set(form, at, key, "DisabledByDefault", { type: "dword", value: enabled ? 0 : 1 });
  }
}

function schannelSettingsResource(props: DscProperties, line: number, rec: Recorder): void {
  const form = "SChannelDsc SChannelSettings";
  const tls12 = text(props, "tls12state");
  if (tls12.value !== undefined || tls12.unknown) {
    const wanted = triState(tls12.value);
    const at = tls12.line ?? line;
    for (const { key } of DOTNET_KEYS) {
      for (const valueName of DOTNET_VALUE_NAMES) {
        if (!wanted) rec.unresolvedAt(form, at, tls12.unknown ?? "TLS12State is not Enabled, Disabled or Default", key, valueName);
        else if (wanted === "default") rec.deleteValue(form, at, key, valueName);
        else rec.set(form, at, key, valueName, { type: "dword", value: wanted === "enabled" ? 1 : 0 });
      }
    }
  }
  const winHttp = props.get("winhttpdefaultsecureprotocols");
  if (!winHttp) return;
  const mask = winHttpMask(winHttp.value);
  for (const key of WINHTTP_KEYS) {
    if (typeof mask === "number") rec.set(form, winHttp.line, key, WINHTTP_VALUE_NAME, { type: "dword", value: mask });
    else rec.unresolvedAt(form, winHttp.line, mask.unknown, key, WINHTTP_VALUE_NAME);
  }
}

/** The `DefaultSecureProtocols` bitmask of a list of protocol names. */
function winHttpMask(value: PsValue): number | { unknown: string } {
  const u = unknownPart(value);
  if (u) return { unknown: `WinHttpDefaultSecureProtocols is not known: ${u.reason}` };
  let mask = 0;
  for (const item of itemsOf(value)) {
    const id = protocolId(textOf(item) ?? "");
    const bit = id ? WINHTTP_PROTOCOL_BITS[id] : undefined;
    if (bit === undefined) return { unknown: "WinHttpDefaultSecureProtocols names a protocol WinHTTP does not know" };
    mask |= bit;
  }
  return mask;
}
