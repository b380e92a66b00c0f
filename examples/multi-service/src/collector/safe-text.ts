// A last line of defence for the terminal: otel-jwt has already redacted the telemetry, but the demo
// must never print a token even if something slipped through, so JWT-shaped text is hidden here too.

const JWT_SHAPED = /eyJ[A-Za-z0-9_-]{14,}\.[A-Za-z0-9_-]{16,}(?:\.[A-Za-z0-9_-]*)?/g;

export function safeText(text: string): string {
  return text.replace(JWT_SHAPED, '‹JWT-shaped text hidden›');
}
