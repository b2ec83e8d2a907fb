/* routes.c - the one route table.  Each row: method, path pattern, handler,
 * roles that may call it.  openapi/openapi.yaml documents exactly these
 * rows (tests/unit checks both ways). */
#include "handlers.h"
#include "router.h"

#define NET ROLES_NETWORK
#define ADMIN ROLE_AGENCY_ADMIN
#define COORD ROLE_COORDINATOR
#define PLATFORM ROLE_PLATFORM_ADMIN

static const route_t ROUTES[] = {
    {"GET", "/healthz", h_healthz, ROUTE_PUBLIC},
    {"GET", "/readyz", h_readyz, ROUTE_PUBLIC},
    {"GET", "/metrics", h_metrics, ROUTE_PUBLIC},
    {"GET", "/openapi.json", h_openapi, ROUTE_PUBLIC},
    {"GET", "/docs", h_docs, ROUTE_PUBLIC},

    {"POST", "/v1/oauth/token", h_token, ROUTE_PUBLIC},
    {"GET", "/v1/me", h_me, ROLES_ANY},

    {"GET", "/v1/networks", h_networks_list, ROLES_ANY},
    {"POST", "/v1/networks", h_networks_create, PLATFORM},
    {"GET", "/v1/networks/{id}", h_networks_get, ROLES_ANY},
    {"PATCH", "/v1/networks/{id}", h_networks_update, PLATFORM | COORD},

    {"GET", "/v1/municipalities", h_municipalities_list, NET},
    {"POST", "/v1/municipalities", h_municipalities_create, COORD},
    {"GET", "/v1/municipalities/{ags}", h_municipalities_get, NET},
    {"PATCH", "/v1/municipalities/{ags}", h_municipalities_update, COORD},
    {"DELETE", "/v1/municipalities/{ags}", h_municipalities_delete, COORD},

    {"GET", "/v1/agencies", h_agencies_list, NET},
    {"POST", "/v1/agencies", h_agencies_create, COORD},
    {"GET", "/v1/agencies/{id}", h_agencies_get, NET},
    {"PATCH", "/v1/agencies/{id}", h_agencies_update, COORD},

    {"GET", "/v1/api-clients", h_clients_list, ADMIN},
    {"POST", "/v1/api-clients", h_clients_create, ADMIN},
    {"GET", "/v1/api-clients/{id}", h_clients_get, ADMIN},
    {"PATCH", "/v1/api-clients/{id}", h_clients_update, ADMIN},
    {"POST", "/v1/api-clients/{id}/rotate-secret", h_clients_rotate, ADMIN},
    {"POST", "/v1/api-clients/{id}/revoke", h_clients_revoke, ADMIN},
};

const route_t *routes_table(size_t *n)
{
    *n = sizeof ROUTES / sizeof ROUTES[0];
    return ROUTES;
}
