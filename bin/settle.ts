/**
 * `npm run settle -- --month 2026-10 [--port 3000]`: settles a month on the running local stack
 * (`npm start`) through its local route, on the synthesized settlement state machine, and prints
 * the outcome. A month that has not ended (409) or a malformed one (400) is refused.
 */
import { parseArgs } from 'node:util';

const { values } = parseArgs({
  options: {
    month: { type: 'string' },
    port: { type: 'string', default: '3000' },
  },
});
if (!values.month) {
  console.error('usage: npm run settle -- --month YYYY-MM [--port 3000]');
  process.exit(2);
}
const url = `http://localhost:${values.port}/local/settle?month=${encodeURIComponent(values.month)}`;
let response: Response;
try {
  response = await fetch(url, { method: 'POST' });
} catch {
  console.error(`nothing answers on port ${values.port}: start the local stack first (npm start)`);
  process.exit(1);
}
const body = (await response.json()) as Record<string, unknown>;
if (!response.ok) {
  console.error(`${response.status} ${String(body.title)}: ${String(body.detail)}`);
  process.exit(1);
}
console.log(JSON.stringify(body, null, 2));
