/**
 * `promise`'s value, `onRejection` if it rejects, or `onTimeout` once `ms` have passed first; never
 * rejects. The timer is unref'd: a wait never keeps the process alive.
 */
export function boundedWait<T>(promise: Promise<T>, ms: number, onTimeout: T, onRejection: T): Promise<T> {
  return new Promise((resolve) => {
    const timer = setTimeout(() => resolve(onTimeout), ms);
    timer.unref();
    promise.then(
      (value) => {
        clearTimeout(timer);
        resolve(value);
      },
      () => {
        clearTimeout(timer);
        resolve(onRejection);
      },
    );
  });
}
