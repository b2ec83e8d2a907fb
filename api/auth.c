/* auth.c - JWT verification and issuing; see auth.h.
 *
 * Tokens are split, decoded and verified here: the issuer selects a pinned
 * algorithm and key (anything else is refused), the signature is checked
 * with OpenSSL against a key parsed once at start, then the claims.  libjwt
 * 1.10 would re-read the PEM key on every verification (about 0.7 ms with
 * OpenSSL 3, measured; 37 us for the RS256 check itself), so it only
 * issues Lotse's own HS256 tokens. */
#include "auth.h"
#include "b64.h"
#include "principal.h"
#include "req.h"

#include <errno.h>
#include <jwt.h>
#include <openssl/crypto.h>
#include <openssl/ec.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <openssl/pem.h>
#include <openssl/rand.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct issuer_key {
    const char *issuer;
    jwt_alg_t alg;
    const unsigned char *secret; /* HS256 */
    size_t secret_len;
    EVP_PKEY *pkey;              /* RS256, ES256: parsed once, shared read-only */
    const trusted_issuer_t *trust; /* what a trusted issuer may assert; NULL for our own */
} issuer_key_t;

static issuer_key_t g_issuers[MAX_TRUSTED_ISSUERS + 1];
static int g_nissuers;
static const config_t *g_cfg;

static const char *ROLE_NAMES[] = {"caseworker", "agency_admin", "coordinator",
                                   "auditor", "ministry", "platform_admin"};

unsigned role_bit(const char *name)
{
    for (unsigned i = 0; i < sizeof ROLE_NAMES / sizeof ROLE_NAMES[0]; i++)
        if (strcmp(ROLE_NAMES[i], name) == 0)
            return 1u << i;
    return 0;
}

const char *role_name(unsigned bit)
{
    for (unsigned i = 0; i < sizeof ROLE_NAMES / sizeof ROLE_NAMES[0]; i++)
        if (bit == 1u << i)
            return ROLE_NAMES[i];
    return NULL;
}

/* The PEM public key at path if it suits alg (RSA for RS256, P-256 for
 * ES256), else NULL. */
static EVP_PKEY *read_public_key(const char *path, jwt_alg_t alg)
{
    FILE *f = fopen(path, "r");
    if (f == NULL)
        return NULL;
    EVP_PKEY *k = PEM_read_PUBKEY(f, NULL, NULL, NULL);
    fclose(f);
    char group[32] = "";
    size_t glen = 0;
    int fits = k && (alg == JWT_ALG_RS256
                         ? EVP_PKEY_get_base_id(k) == EVP_PKEY_RSA
                         : EVP_PKEY_get_base_id(k) == EVP_PKEY_EC &&
                               EVP_PKEY_get_group_name(k, group, sizeof group, &glen) == 1 &&
                               strcmp(group, "prime256v1") == 0);
    if (!fits) {
        EVP_PKEY_free(k);
        return NULL;
    }
    return k;
}

int auth_init(const config_t *c, char *err, size_t errlen)
{
    g_cfg = c;
    g_nissuers = 0;
    issuer_key_t *local = &g_issuers[g_nissuers++];
    local->issuer = c->jwt_issuer;
    local->alg = JWT_ALG_HS256;
    local->secret = (const unsigned char *)c->jwt_secret;
    local->secret_len = strlen(c->jwt_secret);
    for (int i = 0; i < c->n_issuers; i++) {
        issuer_key_t *k = &g_issuers[g_nissuers++];
        k->issuer = c->issuers[i].issuer;
        k->trust = &c->issuers[i];
        k->alg = strcmp(c->issuers[i].alg, "ES256") == 0 ? JWT_ALG_ES256 : JWT_ALG_RS256;
        k->pkey = read_public_key(c->issuers[i].key_path, k->alg);
        if (k->pkey == NULL) {
            snprintf(err, errlen, "lotse: LOTSE_JWT_TRUSTED_ISSUERS: '%s' is not a PEM public key "
                     "for %s", c->issuers[i].key_path, c->issuers[i].alg);
            return -1;
        }
        if (strcmp(k->issuer, c->jwt_issuer) == 0) {
            snprintf(err, errlen, "lotse: LOTSE_JWT_TRUSTED_ISSUERS: '%s' is already the local "
                     "issuer (LOTSE_JWT_ISSUER)", k->issuer);
            return -1;
        }
    }
    return 0;
}

