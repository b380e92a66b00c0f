import { context } from '@opentelemetry/api';
import express from 'express';
import { expressRequireAuth, getAuth, requireAuth } from '../../src/index.js';

export const app: express.Express = express();

// A verified token holding every listed scope (and every listed role, with `roles`), or a 401/403 answer.
app.get('/orders', expressRequireAuth({ realm: 'orders', scopes: ['orders:read'] }), (_request, response) => {
  response.json({ orders: [] });
});

// Anything else is a predicate over the verified claims. The guard itself suits any framework.
const refunds = requireAuth({ realm: 'orders', allow: (claims) => claims.tenant === 'shop' });

app.post('/refunds', (_request, response) => {
  const access = refunds(getAuth(context.active()));
  if (!access.allowed) {
    response.status(access.statusCode).set(access.headers).send(access.body);
    return;
  }
  response.json({ refundedBy: access.result.claims.sub });
});
