export {
  defaultRemediationOptions,
  desiredRegistryValues,
  parseRemediationOptions,
  resolveRemediationOptions,
  RemediationOptionsError,
  RESTART_POLICIES,
  TLS13_CHOICES,
  type DesiredSubject,
  type DesiredValue,
  type ParsedRemediationOptions,
  type RemediationOptions,
  type RestartPolicy,
  type Tls13Choice,
} from "./desired.js";
export { verifyContentHash, type HashVerification, type RenderedArtefact } from "./artefact.js";
export { renderRemediationScript, SCRIPT_FILE_NAME } from "./script.js";
export { renderRollbackScript, ROLLBACK_SCRIPT_FILE_NAME } from "./rollback.js";
export { renderDscConfiguration, DEFAULT_CONFIGURATION_NAME, type DscRenderOptions } from "./dsc.js";
