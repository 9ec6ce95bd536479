/**
 * The task panel's host is a div appended to <html> (where no page markup can be): recordings
 * made before the recorder dropped it whole keep its placeholder (and the panel's card style
 * inside its shadow root), drawn as an empty white box over the page. The reviewer sees the
 * page only.
 */
export const HIDDEN_IN_REPLAY = ["html > div { display: none !important; }"];
