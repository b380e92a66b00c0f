// Messages between a runner and its service child: the same on the benchmark's and the fault runs'
// side, which differ only in the figures a stats reply carries.

/** What the runner asks of the child. */
export type ServiceRequest = { readonly type: 'stats' } | { readonly type: 'stop' };

/** What the child answers: its port once it listens, then its figures on each stats request. */
export type ServiceReply<Stats> =
  | { readonly type: 'ready'; readonly port: number }
  | { readonly type: 'stats'; readonly stats: Stats };
