import { render } from "preact";
import { App } from "./app";
import { createAppState } from "./state/app-state";
import "./styles/index.css";

const app = createAppState({ storage: sessionStorage });
const root = document.getElementById("app");
if (root) render(<App app={app} />, root);
