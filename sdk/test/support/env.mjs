// What the running mesh gives the tests (set by gateway's SdkEndToEndIT, or by hand against `./dropline start`).
export const baseUrl = required("DROPLINE_BASE_URL");
export const secretKey = required("DROPLINE_SECRET_KEY");
export const publishableKey = required("DROPLINE_PUBLISHABLE_KEY");
export const runId = Date.now().toString(36);

function required(name) {
  const value = process.env[name];
  if (!value) {
    throw new Error(`${name} is not set: the SDK tests run against a running gateway (see sdk/README.md)`);
  }
  return value;
}

/** sessionStorage's shape, in memory. */
export function memoryStorage() {
  const items = new Map();
  return {
    getItem: (key) => (items.has(key) ? items.get(key) : null),
    setItem: (key, value) => items.set(key, String(value)),
    removeItem: (key) => items.delete(key),
  };
}
