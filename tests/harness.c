/* harness.c - see harness.h. */
#include "harness.h"
#include "ckm.h"

#include <arpa/inet.h>
#include <curl/curl.h>
#include <netinet/in.h>
#include <openssl/ec.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <openssl/pem.h>
#include <openssl/rand.h>
#include <signal.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "b64.h"

char g_base[64];

static int free_port(void)
{
    int fd = socket(AF_INET, SOCK_STREAM, 0);
    struct sockaddr_in a = {.sin_family = AF_INET, .sin_port = 0};
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    socklen_t len = sizeof a;
    if (bind(fd, (struct sockaddr *)&a, sizeof a) != 0 ||
        getsockname(fd, (struct sockaddr *)&a, &len) != 0) {
        close(fd);
        return 18080;
    }
    int port = ntohs(a.sin_port);
    close(fd);
    return port;
}

pid_t server_start(const char *const *extra_env, char *base)
{
    int port = free_port();
    snprintf(base, 64, "http://127.0.0.1:%d", port);
    pid_t pid = fork();
    if (pid == 0) {
        char portbuf[16], issuers[1024];
        snprintf(portbuf, sizeof portbuf, "%d", port);
        snprintf(issuers, sizeof issuers, "test-rs=RS256:%s,test-es=ES256:%s;networks=" RBK_NETWORK,
                 getenv("LOTSE_TEST_RSA_PUB"), getenv("LOTSE_TEST_EC_PUB"));
        setenv("LOTSE_PORT", portbuf, 1);
        setenv("LOTSE_LISTEN", "127.0.0.1", 1);
        setenv("LOTSE_JWT_SECRET", TEST_JWT_SECRET, 1);
        setenv("LOTSE_JWT_TRUSTED_ISSUERS", issuers, 1);
        setenv("LOTSE_MAX_BODY_BYTES", "65536", 1);
        setenv("LOTSE_THREADS", "4", 1);
        setenv("LOTSE_CORS_ORIGINS", "https://app.example", 1);
        /* no rate limits here (the suite sends thousands of requests from one
         * address); test_limits starts a server with tight ones */
        setenv("LOTSE_RATE_CLIENT_PER_S", "0", 0);
        setenv("LOTSE_RATE_ADDRESS_PER_S", "0", 0);
        setenv("LOTSE_TOKEN_FAILURES_PER_MIN", "0", 0);
        /* reminders only when a test asks (test_tasks): a timer's events would change the counts
         * other tests compare */
        setenv("LOTSE_REMINDER_INTERVAL_S", "0", 0);
        /* statistics count through the read-replica path (here: the same database) */
        if (getenv("DATABASE_URL"))
            setenv("DATABASE_READ_URL", getenv("DATABASE_URL"), 1);
        /* webhooks to the test's own receiver on loopback, retried fast */
        setenv("LOTSE_WEBHOOK_ALLOW_LOOPBACK", "1", 1);
        setenv("LOTSE_WEBHOOK_RETRY_BASE_MS", "200", 1);
        setenv("LOTSE_WEBHOOK_RETRY_WINDOW_S", "3", 1);
        setenv("LOTSE_WEBHOOK_TIMEOUT_MS", "2000", 1);
        unsetenv("LOTSE_MIGRATION_DATABASE_URL");
        for (const char *const *e = extra_env; e && *e; e++)
            putenv(strdup(*e));
        const char *log = getenv("LOTSE_TEST_SERVER_LOG");
        FILE *f = log ? freopen(log, "a", stderr) : NULL;
        (void)f;
        const char *wrapper = getenv("LOTSE_TEST_WRAPPER"); /* e.g. valgrind */
        if (wrapper && *wrapper) {
            char cmd[1024];
            snprintf(cmd, sizeof cmd, "exec %s build/lotse serve", wrapper);
            execl("/bin/sh", "sh", "-c", cmd, (char *)NULL);
        }
        execl("build/lotse", "lotse", "serve", (char *)NULL);
        _exit(127);
    }
    for (int i = 0; i < 200; i++) {
        http_resp_t *r = http_to(base, "GET", "/healthz", NULL, NULL, NULL, 0, NULL);
        long status = r->status;
        http_free(r);
        if (status == 200)
            return pid;
        int st;
        if (waitpid(pid, &st, WNOHANG) == pid)
            return -1;
        usleep(50000);
    }
    kill(pid, SIGKILL);
    return -1;
}

