import { execFileSync } from "node:child_process";

/** Builds what the browser tests load (recorder.js) once, before any test runs. */
export default function setup() {
  execFileSync("npm", ["run", "--silent", "build:recorder"], { stdio: "inherit" });
}
