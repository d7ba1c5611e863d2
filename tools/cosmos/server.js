#!/usr/bin/env node
// A local Cosmos DB (NoSQL API) compatible server for tests and local runs: the pinned npm
// @vercel/cosmosdb-server (in tools/node), started over HTTPS with a fresh self-signed certificate
// (the bundled one expired in 2021), with three fixes the .NET SDK (Gateway mode) needs:
//   1. the query-plan request (the SDK on Linux asks the gateway for a plan first) gets a
//      pass-through plan, so the SDK then sends the query itself;
//   2. queries honour the partition-key header (the package ignores it and rejects a WHERE clause
//      without the partition key); queries without it run across the whole container;
//   3. a point read of a missing item answers 404 (the package throws and answers 500);
//   4. a query that names its partition reads only that partition's documents (the package scans
//      the whole container on every query).
// Query pages hold at most 100 items (real Cosmos may also end a page early), so clients meet
// continuations with small data too. It keeps everything in memory; its queries run on its own
// JS engine, not real Cosmos. SO_COSMOS_TRACE=FILE appends one line per request to FILE.
//
// usage: node tools/cosmos/server.js <port> [--host 127.0.0.1] [--cert cert.pem --key key.pem] [--watch-stdin]
//   --watch-stdin  exit when stdin closes (a test host that starts it with a pipe and then dies
//                  takes the server with it)
// Prints "cosmos listening on https://HOST:PORT" on stdout once it accepts connections.
"use strict";

const fs = require("fs");
const os = require("os");
const path = require("path");
const { execFileSync } = require("child_process");

const pkgRoot = path.join(__dirname, "..", "node", "node_modules", "@vercel", "cosmosdb-server");
const lib = (name) => require(path.join(pkgRoot, "lib", name));

function parseArgs(argv) {
  const args = { host: "127.0.0.1", port: undefined, cert: undefined, key: undefined, watchStdin: false };
  for (let i = 0; i < argv.length; i += 1) {
    const a = argv[i];
    if (a === "--host") args.host = argv[++i];
    else if (a === "--cert") args.cert = argv[++i];
    else if (a === "--key") args.key = argv[++i];
    else if (a === "--watch-stdin") args.watchStdin = true;
    else if (/^\d+$/.test(a)) args.port = parseInt(a, 10);
    else throw new Error(`unknown argument: ${a}`);
  }
  if (args.port === undefined) throw new Error("usage: server.js <port> [--host H] [--cert F --key F] [--watch-stdin]");
  if (!!args.cert !== !!args.key) throw new Error("--cert and --key go together");
  return args;
}

