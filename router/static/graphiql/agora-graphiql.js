// The Agora edition of GraphiQL, on the router's own endpoint: queries and mutations over HTTP
// POST to /graphql, subscriptions over graphql-transport-ws on the same path (ws:, or wss: behind
// TLS). Its plugins: the examples of examples/operations/ (agora-examples.js, also the first
// visit's tabs), a sign-in panel whose token every request of this browser tab carries, the
// query plan of the last operation (when the router exposes plans) and the explorer.
// A separate file (not an inline script) so a strict Content-Security-Policy can allow it.
(function () {
  "use strict";

  var h = React.createElement;
  var GraphiQLReact = GraphiQL.React;
  var httpUrl = new URL("/graphql", window.location.href);
  var wsUrl = new URL(httpUrl.href);
  wsUrl.protocol = window.location.protocol === "https:" ? "wss:" : "ws:";

  var SESSION_KEY = "agora:session"; // this browser tab only (sessionStorage)
  var ASK_PLAN_KEY = "agora:ask-for-query-plan";
  var PLAN_HEADER = "x-agora-query-plan"; // router.query_plans
  var REFRESH_BEFORE_MS = 30 * 1000; // renew an access token this long before it expires
  var EXAMPLES = window.AGORA_EXAMPLES || [];

  var SIGN_IN =
    "mutation AgoraSignIn($email: String!, $password: String!) {\n" +
    "  login(email: $email, password: $password) {\n" +
    "    user { id email displayName roles }\n" +
    "    tokens { accessToken refreshToken accessTokenExpiresAt }\n" +
    "    errors { code message }\n" +
    "    retryAfterSeconds\n" +
    "  }\n" +
    "}";
  var REFRESH =
    "mutation AgoraRefresh($refreshToken: String!) {\n" +
    "  refreshTokens(refreshToken: $refreshToken) {\n" +
    "    tokens { accessToken refreshToken accessTokenExpiresAt }\n" +
    "    errors { code message }\n" +
    "  }\n" +
    "}";
  var SIGN_OUT =
    "mutation AgoraSignOut($refreshToken: String!) { logout(refreshToken: $refreshToken) { success } }";

  // -- a small store the panels re-render from --------------------------------------------------
  var listeners = new Set();
  var state = {
    session: readJson(window.sessionStorage, SESSION_KEY),
    askForPlan: window.localStorage.getItem(ASK_PLAN_KEY) !== "false",
    plan: null, // {operationName, text, at}
  };

  function readJson(storage, key) {
    try {
      var value = JSON.parse(storage.getItem(key) || "null");
      return value && typeof value === "object" ? value : null;
    } catch (error) {
      return null;
    }
  }

  function update(changes) {
    state = Object.assign({}, state, changes);
    listeners.forEach(function (listener) {
      listener();
    });
  }

  function useStore() {
    var forceRender = React.useReducer(function (n) {
      return n + 1;
    }, 0)[1];
    React.useEffect(function () {
      listeners.add(forceRender);
      return function () {
        listeners.delete(forceRender);
      };
    }, []);
    return state;
  }

  // -- the session: sign in, keep the access token fresh, sign out ------------------------------
  async function postGraphQL(query, variables, headers) {
    var response = await window.fetch(httpUrl.href, {
      method: "POST",
      headers: Object.assign({ "content-type": "application/json" }, headers || {}),
      body: JSON.stringify({ query: query, variables: variables }),
    });
    var body = await response.json();
    if (body.errors && body.errors.length) {
      var first = body.errors[0];
      var code = first.extensions && first.extensions.code;
      throw new Error(code ? code + ": " + first.message : first.message);
    }
    return body.data;
  }

  function saveSession(session) {
    if (session) {
      window.sessionStorage.setItem(SESSION_KEY, JSON.stringify(session));
    } else {
      window.sessionStorage.removeItem(SESSION_KEY);
    }
    update({ session: session });
    restartSubscriptions(); // the next connection_init carries the new identity
  }

  function withTokens(session, tokens) {
    return Object.assign({}, session, {
      accessToken: tokens.accessToken,
      refreshToken: tokens.refreshToken,
      expiresAt: Date.parse(tokens.accessTokenExpiresAt),
    });
  }

  async function signIn(email, password) {
    var data = await postGraphQL(SIGN_IN, { email: email, password: password });
    var payload = data.login;
    if (payload.errors.length) {
      var wait = payload.retryAfterSeconds ? " (try again in " + payload.retryAfterSeconds + " s)" : "";
      throw new Error(payload.errors[0].code + ": " + payload.errors[0].message + wait);
    }
    saveSession(withTokens({ user: payload.user }, payload.tokens));
  }

  async function signOut() {
    var session = state.session;
    saveSession(null);
    if (session) {
      try {
        await postGraphQL(SIGN_OUT, { refreshToken: session.refreshToken });
      } catch (error) {
        // The session is gone from this tab either way; its refresh token dies in 30 days.
      }
    }
  }

  var refreshing = null;
  async function freshAccessToken() {
    var session = state.session;
    if (!session) return null;
    if (session.expiresAt - Date.now() > REFRESH_BEFORE_MS) return session.accessToken;
    if (!refreshing) {
      refreshing = postGraphQL(REFRESH, { refreshToken: session.refreshToken })
        .then(function (data) {
          var payload = data.refreshTokens;
          if (payload.errors.length || !payload.tokens) throw new Error(payload.errors[0].code);
          var renewed = withTokens(session, payload.tokens);
          window.sessionStorage.setItem(SESSION_KEY, JSON.stringify(renewed));
          update({ session: renewed }); // no restart: open subscriptions keep their identity
          return renewed.accessToken;
        })
        .catch(function () {
          saveSession(null);
          return null;
        })
        .finally(function () {
          refreshing = null;
        });
    }
    return refreshing;
  }

  // -- transport: every request carries the session's token, and asks for the plan ---------------
  function requestedOperation(init) {
    try {
      return JSON.parse(init.body).operationName || null;
    } catch (error) {
      return null;
    }
  }

  async function agoraFetch(input, init) {
    init = Object.assign({}, init);
    var headers = new Headers(init.headers || {});
    var token = await freshAccessToken();
    if (token) headers.set("authorization", "Bearer " + token); // over the headers editor's
    var operationName = requestedOperation(init);
    var shows = operationName !== "IntrospectionQuery"; // GraphiQL's own schema fetch
    if (state.askForPlan && shows) headers.set(PLAN_HEADER, "true");
    init.headers = headers;
    var response = await window.fetch(input, init);
    var type = response.headers.get("content-type") || "";
    if (state.askForPlan && shows && type.indexOf("json") !== -1) {
      response
        .clone()
        .json()
        .then(function (body) {
          var extensions = (body && body.extensions) || {};
          var text = typeof extensions.queryPlan === "string" ? extensions.queryPlan : null;
          update({ plan: { operationName: operationName, text: text, at: new Date() } });
        })
        .catch(function () {});
    }
    return response;
  }

  // The headers typed in GraphiQL's editor (persisted) and the session's token authenticate
  // subscriptions: they are the connection_init payload, e.g. {"Authorization": "Bearer ..."}.
  async function connectionParams() {
    var params = readJson(window.localStorage, "graphiql:headers") || {};
    var token = await freshAccessToken();
    if (token) params.Authorization = "Bearer " + token;
    return params;
  }

  var wsClient = null;
  var currentFetcher = null;
  function restartSubscriptions() {
    if (wsClient) wsClient.dispose();
    wsClient = graphqlWs.createClient({ url: wsUrl.href, lazy: true, connectionParams: connectionParams });
    currentFetcher = GraphiQL.createFetcher({ url: httpUrl.href, wsClient: wsClient, fetch: agoraFetch });
  }
  restartSubscriptions();

  function fetcher(params, options) {
    return currentFetcher(params, options);
  }

  // -- icons ------------------------------------------------------------------------------------
  function icon(paths) {
    return function Icon(props) {
      var attributes = Object.assign(
        { viewBox: "0 0 24 24", fill: "none", stroke: "currentColor", strokeWidth: 1.5 },
        props
      );
      return h.apply(null, ["svg", attributes].concat(paths.map(function (d, i) {
        return h("path", { key: i, d: d, strokeLinecap: "round", strokeLinejoin: "round" });
      })));
    };
  }
  var KeyIcon = icon(["M3 12a4 4 0 1 0 8 0a4 4 0 1 0 -8 0", "M11 12h10", "M17 12v3", "M20 12v2"]);
  var PlanIcon = icon(["M5 4h6v4H5z", "M13 16h6v4h-6z", "M13 9h6v4h-6z", "M8 8v10h5", "M8 11h5"]);
  var ExamplesIcon = icon(["M4 5h16", "M4 10h16", "M4 15h10", "M4 20h7"]);

  // -- the panels -------------------------------------------------------------------------------
  function Panel(title, children) {
    return h("div", { className: "agora-panel" }, h("div", { className: "agora-panel-title" }, title), children);
  }

  function SignInPanel() {
    var store = useStore();
    var email = React.useState("");
    var password = React.useState("");
    var busy = React.useState(false);
    var problem = React.useState(null);
    var session = store.session;

    function submit(event) {
      event.preventDefault();
      busy[1](true);
      problem[1](null);
      signIn(email[0].trim(), password[0])
        .then(function () {
          password[1]("");
        })
        .catch(function (error) {
          problem[1](error.message);
        })
        .finally(function () {
          busy[1](false);
        });
    }

    if (session) {
      var user = session.user;
      return Panel("Signed in", [
        h("p", { key: "who", className: "agora-signed-in" },
          "as ", h("strong", null, user.displayName), " (", user.email, ")"),
        h("p", { key: "roles" }, "Roles: " + (user.roles.length ? user.roles.join(", ") : "none")),
        h("p", { key: "how", className: "agora-hint" },
          "Every request of this browser tab, subscriptions included, carries ",
          h("code", null, "Authorization: Bearer …"),
          " (over the headers editor's); the token is renewed before it expires."),
        h("button", { key: "out", type: "button", className: "graphiql-button", onClick: signOut }, "Sign out"),
      ]);
    }
    return Panel("Sign in", [
      h("form", { key: "form", className: "agora-sign-in", onSubmit: submit },
        h("label", null, "Email",
          h("input", { type: "email", name: "email", autoComplete: "username", required: true,
            value: email[0], onChange: function (e) { email[1](e.target.value); } })),
        h("label", null, "Password",
          h("input", { type: "password", name: "password", autoComplete: "current-password", required: true,
            value: password[0], onChange: function (e) { password[1](e.target.value); } })),
        h("button", { type: "submit", className: "graphiql-button", disabled: busy[0] },
          busy[0] ? "Signing in…" : "Sign in"),
        problem[0] ? h("p", { className: "agora-error", role: "alert" }, problem[0]) : null),
      h("p", { key: "hint", className: "agora-hint" },
        "Calls the login mutation; the token lives in this browser tab until you sign out or close it."),
    ]);
  }

  function QueryPlanPanel() {
    var store = useStore();
    var plan = store.plan;
    var body;
    if (!store.askForPlan) {
      body = h("p", { className: "agora-hint" }, "Not asking: tick the box to see plans.");
    } else if (!plan) {
      body = h("p", { className: "agora-hint" }, "Run a query or a mutation to see how the router plans it.");
    } else if (plan.text === null) {
      body = h("p", { className: "agora-hint agora-no-plan" },
        "The router sent no plan for " + (plan.operationName || "the last operation") +
        ": it shows plans only when started with --expose-query-plans (agora dev does).");
    } else {
      body = [
        h("p", { key: "of", className: "agora-hint agora-plan-of" },
          "Plan of " + (plan.operationName || "the anonymous operation") + " at " + plan.at.toLocaleTimeString()),
        h("pre", { key: "plan", className: "agora-plan", "data-testid": "query-plan" }, plan.text),
      ];
    }
    return Panel("Query plan", [
      h("label", { key: "ask", className: "agora-checkbox" },
        h("input", { type: "checkbox", checked: store.askForPlan, onChange: function (e) {
          window.localStorage.setItem(ASK_PLAN_KEY, String(e.target.checked));
          update({ askForPlan: e.target.checked });
        } }),
        "Ask the router for plans"),
      h("p", { key: "header", className: "agora-hint" },
        "Each request then carries ", h("code", null, PLAN_HEADER + ": true"),
        "; the plan comes back in extensions.queryPlan."),
      h("div", { key: "body" }, body),
      h("p", { key: "ws", className: "agora-hint" }, "Subscriptions are planned too, but over WebSocket show no plan."),
    ]);
  }

  function ExamplesPanel() {
    var editor = GraphiQLReact.useEditorContext({ nonNull: true });
    var pending = React.useState(null);
    var wanted = pending[0];
    // A new tab gets its text once GraphiQL has made it the active one.
    React.useEffect(function () {
      if (wanted && editor.tabs.length === wanted.index + 1 && editor.activeTabIndex === wanted.index) {
        editor.queryEditor && editor.queryEditor.setValue(wanted.example.query);
        editor.variableEditor && editor.variableEditor.setValue(wanted.example.variables || "");
        pending[1](null);
      }
    }, [wanted, editor.tabs.length, editor.activeTabIndex]);

    function open(example) {
      var index = editor.tabs.findIndex(function (tab) {
        return tab.title === example.name;
      });
      if (index >= 0) {
        editor.changeTab(index);
      } else {
        pending[1]({ example: example, index: editor.tabs.length });
        editor.addTab();
      }
    }

    return Panel("Examples", [
      h("p", { key: "hint", className: "agora-hint" }, "From examples/operations/ of the repository."),
      h("ul", { key: "list", className: "agora-examples" }, EXAMPLES.map(function (example) {
        return h("li", { key: example.name },
          h("button", { type: "button", className: "graphiql-button", onClick: function () { open(example); } },
            example.name),
          h("span", { className: "agora-hint" }, " " + example.kind));
      })),
    ]);
  }

  var plugins = [
    { title: "Examples", icon: ExamplesIcon, content: ExamplesPanel },
    { title: "Sign in", icon: KeyIcon, content: SignInPanel },
    { title: "Query plan", icon: PlanIcon, content: QueryPlanPanel },
  ];
  if (window.GraphiQLPluginExplorer) {
    plugins.push(window.GraphiQLPluginExplorer.explorerPlugin());
  }

  ReactDOM.createRoot(document.getElementById("graphiql")).render(
    h(GraphiQL, {
      fetcher: fetcher,
      plugins: plugins,
      defaultTabs: EXAMPLES.map(function (example) {
        return { query: example.query, variables: example.variables || undefined };
      }),
      shouldPersistHeaders: true,
      defaultEditorToolsVisibility: true,
    })
  );
})();
