/** The System Usability Scale's ten statements (Brooke, 1986), worded for a website. */
export const SUS_ITEMS: readonly string[] = [
  "I think that I would like to use this website frequently.",
  "I found the website unnecessarily complex.",
  "I thought the website was easy to use.",
  "I think that I would need the support of a technical person to be able to use this website.",
  "I found the various functions in this website were well integrated.",
  "I thought there was too much inconsistency in this website.",
  "I would imagine that most people would learn to use this website very quickly.",
  "I found the website very cumbersome to use.",
  "I felt very confident using the website.",
  "I needed to learn a lot of things before I could get going with this website.",
];
