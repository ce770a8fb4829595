// Extraction throughput on a generated estate-sized script (run by hand, not part of the suite):
//   npx tsc -p tsconfig.build.json && node test/powershell/throughput.mjs [megabytes]
// Reads the compiled extractor from dist/. Prints MB/s for parse + extraction.
import { createRequire } from "node:module";
import path from "node:path";

const require = createRequire(import.meta.url);
const { extractScript } = require(path.resolve("dist/src/powershell/index.js"));

const targetMb = Number(process.argv[2] ?? 6);
const dscBlock = (i) => `
    Registry "Tls12Server${i}"
    {
        Key       = 'HKEY_LOCAL_MACHINE\\SYSTEM\\CurrentControlSet\\Control\\SecurityProviders\\SCHANNEL\\Protocols\\TLS 1.2\\Server'
        ValueName = 'Enabled'   # baseline
        ValueType = 'Dword'
        ValueData = '1'
    }
`;
const imperativeBlock = (i) => `
$root${i} = 'HKLM:\\SYSTEM\\CurrentControlSet\\Control\\SecurityProviders\\SCHANNEL\\Protocols'
foreach ($p in @('TLS 1.0', 'TLS 1.1')) {
    foreach ($side in 'Client', 'Server') {
        New-Item -Path "$root${i}\\$p\\$side" -Force | Out-Null
        New-ItemProperty -Path "$root${i}\\$p\\$side" -Name Enabled -Value 0 -PropertyType DWord -Force | Out-Null
    }
}
reg add "HKLM\\SOFTWARE\\Microsoft\\.NETFramework\\v4.0.30319" /v SchUseStrongCrypto /t REG_DWORD /d 1 /f
`;
const parts = ["Configuration Estate {\n  Node 'mx01' {\n"];
let size = parts[0].length;
let i = 0;
while (size < (targetMb * 1024 * 1024) / 2) {
  const b = dscBlock(i++);
  parts.push(b);
  size += b.length;
}
parts.push("  }\n}\n");
while (size < targetMb * 1024 * 1024) {
  const b = imperativeBlock(i++);
  parts.push(b);
  size += b.length;
}
const script = parts.join("");
const mb = script.length / (1024 * 1024);

await extractScript("$warm = 1");
const runs = [];
for (let run = 0; run < 3; run++) {
  const start = process.hrtime.bigint();
  const cpuStart = process.cpuUsage();
  const r = await extractScript(script, { maxChars: script.length + 1, timeoutMs: 300_000 });
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  const cpu = process.cpuUsage(cpuStart);
  // CPU time (user + system) is the figure to compare on a shared machine; wall time is shown too.
  const cpuSeconds = (cpu.user + cpu.system) / 1e6;
  runs.push(cpuSeconds);
  console.log(`run ${run + 1}: ${mb.toFixed(1)} MB, wall ${seconds.toFixed(2)} s (${(mb / seconds).toFixed(2)} MB/s), cpu ${cpuSeconds.toFixed(2)} s (${(mb / cpuSeconds).toFixed(2)} MB/s); ${r.ops.length} ops, ${r.unresolved.length} unresolved, ${r.errors.length} errors`);
}
console.log(`best: ${(mb / Math.min(...runs)).toFixed(2)} MB/s of CPU time`);
