/**
 * A live line per profile on stderr (waiting / fetching / done / error) while a many-workspace
 * command runs: only where a spinner may appear (stderr a TTY; not with --quiet, --json/--csv,
 * CI or TERM=dumb). The block is erased when the command finishes, so the result stands alone.
 */
import type { IOStreams } from "../render/io.js";
import { sanitize } from "../render/sanitize.js";
import type { ProfileState } from "./run.js";

export interface Progress {
  update(profile: string, state: ProfileState): void;
  stop(): void;
}

const NO_PROGRESS: Progress = { update() {}, stop() {} };

const GLYPHS: Record<ProfileState, string> = { waiting: "·", fetching: "…", done: "✓", error: "✗" };

/** The progress block's lines for these states (pure, for tests). */
export function progressLines(states: ReadonlyMap<string, ProfileState>): string[] {
  const width = Math.max(...[...states.keys()].map((name) => name.length));
  return [...states].map(([profile, state]) => `${GLYPHS[state]} ${sanitize(profile).padEnd(width)}  ${state}`);
}

export function startProgress(io: IOStreams, profiles: readonly string[], enabled: boolean): Progress {
  if (!enabled || !io.progressAllowed || profiles.length === 0) return NO_PROGRESS;
  const states = new Map<string, ProfileState>(profiles.map((profile) => [profile, "waiting"]));
  let drawn = 0;
  const draw = (): void => {
    // Back to the block's first line, then rewrite each line in place.
    const up = drawn > 0 ? `\u001b[${drawn}F` : "";
    io.stderr.write(`${up}${progressLines(states).map((line) => `\u001b[2K${line}\n`).join("")}`);
    drawn = states.size;
  };
  draw();
  return {
    update(profile, state) {
      states.set(profile, state);
      draw();
    },
    stop() {
      if (drawn > 0) io.stderr.write(`\u001b[${drawn}F\u001b[0J`);
      drawn = 0;
    },
  };
}
