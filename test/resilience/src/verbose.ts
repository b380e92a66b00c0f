// RESILIENCE_VERBOSE=1 prints what each phase measured, to see the margins the assertions leave.

export function note(label: string, value: unknown): void {
  if (process.env.RESILIENCE_VERBOSE) console.log(`${label}: ${JSON.stringify(value)}`);
}
