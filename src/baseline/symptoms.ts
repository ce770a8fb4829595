import { type SourceId } from "./sources.js";

/**
 * What a mail server that cannot negotiate TLS 1.2 with Exchange Online shows (BASELINE.md,
 * introduction): the reports print these so an auditor or an operator can match a failing server.
 */
export const MAIL_FLOW_SYMPTOMS: readonly { readonly text: string; readonly where: string }[] = [
  { text: "421 4.4.2 Connection dropped due to SocketError", where: "NDR, queue viewer" },
  { text: "TLS negotiation failed with error SocketError", where: "send connector protocol log" },
  { text: "451 5.7.3 Must issue a STARTTLS command first", where: "connector protocol log" },
];
export const MAIL_FLOW_SYMPTOM_SOURCES: readonly SourceId[] = ["mc229914", "exchange-tls-configuration"];