int server_stop(pid_t pid)
{
    int st = 0;
    if (pid <= 0)
        return -1;
    kill(pid, SIGTERM);
    for (int i = 0; i < 200; i++) {
        if (waitpid(pid, &st, WNOHANG) == pid)
            return WIFEXITED(st) ? WEXITSTATUS(st) : -1;
        usleep(50000);
    }
    kill(pid, SIGKILL);
    waitpid(pid, &st, 0);
    return -1;
}

typedef struct buf {
    char *data;
    size_t len;
} buf_t;

static size_t collect(char *ptr, size_t size, size_t nmemb, void *ud)
{
    buf_t *b = ud;
    size_t n = size * nmemb;
    char *nd = realloc(b->data, b->len + n + 1);
    if (nd == NULL)
        return 0;
    b->data = nd;
    memcpy(b->data + b->len, ptr, n);
    b->len += n;
    b->data[b->len] = '\0';
    return n;
}

/* Appends one exchange to LOTSE_CONTRACT_LOG (a JSON line) for
 * openapi/contract.js; bodies that are not UTF-8 are recorded as null. */
static void contract_record(const char *method, const char *path, const char *request_type,
                            const char *request, const http_resp_t *r, const char *content_type)
{
    long status = r->status;
    const char *body = r->body;
    static pthread_mutex_t mu = PTHREAD_MUTEX_INITIALIZER;
    const char *file = getenv("LOTSE_CONTRACT_LOG");
    if (file == NULL)
        return;
    json_t *req_body = request ? json_string(request) : NULL, *resp_body = json_string(body);
    json_t *line = json_pack("{s:s, s:s, s:s?, s:o, s:i, s:s?, s:o}", "method", method, "path", path,
                             "request_type", request_type, "request", req_body ? req_body : json_null(),
                             "status", (json_int_t)status, "content_type", content_type, "body",
                             resp_body ? resp_body : json_null());
    /* the response headers the document must declare where they are sent */
    static const char *const HEADERS[] = {"ETag", "Link", "Location", "Idempotent-Replayed",
                                          "Content-Language", "Retry-After"};
    json_t *sent = json_array();
    for (size_t i = 0; i < sizeof HEADERS / sizeof HEADERS[0]; i++) {
        char *v = resp_header_value(r, HEADERS[i]);
        if (v)
            json_array_append_new(sent, json_string(HEADERS[i]));
        free(v);
    }
    if (line)
        json_object_set_new(line, "headers", sent);
    else
        json_decref(sent);
    char *text = line ? json_dumps(line, JSON_COMPACT) : NULL;
    pthread_mutex_lock(&mu);
    FILE *f = text ? fopen(file, "a") : NULL;
    if (f) {
        fprintf(f, "%s\n", text);
        fclose(f);
    }
    pthread_mutex_unlock(&mu);
    free(text);
    json_decref(line);
}

