export * from "./backoff";
export * from "./events";
export * from "./participant-api";
export * from "./share-api";
export * from "./url-pattern";
export * from "./url-sanitize";
export * from "./vocabulary";