/* The 64-byte JWS form r||s of an ES256 signature as DER into der (at
 * least 80 bytes); its length, or 0. */
static size_t es256_der(const unsigned char *raw, unsigned char *der)
{
    ECDSA_SIG *sig = ECDSA_SIG_new();
    BIGNUM *r = BN_bin2bn(raw, 32, NULL), *s = BN_bin2bn(raw + 32, 32, NULL);
    if (sig == NULL || r == NULL || s == NULL || ECDSA_SIG_set0(sig, r, s) != 1) {
        ECDSA_SIG_free(sig);
        BN_free(r);
        BN_free(s);
        return 0;
    }
    int n = i2d_ECDSA_SIG(sig, NULL);
    size_t len = n > 0 && n <= 80 ? (size_t)i2d_ECDSA_SIG(sig, &der) : 0;
    ECDSA_SIG_free(sig);
    return len;
}

/* 1 when sig_b64 (base64url) signs input[0..len) under k's pinned algorithm. */
static int signature_ok(const issuer_key_t *k, const char *input, size_t len, const char *sig_b64)
{
    size_t n = 0;
    unsigned char *sig = (unsigned char *)b64url_decode(sig_b64, strlen(sig_b64), &n);
    int ok = 0;
    if (sig == NULL)
        return 0;
    if (k->alg == JWT_ALG_HS256) {
        unsigned char mac[EVP_MAX_MD_SIZE];
        unsigned int mlen = 0;
        ok = HMAC(EVP_sha256(), k->secret, (int)k->secret_len, (const unsigned char *)input, len,
                  mac, &mlen) != NULL &&
             n == mlen && CRYPTO_memcmp(mac, sig, n) == 0;
    } else {
        unsigned char der[80];
        const unsigned char *s = sig;
        size_t slen = n;
        if (k->alg == JWT_ALG_ES256) {
            slen = n == 64 ? es256_der(sig, der) : 0;
            s = der;
        }
        EVP_MD_CTX *ctx = slen ? EVP_MD_CTX_new() : NULL;
        ok = ctx && EVP_DigestVerifyInit(ctx, NULL, EVP_sha256(), NULL, k->pkey) == 1 &&
             EVP_DigestVerify(ctx, s, slen, (const unsigned char *)input, len) == 1;
        EVP_MD_CTX_free(ctx);
    }
    free(sig);
    return ok;
}

static json_t *decode_part(const char *s, size_t len)
{
    size_t n;
    char *raw = b64url_decode(s, len, &n);
    if (raw == NULL)
        return NULL;
    json_t *v = json_loadb(raw, n, JSON_REJECT_DUPLICATES, NULL);
    free(raw);
    if (v && !json_is_object(v)) {
        json_decref(v);
        return NULL;
    }
    return v;
}

static int aud_matches(json_t *aud, const char *want)
{
    if (json_is_string(aud))
        return strcmp(json_string_value(aud), want) == 0;
    if (json_is_array(aud)) {
        size_t i;
        json_t *v;
        json_array_foreach(aud, i, v) if (json_is_string(v) && strcmp(json_string_value(v), want) == 0)
            return 1;
    }
    return 0;
}

static int copy_uuid_claim(json_t *payload, const char *name, char *out, const char **why)
{
    json_t *v = json_object_get(payload, name);
    if (v == NULL || json_is_null(v))
        return 0;
    if (!json_is_string(v) || !is_uuid(json_string_value(v))) {
        *why = "a claim (agency/network) is not a UUID";
        return -1;
    }
    strcpy(out, json_string_value(v));
    return 0;
}

/* The teams claim (absent, or an array of at most 8 names of 1-64 characters of
 * [A-Za-z0-9 ._-]) comma-joined into out; -1 with *why otherwise. */
