// Reads back the trace trees the demo printed (NO_COLOR): the service and span name of every span line.

/** `  gateway     POST /checkout (server 200)     17.1 ms  jwt.result=valid ...` */
const SPAN_LINE = /^ +(\S+) +(.+?)(?: \((?:server|client|producer|consumer)(?: \d+)?\))? +\d+\.\d ms(?: |$)/;

export interface PrintedSpan {
  readonly service: string;
  readonly name: string;
}

/** The span lines between the `Traces (...)` heading and the closing `Jaeger JSON:` line. */
export function printedSpans(stdout: string): PrintedSpan[] {
  const lines = stdout.split('\n');
  const start = lines.findIndex((line) => line.startsWith('Traces ('));
  const end = lines.findIndex((line) => line.startsWith('Jaeger JSON:'));
  if (start === -1 || end === -1) throw new Error('the demo printed no trace trees');
  return lines.slice(start + 1, end).flatMap((line) => {
    const match = SPAN_LINE.exec(line);
    return match === null ? [] : [{ service: match[1] ?? '', name: match[2] ?? '' }];
  });
}