http_resp_t *http_to(const char *base, const char *method, const char *path, const char *token,
                     const char *content_type, const char *body, size_t body_len,
                     const char *const *extra)
{
    http_resp_t *r = calloc(1, sizeof *r);
    buf_t b = {NULL, 0}, h = {NULL, 0};
    CURL *c = curl_easy_init();
    char url[4096], auth[16384], ct[256];
    snprintf(url, sizeof url, "%s%s", base, path);
    struct curl_slist *hdrs = NULL;
    if (token) {
        snprintf(auth, sizeof auth, "Authorization: Bearer %s", token);
        hdrs = curl_slist_append(hdrs, auth);
    }
    if (body) {
        snprintf(ct, sizeof ct, "Content-Type: %s", content_type ? content_type : "application/json");
        hdrs = curl_slist_append(hdrs, ct);
    }
    hdrs = curl_slist_append(hdrs, "Expect:");
    for (const char *const *e = extra; e && *e; e++)
        hdrs = curl_slist_append(hdrs, *e);
    curl_easy_setopt(c, CURLOPT_URL, url);
    curl_easy_setopt(c, CURLOPT_CUSTOMREQUEST, method);
    curl_easy_setopt(c, CURLOPT_HTTPHEADER, hdrs);
    curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, collect);
    curl_easy_setopt(c, CURLOPT_WRITEDATA, &b);
    curl_easy_setopt(c, CURLOPT_HEADERFUNCTION, collect);
    curl_easy_setopt(c, CURLOPT_HEADERDATA, &h);
    curl_easy_setopt(c, CURLOPT_TIMEOUT, 20L);
    curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
    /* the path as the test wrote it ("/v1/cases/../x" too): what the server gets is what is recorded */
    curl_easy_setopt(c, CURLOPT_PATH_AS_IS, 1L);
    if (body) {
        curl_easy_setopt(c, CURLOPT_POSTFIELDS, body);
        curl_easy_setopt(c, CURLOPT_POSTFIELDSIZE, (long)(body_len ? body_len : strlen(body)));
    }
    if (strcmp(method, "HEAD") == 0)
        curl_easy_setopt(c, CURLOPT_NOBODY, 1L);
    char *resp_type = NULL;
    if (curl_easy_perform(c) == CURLE_OK) {
        curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &r->status);
        curl_easy_getinfo(c, CURLINFO_CONTENT_TYPE, &resp_type);
    }
    r->body = b.data ? b.data : strdup("");
    r->headers = h.data ? h.data : strdup("");
    r->json = json_loads(r->body, 0, NULL);
    if (r->status)
        contract_record(method, path, body ? (content_type ? content_type : "application/json") : NULL,
                        body && !body_len ? body : NULL, r, resp_type);
    curl_slist_free_all(hdrs);
    curl_easy_cleanup(c);
    return r;
}

http_resp_t *http(const char *method, const char *path, const char *token, const char *body,
                  const char *const *extra)
{
    return http_to(g_base, method, path, token, NULL, body, 0, extra);
}

void http_free(http_resp_t *r)
{
    if (r == NULL)
        return;
    free(r->body);
    free(r->headers);
    json_decref(r->json);
    free(r);
}

char *resp_header_value(const http_resp_t *r, const char *name)
{
    size_t n = strlen(name);
    for (const char *line = r->headers; line && *line;) {
        const char *end = strstr(line, "\r\n");
        size_t len = end ? (size_t)(end - line) : strlen(line);
        if (len > n && strncasecmp(line, name, n) == 0 && line[n] == ':') {
            const char *v = line + n + 1;
            while (*v == ' ')
                v++;
            return strndup(v, len - (size_t)(v - line));
        }
        line = end ? end + 2 : NULL;
    }
    return NULL;
}

const char *jstr(const http_resp_t *r, const char *key)
{
    return json_string_value(json_object_get(r->json, key));
}

int refuses_member(const http_resp_t *r, const char *pointer)
{
    if (r->status < 400 || r->status >= 500)
        return 0;
    size_t i;
    json_t *e;
    json_array_foreach(json_object_get(r->json, "errors"), i, e) {
        const char *p = json_string_value(json_object_get(e, "pointer"));
        if (p && strcmp(p, pointer) == 0)
            return 1;
    }
    return 0;
}

char *token_for(const char *client_id, const char *secret)
{
    char form[512];
    snprintf(form, sizeof form, "grant_type=client_credentials&client_id=%s&client_secret=%s",
             client_id, secret);
    http_resp_t *r = http_to(g_base, "POST", "/v1/oauth/token", NULL,
                             "application/x-www-form-urlencoded", form, 0, NULL);
    ck_assert_msg(r->status == 200, "token for %s: %ld %s", client_id, r->status, r->body);
    char *t = strdup(jstr(r, "access_token"));
    http_free(r);
    return t;
}

int shell_output(const char *cmd, char *out, size_t outlen)
{
    FILE *p = popen(cmd, "r");
    ck_assert_ptr_nonnull(p);
    size_t n = fread(out, 1, outlen - 1, p);
    out[n] = '\0';
    int st = pclose(p);
    return WIFEXITED(st) ? WEXITSTATUS(st) : -1;
}

char *if_match_of(const char *path, const char *token)
{
    http_resp_t *r = http("GET", path, token, NULL, NULL);
    char *etag = resp_header_value(r, "ETag");
    ck_assert_msg(r->status == 200 && etag != NULL, "GET %s: %ld, no ETag", path, r->status);
    http_free(r);
    size_t n = strlen(etag) + 16;
    char *h = malloc(n);
    snprintf(h, n, "If-Match: %s", etag);
    free(etag);
    return h;
}

