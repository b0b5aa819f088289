/**
 * Memory for long downloads. undici parses HTTP with llhttp compiled to WebAssembly; V8's optimising
 * tier for that module costs ~35 MB of RSS in a process that sends a handful of requests, with no
 * measurable gain (the parser only frames the body; the bytes are copied, hashed and written
 * elsewhere). Keeping the baseline compiler alone keeps `analytics export` under 100 MB peak RSS.
 * It must run before undici's first request compiles the module (i.e. before `ctx.api()` is used).
 */
import { setFlagsFromString } from "node:v8";

let applied = false;

export function useLeanWasm(): void {
  if (applied) return;
  applied = true;
  setFlagsFromString("--liftoff-only");
}
