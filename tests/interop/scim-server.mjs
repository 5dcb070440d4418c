// A real third-party SCIM 2.0 service provider for oktasim's interop test: SCIMMY + scimmy-routers on express,
// with an in-memory store for Users and Groups. SCIMMY does the protocol (schemas, filters, PatchOp, ListResponse);
// this file only stores resources and checks the bearer token.
//
// Usage: node scim-server.mjs [--token T] [--sequential-ids]
//   --token T          the bearer token to accept (default: $SCIM_TOKEN; one of them is required)
//   --sequential-ids   ids 00000000-0000-4000-8000-000000000001, ...002, ... instead of random UUIDs, so a test
//                      can expect exact request targets (they are still well-formed version-4 UUIDs)
// Listens on 127.0.0.1 at a free port and prints "listening on <port>" on stdout once it accepts connections.
// One line per request on stderr. Exits on SIGTERM or SIGINT.
//
// SCIMMY's behaviour is deliberately left as it is, quirks included, because they are what `oktasim check` must
// report: itemsPerPage echoes the requested count, and `filter=userName eq "..."` compares case-sensitively.
import {randomUUID} from "node:crypto";
import express from "express";
import SCIMMY from "scimmy";
import SCIMMYRouters from "scimmy-routers";

function parseArgs(argv) {
    const options = {token: process.env.SCIM_TOKEN ?? "", sequentialIds: false};
    for (let i = 0; i < argv.length; i++) {
        const arg = argv[i];
        if (arg === "--token" && i + 1 < argv.length) options.token = argv[++i];
        else if (arg.startsWith("--token=")) options.token = arg.slice("--token=".length);
        else if (arg === "--sequential-ids") options.sequentialIds = true;
        else {
            console.error(`scim-server: unknown argument '${arg}'`);
            process.exit(2);
        }
    }
    if (!options.token) {
        console.error("scim-server: give the bearer token with --token T or SCIM_TOKEN");
        process.exit(2);
    }
    return options;
}

const options = parseArgs(process.argv.slice(2));

let issued = 0;
const newId = () => options.sequentialIds
    ? `00000000-0000-4000-8000-${String(++issued).padStart(12, "0")}`
    : randomUUID();

// A store per resource type: id -> stored attributes (everything SCIMMY passed in, plus id and meta timestamps).
function makeStore(kind, uniqueKey) {
    const records = new Map();

    const egress = (resource) => {
        if (resource.id) {
            const record = records.get(resource.id);
            if (!record) throw new SCIMMY.Types.Error(404, null, `Resource ${resource.id} not found`);
            return record;
        }
        const all = [...records.values()];
        // SCIMMY's Filter.match compares strings exactly: userName eq is case-sensitive (a known quirk; kept).
        return resource.filter ? resource.filter.match(all) : all;
    };

    const ingress = (resource, instance) => {
        const now = new Date();
        const key = instance[uniqueKey];
        // userName / displayName uniqueness, compared exactly like SCIMMY's filter does.
        for (const [id, other] of records) {
            if (id !== resource.id && key !== undefined && other[uniqueKey] === key)
                throw new SCIMMY.Types.Error(409, "uniqueness", `${kind} with ${uniqueKey} "${key}" already exists`);
        }
        if (resource.id) {
            const existing = records.get(resource.id);
            if (!existing) throw new SCIMMY.Types.Error(404, null, `Resource ${resource.id} not found`);
            const record = {...JSON.parse(JSON.stringify(instance)), id: resource.id,
                            meta: {created: existing.meta.created, lastModified: now}};
            records.set(resource.id, record);
            return record;
        }
        const id = newId();
        const record = {...JSON.parse(JSON.stringify(instance)), id, meta: {created: now, lastModified: now}};
        records.set(id, record);
        return record;
    };

    const degress = (resource) => {
        if (!records.delete(resource.id)) throw new SCIMMY.Types.Error(404, null, `Resource ${resource.id} not found`);
    };

    return {ingress, egress, degress};
}

const users = makeStore("User", "userName");
const groups = makeStore("Group", "displayName");
SCIMMY.Resources.declare(SCIMMY.Resources.User).ingress(users.ingress).egress(users.egress).degress(users.degress);
SCIMMY.Resources.declare(SCIMMY.Resources.Group).ingress(groups.ingress).egress(groups.egress).degress(groups.degress);

const app = express();
app.disable("x-powered-by");
app.use((req, res, next) => {
    const started = Date.now();
    res.on("finish", () => console.error(`${req.method} ${req.originalUrl} -> ${res.statusCode} (${Date.now() - started} ms)`));
    next();
});
app.use("/scim/v2", new SCIMMYRouters({
    type: "bearer",
    docUri: "https://example.com/oktasim/interop",
    handler: (request) => {
        // Throwing makes scimmy-routers answer 401 with the SCIM error schema and this message as the detail.
        if (request.header("Authorization") !== `Bearer ${options.token}`) throw new Error("Invalid bearer token");
        return "interop-admin";
    },
}));

const server = app.listen(0, "127.0.0.1", () => {
    console.log(`listening on ${server.address().port}`);
});
server.on("error", (error) => {
    console.error(`scim-server: ${error.message}`);
    process.exit(1);
});

function stop(signal) {
    console.error(`scim-server: ${signal}, stopping`);
    server.close(() => process.exit(0));
    server.closeAllConnections?.();
    setTimeout(() => process.exit(0), 1000).unref();
}
process.on("SIGTERM", () => stop("SIGTERM"));
process.on("SIGINT", () => stop("SIGINT"));