char *demo_token(const char *client_id)
{
    char secret[128];
    snprintf(secret, sizeof secret, "%s-secret", client_id);
    return token_for(client_id, secret);
}

static char *b64(const unsigned char *d, size_t n)
{
    char *out = malloc(n * 4 / 3 + 4);
    b64url_encode(d, n, out);
    return out;
}

/* Signs input with a PEM private key; ES256 is converted from DER to the
 * 64-byte R||S form that JWS uses. */
static unsigned char *sign_pem(const char *alg, const char *path, const char *input, size_t *len)
{
    FILE *f = fopen(path, "r");
    if (f == NULL)
        return NULL;
    EVP_PKEY *key = PEM_read_PrivateKey(f, NULL, NULL, NULL);
    fclose(f);
    EVP_MD_CTX *ctx = EVP_MD_CTX_new();
    size_t siglen = 0;
    EVP_DigestSignInit(ctx, NULL, EVP_sha256(), NULL, key);
    EVP_DigestSign(ctx, NULL, &siglen, (const unsigned char *)input, strlen(input));
    unsigned char *sig = malloc(siglen);
    EVP_DigestSign(ctx, sig, &siglen, (const unsigned char *)input, strlen(input));
    EVP_MD_CTX_free(ctx);
    EVP_PKEY_free(key);
    if (strcmp(alg, "ES256") == 0) {
        const unsigned char *p = sig;
        ECDSA_SIG *es = d2i_ECDSA_SIG(NULL, &p, (long)siglen);
        unsigned char *raw = calloc(1, 64);
        BN_bn2binpad(ECDSA_SIG_get0_r(es), raw, 32);
        BN_bn2binpad(ECDSA_SIG_get0_s(es), raw + 32, 32);
        ECDSA_SIG_free(es);
        free(sig);
        *len = 64;
        return raw;
    }
    *len = siglen;
    return sig;
}

char *jwt_sign(const char *alg, const char *header_json, const char *payload_json,
               const char *key)
{
    char *h = b64((const unsigned char *)header_json, strlen(header_json));
    char *p = b64((const unsigned char *)payload_json, strlen(payload_json));
    size_t n = strlen(h) + strlen(p) + 2;
    char *input = malloc(n);
    snprintf(input, n, "%s.%s", h, p);
    unsigned char *sig = NULL;
    size_t siglen = 0;
    if (strcmp(alg, "HS256") == 0) {
        sig = malloc(32);
        unsigned int l = 32;
        HMAC(EVP_sha256(), key, (int)strlen(key), (const unsigned char *)input, strlen(input), sig,
             &l);
        siglen = l;
    } else if (strcmp(alg, "RS256") == 0 || strcmp(alg, "ES256") == 0) {
        sig = sign_pem(alg, key, input, &siglen);
    }
    char *s = sig ? b64(sig, siglen) : strdup("");
    size_t tn = strlen(input) + strlen(s) + 2;
    char *token = malloc(tn);
    snprintf(token, tn, "%s.%s", input, s);
    free(h);
    free(p);
    free(input);
    free(sig);
    free(s);
    return token;
}

char *claims_json(const char *iss, const char *extra_members)
{
    char *out = malloc(2048);
    long long now = (long long)time(NULL);
    snprintf(out, 2048,
             "{\"iss\":\"%s\",\"aud\":\"lotse\",\"sub\":\"user:test\",\"iat\":%lld,"
             "\"exp\":%lld,\"roles\":[\"caseworker\"],\"agency\":\"" JOBCENTER_AGENCY "\","
             "\"network\":\"" RBK_NETWORK "\"%s%s}",
             iss, now, now + 3600, extra_members ? "," : "", extra_members ? extra_members : "");
    return out;
}