/** A self-signed certificate for localhost/127.0.0.1, made with openssl; the files are removed once read. */
function selfSignedCertificate() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "so-cosmos-cert-"));
  try {
    const cert = path.join(dir, "cert.pem");
    const key = path.join(dir, "key.pem");
    execFileSync("openssl", [
      "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes",
      "-keyout", key, "-out", cert, "-days", "7", "-subj", "/CN=localhost",
      "-addext", "subjectAltName=DNS:localhost,IP:127.0.0.1,IP:::1",
    ], { stdio: ["ignore", "ignore", "pipe"] });
    return { cert: fs.readFileSync(cert), key: fs.readFileSync(key) };
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

// ---- fix 3: 404 for a missing item --------------------------------------------------------------
// routes.js reads each handler module's `default` when it loads, so the handlers are replaced
// before the package's index (and with it routes.js) is required.
const { parsePartitionKey } = lib("utils/get-partition-from-header");
const readDocumentModule = lib("handler/read-document");
const originalReadDocument = readDocumentModule.default;
readDocumentModule.default = (account, req, res, params) => {
  const { dbId, collId, docId } = params;
  const collection = account.database(dbId).collection(collId);
  const header = req.headers["x-ms-documentdb-partitionkey"];
  if (collection.read() && header && header !== "[{}]") {
    let partition;
    try {
      partition = parsePartitionKey(Array.isArray(header) ? header[0] : header, docId);
    } catch (err) {
      partition = undefined;
    }
    if (partition !== undefined && !collection.document(docId, partition).read()) {
      res.statusCode = 404;
      return { code: "NotFound", message: "Entity with the specified id does not exist in the system." };
    }
  }
  return originalReadDocument(account, req, res, params);
};

// ---- fix 2: queries honour the partition-key header -------------------------------------------
const readItems = lib("handler/_read-items").default;
const readJson = lib("json").default;
const MaxPageSize = 100;
const queryDocumentsModule = lib("handler/query-documents");
queryDocumentsModule.default = async (account, req, res, { dbId, collId }) =>
  readItems(req, res, "Documents", async ({ continuation, maxItemCount }) => {
    const body = await readJson(req);
    if (!body.query) {
      res.statusCode = 400;
      return { message: "missing query" };
    }
    const collection = account.database(dbId).collection(collId);
    if (!collection.read()) return null; // 404
    const items = collection.documents;
    const partition = partitionFromHeader(req.headers["x-ms-documentdb-partitionkey"]);
    // A query that names its partition reads that partition only (fix 4), as Cosmos DB does.
    const data = partition.given
      ? [...(partitionsOf(items).get(JSON.stringify(partition.value)) || new Map()).values()].map((item) => item.read())
      : [...items._data.values()].map((item) => item.read());
    const parent = collection.read();
    try {
      return items._getQuery(body.query).exec(data, {
        parameters: body.parameters,
        udf: items._userDefinedFunctions(),
        // Real Cosmos may end a page early (size, time) and hand back a continuation; pages here
        // hold at most 100 items, so clients meet continuations with small data too.
        maxItemCount: Math.min(maxItemCount > 0 ? maxItemCount : MaxPageSize, MaxPageSize),
        continuation,
        compositeIndexes: (parent.indexingPolicy && parent.indexingPolicy.compositeIndexes) || [],
      });
    } catch (err) {
      if (err && err.name !== "SyntaxError") {
        res.statusCode = 400;
        return { code: "BadRequest", message: err.message };
      }
      throw err; // _read-items turns query syntax errors into 400
    }
  });

function partitionFromHeader(header) {
  const raw = Array.isArray(header) ? header[0] : header;
  if (!raw || raw === "[{}]" || raw === "[]") return { given: false };
  try {
    const parsed = JSON.parse(raw);
    if (Array.isArray(parsed)) return parsed.length ? { given: true, value: parsed[0] } : { given: false };
    return { given: true, value: parsed };
  } catch (err) {
    return { given: false };
  }
}

// ---- fix 4: documents kept by partition too ----------------------------------------------------
// The package keeps one map of every document in a container and scans it on every query; a
// second map per partition, kept by the same writes, lets a single-partition query cost what its
// partition holds instead of what the whole container has accumulated.
const ItemsClass = lib("account/items").default;
function partitionsOf(items) {
  if (!items._byPartition) {
    items._byPartition = new Map();
    for (const [rid, item] of items._data) remember(items, rid, item);
  }
  return items._byPartition;
}
function remember(items, rid, item) {
  const key = JSON.stringify(items._getPartition(item.read()));
  let partition = items._byPartition.get(key);
  if (!partition) items._byPartition.set(key, (partition = new Map()));
  partition.set(rid, item);
}
const originalSet = ItemsClass.prototype._set;
ItemsClass.prototype._set = function set(data) {
  const result = originalSet.call(this, data);
  partitionsOf(this); // made on first use (it then already holds this document)
  remember(this, data._rid, this._data.get(data._rid));
  return result;
};
const originalDelete = ItemsClass.prototype.delete;
ItemsClass.prototype.delete = function remove(idOrRid, partition) {
  const data = this._item("/id", idOrRid, partition).read();
  originalDelete.call(this, idOrRid, partition);
  if (data) {
    const byPartition = partitionsOf(this).get(JSON.stringify(this._getPartition(data)));
    if (byPartition) byPartition.delete(data._rid);
  }
};

// ---- fix 1: the query plan --------------------------------------------------------------------
function isTrue(value) {
  return typeof value === "string" && value.toLowerCase() === "true";
}

/** A plan that asks the SDK for nothing but to pass the query through to every partition key range. */
const passThroughPlan = JSON.stringify({
  partitionedQueryExecutionInfoVersion: 2,
  queryInfo: {
    distinctType: "None",
    top: null,
    offset: null,
    limit: null,
    orderBy: [],
    orderByExpressions: [],
    groupByExpressions: [],
    groupByAliases: [],
    aggregates: [],
    groupByAliasToAggregateType: {},
    rewrittenQuery: "",
    hasSelectValue: false,
    dCountInfo: null,
    hasNonStreamingOrderBy: false,
  },
  queryRanges: [{ min: "", max: "FF", isMinInclusive: true, isMaxInclusive: false }],
});

function answerQueryPlan(req, res) {
  req.resume(); // drain the query text
  req.on("end", () => {
    res.statusCode = 200;
    res.setHeader("content-type", "application/json");
    res.setHeader("x-ms-activity-id", require("crypto").randomUUID());
    res.setHeader("x-ms-request-charge", "0");
    res.end(passThroughPlan);
  });
}

// ---- start -------------------------------------------------------------------------------------
function main() {
  const args = parseArgs(process.argv.slice(2));
  const tls = args.cert
    ? { cert: fs.readFileSync(args.cert), key: fs.readFileSync(args.key) }
    : selfSignedCertificate();
  const { createHttpsServer } = lib("index");
  const server = createHttpsServer({ ...tls, minVersion: "TLSv1.2", keepAlive: true });

  // Hook in front of the package's own request handler.
  const [packageHandler] = server.listeners("request");
  server.removeAllListeners("request");
  const trace = process.env.SO_COSMOS_TRACE; // a file to append "METHOD URL STATUS" lines to, for debugging
  server.on("request", (req, res) => {
    if (trace) {
      res.on("finish", () => fs.appendFileSync(trace,
        `${req.method} ${req.url} pk=${req.headers["x-ms-documentdb-partitionkey"] || "-"} max=${req.headers["x-ms-max-item-count"] || "-"} cont=${req.headers["x-ms-continuation"] ? "yes" : "-"} plan=${req.headers["x-ms-cosmos-is-query-plan-request"] || "-"} -> ${res.statusCode}\n`));
    }
    if (req.method === "POST" && isTrue(req.headers["x-ms-cosmos-is-query-plan-request"])) {
      answerQueryPlan(req, res);
      return;
    }
    packageHandler(req, res);
  });

  server.on("error", (err) => {
    console.error(`cosmos server error: ${err.message}`);
    process.exit(1);
  });
  server.listen(args.port, args.host, () => {
    const { address, port } = server.address();
    const host = address.includes(":") ? `[${address}]` : address;
    console.log(`cosmos listening on https://${host}:${port}`);
  });

  const stop = () => server.close(() => process.exit(0));
  process.on("SIGTERM", stop);
  process.on("SIGINT", stop);
  if (args.watchStdin) {
    process.stdin.on("end", () => process.exit(0));
    process.stdin.on("error", () => process.exit(0));
    process.stdin.resume();
  }
}

try {
  main();
} catch (err) {
  console.error(err.message);
  process.exit(2);
}
