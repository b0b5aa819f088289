/**
 * Memory for long downloads, set before the first request (i.e. before `ctx.api()` is used):
 * - undici parses HTTP with llhttp compiled to WebAssembly; V8's optimising tier for that module
 *   costs ~35 MB of RSS in a process that sends a handful of requests, for no measurable gain.
 * - A download allocates a stream of short-lived 64 KiB chunks, and V8 grows the young generation
 *   (up to 16 MB per semi-space) to hold them, so dead chunks pile up between scavenges. The heap is
 *   already configured when this runs (a cap on the semi-space size does nothing now), but stopping
 *   its growth (factor 1) keeps it at its small initial size: peak RSS 112 → 96 MiB, same throughput.
 */
import { setFlagsFromString } from "node:v8";

let applied = false;

export function useLeanMemory(): void {
  if (applied) return;
  applied = true;
  setFlagsFromString("--liftoff-only");
  setFlagsFromString("--semi-space-growth-factor=1");
}
