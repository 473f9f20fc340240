// HEALTHCHECK of the app images (no curl in a slim image):
// node healthcheck.mjs PORT_VARIABLE DEFAULT_PORT PATH -> exit 0 on a 2xx answer.
const [portVariable, defaultPort, path] = process.argv.slice(2);
const port = process.env[portVariable] || defaultPort;
try {
  const response = await fetch(`http://127.0.0.1:${port}${path}`, {
    signal: AbortSignal.timeout(2_000),
  });
  process.exitCode = response.ok ? 0 : 1;
  if (!response.ok) console.error(`${path}: HTTP ${response.status}`);
} catch (error) {
  console.error(`${path}: ${error.cause?.code ?? error.message}`);
  process.exitCode = 1;
}
