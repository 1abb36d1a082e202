"""The DSR backend's wire contract, owned once: types, routes, error table, client and OpenAPI document."""
