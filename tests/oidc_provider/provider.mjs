// A real OpenID Provider (panva's certified `oidc-provider`) for the test run only: started on
// 127.0.0.1 by tests/oidc_provider/server.py, stopped after. Never part of a deployment.
//
// Environment:
//   PORT           the port to listen on (the issuer is http://127.0.0.1:PORT)
//   ACCOUNTS_FILE  JSON: {"<subject>": {"email", "password", "name", "mfa", "disabled",
//                  "roles": [...], "groups": [...]}} - the people the provider knows
//   REDIRECT_BASES comma-separated origins of the application under test; each gets the
//                  callback and the after-sign-out address registered
//   CLIENT_ID, CLIENT_SECRET
//
// The sign-in page is deliberately plain HTML (no script): a browser test fills it in, and the
// Python tests post it with `requests`.
import { readFileSync } from 'node:fs';
import http from 'node:http';
import { URLSearchParams } from 'node:url';

import Provider from 'oidc-provider';

const port = Number(process.env.PORT);
const issuer = `http://127.0.0.1:${port}`;
const accounts = JSON.parse(readFileSync(process.env.ACCOUNTS_FILE, 'utf8'));
const bases = (process.env.REDIRECT_BASES || 'http://testserver').split(',');

const configuration = {
  clients: [
    {
      client_id: process.env.CLIENT_ID,
      client_secret: process.env.CLIENT_SECRET,
      redirect_uris: bases.map((base) => `${base}/accounts/sign-in/council/callback/`),
      post_logout_redirect_uris: bases.map((base) => `${base}/accounts/login/`),
      grant_types: ['authorization_code'],
      response_types: ['code'],
      token_endpoint_auth_method: 'client_secret_post',
    },
  ],
  // Every client must use PKCE (the default only insists for public clients).
  pkce: { required: () => true },
  claims: {
    // `amr`: how the person signed in (pwd, mfa), in every ID token as Entra ID sends it.
    openid: ['sub', 'amr'],
    email: ['email', 'email_verified'],
    profile: ['name'],
    roles: ['roles'],
    groups: ['groups'],
  },
  scopes: ['openid', 'email', 'profile', 'roles', 'groups'],
  // Put the scope's claims into the ID token itself, as Entra ID does.
  conformIdTokenClaims: false,
  cookies: { keys: ['edgecare-test-provider-cookie-key'] },
  features: {
    devInteractions: { enabled: false },
    rpInitiatedLogout: { enabled: true },
  },
  interactions: { url: (ctx, interaction) => `/interaction/${interaction.uid}` },
  async findAccount(ctx, id) {
    const person = accounts[id];
    if (!person) return undefined;
    return {
      accountId: id,
      async claims() {
        return {
          sub: id,
          email: person.email,
          email_verified: true,
          name: person.name,
          roles: person.roles || [],
          groups: person.groups || [],
        };
      },
    };
  },
  // A first-party application: no consent screen, the requested scopes are granted.
  async loadExistingGrant(ctx) {
    const grantId = ctx.oidc.result?.consent?.grantId
      || ctx.oidc.session.grantIdFor(ctx.oidc.client.clientId);
    if (grantId) return ctx.oidc.provider.Grant.find(grantId);
    const grant = new ctx.oidc.provider.Grant({
      clientId: ctx.oidc.client.clientId,
      accountId: ctx.oidc.session.accountId,
    });
    grant.addOIDCScope('openid email profile roles groups');
    await grant.save();
    return grant;
  },
};

const provider = new Provider(issuer, configuration);
provider.proxy = false;

function page(res, status, body) {
  res.writeHead(status, { 'content-type': 'text/html; charset=utf-8' });
  res.end(`<!doctype html><html lang="en"><head><title>Fernbridge sign-in</title></head>
<body><main>${body}</main></body></html>`);
}

function signInForm(uid, error) {
  return `<h1>Fernbridge Borough Council sign-in</h1>
${error ? `<p role="alert">${error}</p>` : ''}
<form method="post" action="/interaction/${uid}/login">
  <label for="email">Email</label> <input id="email" name="email" type="email" autocomplete="username">
  <label for="password">Password</label> <input id="password" name="password" type="password">
  <button type="submit">Sign in</button>
</form>`;
}

async function readForm(req) {
  const chunks = [];
  for await (const chunk of req) chunks.push(chunk);
  return new URLSearchParams(Buffer.concat(chunks).toString('utf8'));
}

const callback = provider.callback();

const server = http.createServer(async (req, res) => {
  const match = /^\/interaction\/([\w-]+)(\/login)?$/.exec(req.url.split('?')[0]);
  if (!match) {
    callback(req, res);
    return;
  }
  try {
    const details = await provider.interactionDetails(req, res);
    if (req.method === 'GET') {
      page(res, 200, signInForm(details.uid));
      return;
    }
    const form = await readForm(req);
    const found = Object.entries(accounts).find(([, person]) => person.email === form.get('email'));
    if (!found || found[1].password !== form.get('password')) {
      page(res, 401, signInForm(details.uid, 'Email or password not recognised.'));
      return;
    }
    const [subject, person] = found;
    if (person.disabled) {
      // An account disabled at the provider (a leaver): the provider itself refuses it.
      page(res, 403, signInForm(details.uid, 'This account has been disabled.'));
      return;
    }
    await provider.interactionFinished(req, res, {
      login: { accountId: subject, amr: person.mfa ? ['pwd', 'mfa'] : ['pwd'] },
    }, { mergeWithLastSubmission: false });
  } catch (error) {
    page(res, 400, `<p>${error.name}</p>`);
  }
});

server.listen(port, '127.0.0.1', () => {
  process.stdout.write(`listening ${issuer}\n`);
});