static char *sql_on(const char *url, const char *sql, char *error, size_t errlen)
{
    PGconn *pg = PQconnectdb(url);
    char *out = NULL;
    if (PQstatus(pg) == CONNECTION_OK) {
        PGresult *res = PQexec(pg, sql);
        ExecStatusType st = PQresultStatus(res);
        if (st == PGRES_TUPLES_OK || st == PGRES_COMMAND_OK)
            out = strdup(PQntuples(res) > 0 ? PQgetvalue(res, 0, 0) : "");
        else if (error)
            snprintf(error, errlen, "%s", PQresultErrorField(res, PG_DIAG_SQLSTATE));
        PQclear(res);
    } else if (error) {
        snprintf(error, errlen, "connect: %s", PQerrorMessage(pg));
    }
    PQfinish(pg);
    return out;
}

char *sql_one(const char *sql)
{
    char *v = sql_super(sql);
    ck_assert_msg(v && v[0], "no row for %s", sql);
    return v;
}

char *sql_super(const char *sql)
{
    return sql_on(getenv("LOTSE_SUPER_URL"), sql, NULL, 0);
}

long published_key0(long n)
{
    static ckm_table_t t;
    if (t.rows == 0 && ckm_build(&t, 2, 1.0) != 0)
        abort();
    return ckm_publish(&t, n, 0);
}

char *sqlf(const char *fmt, ...)
{
    char sql[2048];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(sql, sizeof sql, fmt, ap);
    va_end(ap);
    return sql_super(sql);
}

long sql_count(const char *fmt, ...)
{
    char sql[2048];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(sql, sizeof sql, fmt, ap);
    va_end(ap);
    char *v = sql_super(sql);
    ck_assert_msg(v != NULL, "%s", sql);
    long n = atol(v);
    free(v);
    return n;
}

char *sql_app(const char *sql, char *error, size_t errlen)
{
    return sql_on(getenv("DATABASE_URL"), sql, error, errlen);
}

int pg_ctl_cluster(const char *cmd)
{
    char line[1024];
    snprintf(line, sizeof line, "bash deploy/pg-local.sh %s '%s' >/dev/null", cmd,
             getenv("LOTSE_TEST_PG_DIR"));
    int st = system(line);
    return WIFEXITED(st) ? WEXITSTATUS(st) : -1;
}

void random_hex(char *out, size_t n)
{
    unsigned char b[64];
    RAND_bytes(b, sizeof b);
    for (size_t i = 0; i < n; i++)
        out[i] = "0123456789abcdef"[b[i % 64] & 15];
    out[n] = '\0';
}

/* Creates a fresh network; fills its id, its bootstrap client's token and
 * its coordination office's agency id. */
void new_network(char *id, char **token, char *agency)
{
    char *platform = demo_token("demo-platform");
    char code[16], hex[7], body[512];
    random_hex(hex, 6);
    snprintf(code, sizeof code, "T%s", hex);
    for (char *c = code; *c; c++)
        if (*c >= 'a' && *c <= 'f')
            *c = (char)(*c - 'a' + 'A');
    snprintf(body, sizeof body,
             "{\"code\":\"%s\",\"name\":\"Testkreis %s\",\"coordination_office_name\":\"KI %s\"}",
             code, code, code);
    http_resp_t *r = http("POST", "/v1/networks", platform, body, NULL);
    ck_assert_msg(r->status == 201, "%ld %s", r->status, r->body);
    strcpy(id, jstr(r, "id"));
    json_t *boot = json_object_get(r->json, "bootstrap_client");
    strcpy(agency, json_string_value(json_object_get(boot, "agency_id")));
    *token = token_for(json_string_value(json_object_get(boot, "client_id")),
                       json_string_value(json_object_get(boot, "client_secret")));
    http_free(r);
    free(platform);
}


char *signed_token(const char *roles, const char *agency, const char *network)
{
    char payload[1024], a[96] = "", n[96] = "";
    long long now = (long long)time(NULL);
    if (agency)
        snprintf(a, sizeof a, ",\"agency\":\"%s\"", agency);
    if (network)
        snprintf(n, sizeof n, ",\"network\":\"%s\"", network);
    snprintf(payload, sizeof payload,
             "{\"iss\":\"lotse\",\"aud\":\"lotse\",\"sub\":\"user:signed\",\"iat\":%lld,"
             "\"exp\":%lld,\"roles\":%s%s%s}", now, now + 3600, roles, a, n);
    return jwt_sign("HS256", "{\"alg\":\"HS256\",\"typ\":\"JWT\"}", payload, TEST_JWT_SECRET);
}
