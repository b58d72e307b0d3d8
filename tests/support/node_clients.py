"""Real JavaScript GraphQL clients from npm, run by Node for tests: Apollo Client (`@defer`
over multipart/mixed) and graphql-sse (single-connection mode).

Each is installed on first use into `.data/cache/<name>` with `npm install --prefix`, pinned,
under a file lock (two test sessions must not run npm in one prefix together), like Hive
Gateway and the graphql-http audit.
"""

from __future__ import annotations

import fcntl
import json
import subprocess
from dataclasses import dataclass
from pathlib import Path

from tests.support.environment import REPO_ROOT

INSTALL_TIMEOUT_SECONDS = 300


@dataclass(frozen=True)
class NodeClient:
    name: str  # the directory under .data/cache
    packages: tuple[str, ...]  # pinned: name@version
    script: str  # an ES module written next to node_modules

    @property
    def directory(self) -> Path:
        return REPO_ROOT / ".data" / "cache" / self.name

    def installed(self) -> Path:
        """The script's path, with the pinned packages installed first if needed."""
        directory = self.directory
        directory.mkdir(parents=True, exist_ok=True)
        with (directory / "install.lock").open("w") as lock:
            fcntl.flock(lock, fcntl.LOCK_EX)
            if not self._up_to_date():
                installed = self._npm_install()
                if installed.returncode != 0:
                    # A stale packument in npm's cache can name versions the registry lacks
                    # (ETARGET): once more, revalidating every cached packument.
                    installed = self._npm_install("--prefer-online")
                if installed.returncode != 0:
                    raise RuntimeError(f"npm install {self.packages} failed:\n{installed.stderr}")
            script = directory / f"{self.name}.mjs"
            script.write_text(self.script)
        return script

    def _up_to_date(self) -> bool:
        for package in self.packages:
            name, _, version = package.rpartition("@")
            manifest = self.directory / "node_modules" / name / "package.json"
            if not manifest.is_file() or json.loads(manifest.read_text())["version"] != version:
                return False
        return True

    def _npm_install(self, *options: str) -> subprocess.CompletedProcess[str]:
        command = ["npm", "install", "--prefix", str(self.directory), "--no-audit", "--no-fund"]
        return subprocess.run(
            [*command, "--loglevel=error", *options, *self.packages],
            timeout=INSTALL_TIMEOUT_SECONDS,
            capture_output=True,
            text=True,
        )


# Runs one query with @defer through Apollo Client's HttpLink and prints, as JSON, every
# result the client emitted (in order) and the content type of each HTTP response.
APOLLO_DEFER_SCRIPT = """
import { ApolloClient, HttpLink, InMemoryCache, gql } from '@apollo/client';
import { Defer20220824Handler } from '@apollo/client/incremental';

const [url, token, query, variables] = process.argv.slice(2);
const contentTypes = [];
const recordingFetch = async (input, init) => {
  const response = await fetch(input, init);
  contentTypes.push(response.headers.get('content-type'));
  return response;
};
const client = new ApolloClient({
  link: new HttpLink({
    uri: url,
    fetch: recordingFetch,
    headers: token ? { authorization: `Bearer ${token}` } : {},
  }),
  cache: new InMemoryCache(),
  incrementalHandler: new Defer20220824Handler(),
});
const emitted = [];
await new Promise((resolve, reject) => {
  const subscription = client
    .watchQuery({ query: gql(query), variables: JSON.parse(variables), fetchPolicy: 'network-only' })
    .subscribe({
      next(result) {
        emitted.push({
          dataState: result.dataState,
          data: result.data ?? null,
          error: result.error ? String(result.error.message) : null,
        });
        if (result.dataState === 'complete' || result.error) {
          subscription.unsubscribe();
          resolve();
        }
      },
      error: reject,
    });
});
process.stdout.write(JSON.stringify({ emitted, contentTypes }));
"""

APOLLO_CLIENT = NodeClient(
    "apollo-client",
    ("@apollo/client@4.3.8", "graphql@16.15.0", "rxjs@7.8.2"),
    APOLLO_DEFER_SCRIPT,
)


# Subscribes with graphql-sse's own client in single-connection mode and prints every result
# as one JSON line; after `count` results it unsubscribes (the client DELETEs the operation)
# and disposes of the client, then prints {"done": true}.
GRAPHQL_SSE_SCRIPT = """
import { createClient } from 'graphql-sse';

const [url, token, query, count] = process.argv.slice(2);
const client = createClient({
  url,
  singleConnection: true,
  retryAttempts: 0,
  headers: token ? { authorization: `Bearer ${token}` } : {},
});
const print = (value) => process.stdout.write(JSON.stringify(value) + '\\n');
let received = 0;
await new Promise((resolve, reject) => {
  const unsubscribe = client.subscribe({ query }, {
    next(result) {
      print(result);
      received += 1;
      if (received >= Number(count)) {
        unsubscribe();
        resolve();
      }
    },
    error(error) { reject(error); },
    complete() { resolve(); },
  });
});
client.dispose();
print({ done: true });
"""

GRAPHQL_SSE = NodeClient(
    "graphql-sse", ("graphql-sse@2.6.1", "graphql@16.15.0"), GRAPHQL_SSE_SCRIPT
)
