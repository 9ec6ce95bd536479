export { launchChromium } from "../../functions/src/local/chromium";
