// Where the careless application's plants land in exported OTLP, as patterns over the leak scanner's
// report paths (`resourceSpans[0].scopeSpans[1].spans[3].attributes["app.buffer"]`).

const escaped = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** A span, link or data point attribute, or a resource attribute. */
export const attribute = (key: string) => new RegExp(`\\.attributes\\["${escaped(key)}"\\]`);
export const BODY = /\.logRecords\[\d+\]\.body/;
export const SCOPE = /\.scope\.name$/;
/** Where the careless application copies a handed credential (leak-app-handed.ts). */
export const HANDED = (key: string) => ({
  traces: [attribute(key), attribute('url.full'), attribute('http.request.header.x-echo')],
  logs: [BODY],
});
/** In every signal's resource. */
export const resource = (key: string) => {
  const at = new RegExp(`\\.resource\\.attributes\\["${escaped(key)}"\\]$`);
  return { traces: [at], logs: [at], metrics: [at] };
};
