/* principal.h - who is calling: the verified claims of a token. */
#ifndef LOTSE_PRINCIPAL_H
#define LOTSE_PRINCIPAL_H

enum {
    ROLE_CASEWORKER = 1u << 0,
    ROLE_AGENCY_ADMIN = 1u << 1,
    ROLE_COORDINATOR = 1u << 2,
    ROLE_AUDITOR = 1u << 3,
    ROLE_MINISTRY = 1u << 4,
    ROLE_PLATFORM_ADMIN = 1u << 5,
};
#define ROLES_NETWORK (ROLE_CASEWORKER | ROLE_AGENCY_ADMIN | ROLE_COORDINATOR | ROLE_AUDITOR)
#define ROLES_ANY (ROLES_NETWORK | ROLE_MINISTRY | ROLE_PLATFORM_ADMIN)

typedef struct principal {
    char sub[129];
    char client_id[65];   /* set for tokens this service issued */
    char agency[37];      /* UUID or "" */
    char network[37];     /* UUID or "" */
    unsigned roles;
    long long iat, exp;
    int gen;              /* the client's secret generation (claim "gen"); 0: none named */
    char teams[544];      /* a person's teams (claim "teams": up to 8 names of [A-Za-z0-9 ._-],
                           * 1-64 each), comma-separated; "" none */
} principal_t;

/* Role name to bit, 0 when unknown. */
unsigned role_bit(const char *name);

/* Bit to role name (one bit), NULL when unknown. */
const char *role_name(unsigned bit);

#endif