static int copy_teams(json_t *teams, char *out, size_t n, const char **why)
{
    out[0] = '\0';
    if (teams == NULL)
        return 0;
    if (!json_is_array(teams) || json_array_size(teams) > 8) {
        *why = "the teams claim must be an array of at most 8 team names";
        return -1;
    }
    size_t i, len = 0;
    json_t *t;
    json_array_foreach(teams, i, t) {
        const char *s = json_string_value(t);
        size_t k = s ? strlen(s) : 0;
        if (k == 0 || k > 64 || strspn(s, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789 ._-") != k ||
            len + k + 2 > n) {
            *why = "a team name must be 1-64 letters, digits, spaces, dots, underscores or hyphens";
            return -1;
        }
        len += (size_t)snprintf(out + len, n - len, "%s%s", i ? "," : "", s);
    }
    return 0;
}

int auth_check_claims(json_t *payload, long long now, int leeway, const char *audience,
                      principal_t *out, const char **why)
{
    memset(out, 0, sizeof *out);
    json_t *exp = json_object_get(payload, "exp");
    json_t *nbf = json_object_get(payload, "nbf");
    json_t *iat = json_object_get(payload, "iat");
    if (!json_is_integer(exp)) {
        *why = "the token has no integer exp claim";
        return -1;
    }
    if (json_integer_value(exp) + leeway <= now) {
        *why = "the token has expired";
        return -1;
    }
    if (nbf && (!json_is_integer(nbf) || json_integer_value(nbf) - leeway > now)) {
        *why = "the token is not valid yet (nbf)";
        return -1;
    }
    if (iat && (!json_is_integer(iat) || json_integer_value(iat) - leeway > now)) {
        *why = "the token was issued in the future (iat)";
        return -1;
    }
    if (!aud_matches(json_object_get(payload, "aud"), audience)) {
        *why = "the token is not meant for this audience (aud)";
        return -1;
    }
    json_t *sub = json_object_get(payload, "sub");
    if (!json_is_string(sub) || json_string_length(sub) == 0 || json_string_length(sub) > 128) {
        *why = "the token has no usable sub claim";
        return -1;
    }
    strcpy(out->sub, json_string_value(sub));
    json_t *roles = json_object_get(payload, "roles");
    if (!json_is_array(roles)) {
        *why = "the token has no roles array";
        return -1;
    }
    size_t i;
    json_t *role;
    json_array_foreach(roles, i, role) if (json_is_string(role))
        out->roles |= role_bit(json_string_value(role));
    if (copy_uuid_claim(payload, "agency", out->agency, why) ||
        copy_uuid_claim(payload, "network", out->network, why))
        return -1;
    if ((out->roles & ROLES_NETWORK) && out->network[0] == '\0') {
        *why = "network roles need a network claim";
        return -1;
    }
    if ((out->roles & (ROLE_CASEWORKER | ROLE_AGENCY_ADMIN)) && out->agency[0] == '\0') {
        *why = "agency roles need an agency claim";
        return -1;
    }
    if (out->roles == 0) {
        *why = "the token carries no known role";
        return -1;
    }
    if (copy_teams(json_object_get(payload, "teams"), out->teams, sizeof out->teams, why) != 0)
        return -1;
    out->exp = json_integer_value(exp);
    out->iat = iat ? json_integer_value(iat) : 0;
    return 0;
}

/* ---- per-thread cache of verified tokens, keyed by SHA-256 ---- */

#define CACHE_SLOTS 512
typedef struct cache_entry {
    unsigned char key[32];
    principal_t p;
    int used;
} cache_entry_t;

static pthread_key_t g_cache_key;
static pthread_once_t g_cache_once = PTHREAD_ONCE_INIT;
static void make_cache_key(void)
{
    pthread_key_create(&g_cache_key, free);
}

static cache_entry_t *cache_slot(const unsigned char key[32])
{
    pthread_once(&g_cache_once, make_cache_key);
    cache_entry_t *tab = pthread_getspecific(g_cache_key);
    if (tab == NULL) {
        tab = calloc(CACHE_SLOTS, sizeof *tab);
        if (tab == NULL)
            return NULL;
        pthread_setspecific(g_cache_key, tab);
    }
    unsigned idx = ((unsigned)key[0] | (unsigned)key[1] << 8) % CACHE_SLOTS;
    return &tab[idx];
}

static const issuer_key_t *find_issuer(const char *iss)
{
    for (int i = 0; i < g_nissuers; i++)
        if (strcmp(g_issuers[i].issuer, iss) == 0)
            return &g_issuers[i];
    return NULL;
}

/* Splits, decodes and verifies a compact JWS; fills *out. */
/* What a trusted issuer's token may assert: its configured roles and
 * networks, and a lifetime (exp - iat, or exp - now without iat) of at
 * most LOTSE_JWT_MAX_LIFETIME. */
static int within_trust(const trusted_issuer_t *t, json_t *payload, const principal_t *p, long long now,
                        const char **why)
{
    json_t *iat = json_object_get(payload, "iat");
    long long from = json_is_integer(iat) ? json_integer_value(iat) : now;
    if (json_integer_value(json_object_get(payload, "exp")) - from > g_cfg->jwt_max_lifetime) {
        *why = "the token lives longer than this service accepts from its issuer";
        return -1;
    }
    if (strncmp(p->sub, "client:", 7) == 0) { /* the subjects of this service's own API clients */
        *why = "the token's subject is one this service reserves for its API clients";
        return -1;
    }
    if (p->roles & ~t->roles) {
        *why = "the token asserts a role its issuer may not grant here";
        return -1;
    }
    if (t->n_networks == 0)
        return 0;
    for (int i = 0; i < t->n_networks; i++)
        if (strcasecmp(t->networks[i], p->network) == 0)
            return 0;
    *why = "the token names a network its issuer may not grant here";
    return -1;
}

static int verify_token(const char *token, long long now, principal_t *out, const char **why)
{
    const char *dot1 = strchr(token, '.');
    const char *dot2 = dot1 ? strchr(dot1 + 1, '.') : NULL;
    if (dot1 == NULL || dot2 == NULL || strchr(dot2 + 1, '.') || dot2[1] == '\0') {
        *why = "the token is not a signed JWT (three non-empty parts)";
        return -1;
    }
    json_t *header = decode_part(token, (size_t)(dot1 - token));
    json_t *payload = decode_part(dot1 + 1, (size_t)(dot2 - dot1 - 1));
    int rc = -1;
    if (header == NULL || payload == NULL) {
        *why = "the token's header or payload is not base64url JSON";
        goto out;
    }
    json_t *alg = json_object_get(header, "alg"), *iss = json_object_get(payload, "iss");
    const issuer_key_t *k = json_is_string(iss) ? find_issuer(json_string_value(iss)) : NULL;
    if (k == NULL) {
        *why = "the token's issuer is not trusted";
        goto out;
    }
    if (!json_is_string(alg) || strcmp(json_string_value(alg), jwt_alg_str(k->alg)) != 0) {
        *why = "the token's algorithm is not the one pinned for its issuer";
        goto out;
    }
    if (!signature_ok(k, token, (size_t)(dot2 - token), dot2 + 1)) {
        *why = "the token's signature does not verify";
        goto out;
    }
    if (auth_check_claims(payload, now, g_cfg->jwt_leeway, g_cfg->jwt_audience, out, why) != 0 ||
        (k->trust && within_trust(k->trust, payload, out, now, why) != 0))
        goto out;
    /* only our own tokens name an API client whose revocation we check */
    json_t *cid = json_object_get(payload, "cid");
    if (k == &g_issuers[0] && json_is_string(cid) && json_string_length(cid) < sizeof out->client_id)
        strcpy(out->client_id, json_string_value(cid));
    json_t *gen = json_object_get(payload, "gen");
    if (k == &g_issuers[0] && json_is_integer(gen) && json_integer_value(gen) > 0 &&
        json_integer_value(gen) < 1000000000)
        out->gen = (int)json_integer_value(gen);
    rc = 0;
out:
    json_decref(header);
    json_decref(payload);
    return rc;
}

auth_result_t auth_verify(const char *authorization, long long now, principal_t *out,
                          const char **why)
{
    if (authorization == NULL) {
        *why = "send Authorization: Bearer <token>";
        return AUTH_MISSING;
    }
    size_t len = strnlen(authorization, AUTH_MAX_HEADER + 1);
    if (len > AUTH_MAX_HEADER) {
        *why = "the Authorization header is too long";
        return AUTH_TOO_LARGE;
    }
    if (strncasecmp(authorization, "Bearer ", 7) != 0) {
        *why = "the Authorization scheme must be Bearer";
        return AUTH_INVALID;
    }
    const char *token = authorization + 7;
    while (*token == ' ')
        token++;
    unsigned char key[32];
    unsigned int klen = 0;
    cache_entry_t *slot = NULL;
    if (g_cfg->jwt_cache) {
        EVP_Digest(token, strlen(token), key, &klen, EVP_sha256(), NULL);
        slot = cache_slot(key);
    }
    if (slot && slot->used && memcmp(slot->key, key, 32) == 0) {
        if (slot->p.exp + g_cfg->jwt_leeway > now) {
            *out = slot->p;
            return AUTH_OK;
        }
        slot->used = 0;
    }
    if (verify_token(token, now, out, why) != 0)
        return AUTH_INVALID;
    if (slot) {
        memcpy(slot->key, key, 32);
        slot->p = *out;
        slot->used = 1;
    }
    return AUTH_OK;
}

char *auth_issue(const char *client_id, int generation, json_t *roles, const char *agency,
                 const char *network, long long now)
{
    jwt_t *jwt = NULL;
    char *token = NULL, jti[32], sub[96];
    if (jwt_new(&jwt) != 0)
        return NULL;
    snprintf(sub, sizeof sub, "client:%s", client_id);
    json_t *claims = json_pack("{s:s, s:s, s:s, s:s, s:O, s:I, s:I, s:I}", "iss",
                               g_cfg->jwt_issuer, "aud", g_cfg->jwt_audience, "sub", sub, "cid",
                               client_id, "roles", roles, "iat", (json_int_t)now, "nbf",
                               (json_int_t)now, "exp", (json_int_t)(now + g_cfg->token_ttl));
    json_object_set_new(claims, "gen", json_integer(generation));
    if (auth_random_token(16, jti, sizeof jti) == 0)
        json_object_set_new(claims, "jti", json_string(jti));
    if (agency)
        json_object_set_new(claims, "agency", json_string(agency));
    if (network)
        json_object_set_new(claims, "network", json_string(network));
    char *text = json_dumps(claims, JSON_COMPACT);
    json_decref(claims);
    if (text && jwt_add_grants_json(jwt, text) == 0 &&
        jwt_set_alg(jwt, JWT_ALG_HS256, (const unsigned char *)g_cfg->jwt_secret,
                    (int)strlen(g_cfg->jwt_secret)) == 0)
        token = jwt_encode_str(jwt);
    free(text);
    jwt_free(jwt);
    return token;
}

void auth_sha256_hex(const void *data, size_t len, char out[65])
{
    unsigned char md[32];
    unsigned int n = 0;
    EVP_Digest(data, len, md, &n, EVP_sha256(), NULL);
    for (int i = 0; i < 32; i++)
        snprintf(out + 2 * i, 3, "%02x", md[i]);
}

int auth_secret_equal(const char *a, const char *b)
{
    size_t la = strlen(a), lb = strlen(b);
    return la == lb && CRYPTO_memcmp(a, b, la) == 0;
}

int auth_random_token(size_t n, char *out, size_t outlen)
{
    unsigned char buf[64];
    if (n > sizeof buf || outlen < (n * 4 + 2) / 3 + 1 || RAND_bytes(buf, (int)n) != 1)
        return -1;
    b64url_encode(buf, n, out);
    return 0;
}

int auth_new_client_credentials(char client_id[20], char secret[48], char hash[65])
{
    unsigned char id[8];
    if (RAND_bytes(id, sizeof id) != 1 || auth_random_token(32, secret, 48) != 0)
        return -1;
    strcpy(client_id, "lc-");
    for (int i = 0; i < 8; i++)
        snprintf(client_id + 3 + 2 * i, 3, "%02x", id[i]);
    auth_sha256_hex(secret, strlen(secret), hash);
    return 0;
}
