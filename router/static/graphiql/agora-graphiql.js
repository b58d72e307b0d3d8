// Mounts GraphiQL on the router's own endpoint: queries and mutations over HTTP POST to
// /graphql, subscriptions over graphql-transport-ws on the same path (ws:, or wss: behind TLS).
// A separate file (not an inline script) so a strict Content-Security-Policy can allow it.
(function () {
  "use strict";

  var httpUrl = new URL("/graphql", window.location.href);
  var wsUrl = new URL(httpUrl.href);
  wsUrl.protocol = window.location.protocol === "https:" ? "wss:" : "ws:";

  // The headers typed in GraphiQL's editor (persisted below) also authenticate subscriptions:
  // they are sent as the connection_init payload, e.g. {"Authorization": "Bearer ..."}.
  function savedHeaders() {
    try {
      var saved = window.localStorage.getItem("graphiql:headers");
      var headers = saved ? JSON.parse(saved) : {};
      return headers && typeof headers === "object" ? headers : {};
    } catch (error) {
      return {};
    }
  }

  var fetcher = GraphiQL.createFetcher({
    url: httpUrl.href,
    wsClient: graphqlWs.createClient({ url: wsUrl.href, lazy: true, connectionParams: savedHeaders }),
  });

  ReactDOM.createRoot(document.getElementById("graphiql")).render(
    React.createElement(GraphiQL, {
      fetcher: fetcher,
      shouldPersistHeaders: true,
      defaultEditorToolsVisibility: true,
    })
  );
})();
