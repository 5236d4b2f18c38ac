/* The C EXI engine: an interpreter over the same grammar tables as the pure engine (exi/_engine.py).
 *
 * A Grammar is built once per schema set from the tuples of exi/_ctables.py (themselves computed
 * from the pure engine's runtime Grammar). decode_document / encode_document / decode_fragment /
 * encode_fragment have the signatures and results of the pure Grammar methods: the same generated
 * frozen slotted classes (instances are made by filling their slots, as their __init__ would), the
 * same typed errors (exi.errors) at the same bit positions.
 *
 * Safety rules, checked everywhere: every read checks the bits left (no read past the end of the
 * input); every declared length is compared with the bits left before anything is allocated; every
 * unsigned integer has a group limit; code points above 0x10FFFF and out-of-range enum / event
 * codes / string-table hits are errors; element nesting is bounded by MAX_DEPTH (decode and encode);
 * all errors are exi.errors exceptions.
 *
 * The rare constructs the C engine does not interpret (xs:any wildcard content and mixed text of
 * xmldsig types, the relaxed element fragment grammar of 8.5.3) are handed to the pure twin: the C
 * code raises an internal signal, drops what it built and calls the same method of the pure
 * Grammar on the same input, so results are identical by construction.
 */
#define PY_SSIZE_T_CLEAN
#include <Python.h>
#include <structmember.h>
#include <stdint.h>
#include <string.h>

/* ---------------------------------------------------------------- module state */

static PyObject *ExiError, *ExiDecodeError, *ExiTruncatedError, *ExiUnsupportedError, *ExiEncodeError;
static PyObject *Fallback;       /* internal: hand this input to the pure engine */
static PyObject *EmptyTuple;

enum { K_AT = 0, K_SE = 1, K_ANY = 2, K_EE = 3, K_CH = 4, K_CHX = 5 };
enum { DT_STRING = 0, DT_ENUM, DT_BINARY, DT_BOOLEAN, DT_NBIT, DT_UNSIGNED, DT_INTEGER };
enum { F_ATTR = 0, F_ELEM, F_VALUE, F_ANY };
#define MAX_GROUPS 256

typedef struct {
    int kind, bits, groups;
    PyObject *lo, *hi, *hi_loose;          /* None or int */
    int lo_ok, hi_ok, hl_ok;               /* fits in int64 */
    long long lo64, hi64, hl64;
    PyObject *members, *index, *enum_cls, *name, *kind_name;
    PyObject *empty, *no_empty;             /* a second-level EE's empty value (or None), why none */
    Py_ssize_t nmembers, min_len, max_len;
} DT;

typedef struct {
    int simple, ref, qid, global_code;
    Py_ssize_t value_offset;
    PyObject *cls, *local, *uri;           /* cls may be Py_None */
} EL;

struct FIELD_;
struct STATE_;

/* a production; the pointers and `fixed` are resolved once all tables are loaded */
typedef struct {
    int kind, field, arg, target;
    struct FIELD_ *f;                       /* the field it fills (SE, AT, CH) */
    struct STATE_ *next;                    /* fixed next state (a position seen at most once), or NULL */
    void *el;                               /* SE: the element (EL *) */
    void *dt;                               /* AT, CH: the field's datatype; SE of a simple element: its own */
    int inline_simple;                      /* SE of a simple element that decodes to a plain value */
} PROD;

typedef struct STATE_ {
    int n, bits, ee, code_c, code_w, code_x, ne;
    PROD *prods;
    int *code_p, *code_a, *code_e;          /* code_e: (field, element, code) triples */
    PyObject *level2, *missing;
} STATE;

typedef struct { int lo, hi, s_low, s_mid, s_top; } POS;

typedef struct FIELD_ {
    PyObject *name;
    int kind, repeated, datatype, substitution, qid;
    Py_ssize_t offset;
    PyObject *dflt;                         /* NULL: required */
    PyObject *by_type;                      /* substitution: type class -> its one candidate element */
} FIELD;

typedef struct {
    PyTypeObject *cls;
    Py_ssize_t order_offset;                /* slot of order_ (types with wildcard content), or -1 */
    PyObject *order_dflt;
    int any_field, nfields, nstates, npos;
    FIELD *fields;
    STATE *states;
    POS *pos;
} TYPE;

typedef struct { PyObject *uri, *local; int eid; } FRAG;

typedef struct {
    PyObject_HEAD
    PyObject *key, *class_element, *fragment_code, *fragment_element, *pure, *l2_first, *l2_end;
    int ndt, nel, ntypes, nglobals, doc_bits, nfrag, fragment_bits, max_depth;
    DT *dts;
    EL *els;
    TYPE *types;
    int *globals;
    FRAG *frags;
} Gram;

/* ---------------------------------------------------------------- errors */

static void raise_at(PyObject *cls, long long bit, const char *fmt, ...)
{
    va_list va;
    va_start(va, fmt);
    PyObject *msg = PyUnicode_FromFormatV(fmt, va);
    va_end(va);
    if (msg == NULL)
        return;
    PyObject *pos = bit < 0 ? Py_NewRef(Py_None) : PyLong_FromLongLong(bit);
    if (pos == NULL) {
        Py_DECREF(msg);
        return;
    }
    PyObject *exc = PyObject_CallFunctionObjArgs(cls, msg, pos, NULL);
    Py_DECREF(msg);
    Py_DECREF(pos);
    if (exc != NULL) {
        PyErr_SetObject(cls, exc);
        Py_DECREF(exc);
    }
}

static int bits_for(Py_ssize_t n)
{
    int b = 0;
    if (n <= 1)
        return 0;
    n -= 1;
    while (n) {
        b++;
        n >>= 1;
    }
    return b;
}

/* ---------------------------------------------------------------- bit reader */

typedef struct { PyObject *s; int qid; } STR;

typedef struct {
    const uint8_t *data;
    size_t pos, end;                        /* in bits */
    Gram *g;
    STR *st;                                /* value string table: every literal in stream order */
    Py_ssize_t nst, cap;
    STR st_small[16];                       /* its first entries (no allocation for most messages) */
} Dec;

/* the last 8 bytes of the input: only the bytes that exist are loaded */
static int rd_slow(Dec *d, int n, uint32_t *out)
{
    size_t byte = d->pos >> 3, have = (d->end >> 3) - byte;
    const uint8_t *p = d->data + byte;
    uint64_t w = 0;
    for (size_t i = 0; i < 8; i++)
        w = (w << 8) | (i < have ? p[i] : 0);
    *out = (uint32_t)((w << (d->pos & 7)) >> (64 - n));
    d->pos += (size_t)n;
    return 0;
}

/* n <= 32 bits, most significant first; never reads past the end of the input */
static inline int rd(Dec *d, int n, uint32_t *out)
{
    if (n == 0) {
        *out = 0;
        return 0;
    }
    if ((size_t)n > d->end - d->pos) {
        raise_at(ExiTruncatedError, (long long)d->pos, "unexpected end of input");
        return -1;
    }
    size_t byte = d->pos >> 3;
    if (byte + 8 > d->end >> 3)
        return rd_slow(d, n, out); /* the last 8 bytes: byte by byte */
    const uint8_t *p = d->data + byte;
    uint64_t w = ((uint64_t)p[0] << 56) | ((uint64_t)p[1] << 48) | ((uint64_t)p[2] << 40) |
                 ((uint64_t)p[3] << 32) | ((uint64_t)p[4] << 24) | ((uint64_t)p[5] << 16) |
                 ((uint64_t)p[6] << 8) | (uint64_t)p[7];
    *out = (uint32_t)((w << (d->pos & 7)) >> (64 - n));
    d->pos += (size_t)n;
    return 0;
}

static inline int rd8(Dec *d, uint32_t *out)
{
    if (8 > d->end - d->pos) {
        raise_at(ExiTruncatedError, (long long)d->pos, "unexpected end of input");
        return -1;
    }
    size_t i = d->pos >> 3;
    int off = (int)(d->pos & 7);
    if (off == 0)
        *out = d->data[i];
    else
        *out = ((uint32_t)(d->data[i] << off) | (uint32_t)(d->data[i + 1] >> (8 - off))) & 0xFF;
    d->pos += 8;
    return 0;
}

/* unsigned integer (7.1.6) into a uint64; *over set when it does not fit (value saturated) */
static int rd_uns64(Dec *d, int max_groups, uint64_t *out, int *over)
{
    uint64_t v = 0;
    int shift = 0;
    *over = 0;
    for (int i = 0; i < max_groups; i++) {
        uint32_t b;
        if (rd8(d, &b) < 0)
            return -1;
        uint64_t part = b & 0x7F;
        if (part) {
            if (shift >= 64 || (shift > 57 && (part >> (64 - shift)) != 0))
                *over = 1;
            else
                v |= part << shift;
        }
        if (b < 0x80) {
            *out = *over ? UINT64_MAX : v;
            return 0;
        }
        shift += 7;
    }
    raise_at(ExiDecodeError, (long long)d->pos, "unsigned integer longer than its type allows");
    return -1;
}

/* unsigned integer as a Python int; *small receives the value when it fits 63 bits (else -1) */
static PyObject *rd_uns_obj(Dec *d, int max_groups, long long *small)
{
    uint8_t grp[MAX_GROUPS];
    int ng = 0;
    for (;;) {
        if (ng >= max_groups) {
            raise_at(ExiDecodeError, (long long)d->pos, "unsigned integer longer than its type allows");
            return NULL;
        }
        uint32_t b;
        if (rd8(d, &b) < 0)
            return NULL;
        grp[ng++] = (uint8_t)(b & 0x7F);
        if (b < 0x80)
            break;
    }
    if (ng <= 9) {
        uint64_t v = 0;
        for (int i = ng - 1; i >= 0; i--)
            v = (v << 7) | grp[i];
        *small = (long long)v;
        return PyLong_FromUnsignedLongLong(v);
    }
    uint8_t bytes[(MAX_GROUPS * 7 + 7) / 8 + 1];
    size_t nb = ((size_t)ng * 7 + 7) / 8;
    memset(bytes, 0, nb);
    for (int i = 0; i < ng; i++) {
        size_t bit = (size_t)i * 7;
        uint32_t val = (uint32_t)grp[i] << (bit & 7);
        bytes[bit >> 3] |= (uint8_t)(val & 0xFF);
        if ((bit >> 3) + 1 < nb)
            bytes[(bit >> 3) + 1] |= (uint8_t)(val >> 8);
    }
    *small = -1;
    return _PyLong_FromByteArray(bytes, nb, 1, 0);
}

/* ---------------------------------------------------------------- bit writer */

typedef struct {
    uint8_t *buf;
    size_t len, cap;
    uint64_t acc;
    int nacc;
    int heap;
    uint8_t small[512];
    Gram *g;
    PyObject *path[160];                    /* names for error messages: root, field, field ... */
    int npath;
    PyObject *root;                         /* path[0] == NULL: the root's name is type(root).__name__ */
} Enc;

static int w_grow(Enc *w, size_t need)
{
    size_t cap = w->cap * 2;
    while (cap < w->len + need)
        cap *= 2;
    uint8_t *nb;
    if (w->heap) {
        nb = PyMem_Realloc(w->buf, cap);
    } else {
        nb = PyMem_Malloc(cap);
        if (nb != NULL)
            memcpy(nb, w->buf, w->len);
    }
    if (nb == NULL) {
        PyErr_NoMemory();
        return -1;
    }
    w->buf = nb;
    w->cap = cap;
    w->heap = 1;
    return 0;
}

static inline int wb(Enc *w, uint32_t v, int n)
{
    if (n == 0)
        return 0;
    w->acc = (w->acc << n) | (v & (n >= 32 ? 0xFFFFFFFFu : ((1u << n) - 1)));
    w->nacc += n;
    if (w->len + 8 > w->cap && w_grow(w, 8) < 0)
        return -1;
    while (w->nacc >= 8) {
        w->nacc -= 8;
        w->buf[w->len++] = (uint8_t)(w->acc >> w->nacc);
    }
    w->acc &= (1u << w->nacc) - 1;
    return 0;
}

static int w_bytes(Enc *w, const uint8_t *p, size_t n)
{
    if (w->len + n + 8 > w->cap && w_grow(w, n + 8) < 0)
        return -1;
    if (w->nacc == 0) {
        memcpy(w->buf + w->len, p, n);
        w->len += n;
        return 0;
    }
    for (size_t i = 0; i < n; i++)
        if (wb(w, p[i], 8) < 0)
            return -1;
    return 0;
}

static int w_uns64(Enc *w, uint64_t v)
{
    while (v >= 0x80) {
        if (wb(w, (uint32_t)((v & 0x7F) | 0x80), 8) < 0)
            return -1;
        v >>= 7;
    }
    return wb(w, (uint32_t)v, 8);
}

/* a non-negative Python int of any size */
static int w_uns_obj(Enc *w, PyObject *v)
{
    uint64_t u = PyLong_AsUnsignedLongLong(v);
    if (!(u == (uint64_t)-1 && PyErr_Occurred()))
        return w_uns64(w, u);
    PyErr_Clear();
    PyObject *x = Py_NewRef(v);
    PyObject *mask = PyLong_FromLong(0x7F), *seven = PyLong_FromLong(7), *lim = PyLong_FromLong(0x80);
    int rc = -1;
    if (mask == NULL || seven == NULL || lim == NULL)
        goto done;
    for (;;) {
        int big = PyObject_RichCompareBool(x, lim, Py_GE);
        if (big < 0)
            goto done;
        PyObject *low = PyNumber_And(x, mask);
        if (low == NULL)
            goto done;
        long lv = PyLong_AsLong(low);
        Py_DECREF(low);
        if (!big) {
            rc = wb(w, (uint32_t)lv, 8);
            goto done;
        }
        if (wb(w, (uint32_t)lv | 0x80, 8) < 0)
            goto done;
        PyObject *nx = PyNumber_Rshift(x, seven);
        if (nx == NULL)
            goto done;
        Py_SETREF(x, nx);
    }
done:
    Py_DECREF(x);
    Py_XDECREF(mask);
    Py_XDECREF(seven);
    Py_XDECREF(lim);
    return rc;
}

static PyObject *w_value(Enc *w)
{
    if (w->nacc) {
        if (w->len + 1 > w->cap && w_grow(w, 1) < 0)
            return NULL;
        w->buf[w->len++] = (uint8_t)(w->acc << (8 - w->nacc));
        w->nacc = 0;
    }
    return PyBytes_FromStringAndSize((const char *)w->buf, (Py_ssize_t)w->len);
}

static void w_free(Enc *w)
{
    if (w->heap)
        PyMem_Free(w->buf);
}

static void w_init(Enc *w, Gram *g)
{
    w->buf = w->small;
    w->cap = sizeof w->small;
    w->len = 0;
    w->acc = 0;
    w->nacc = 0;
    w->heap = 0;
    w->g = g;
    w->npath = 0;
    w->root = NULL;
}

/* the dotted path of the value being encoded, for error messages */
static PyObject *w_path(Enc *w)
{
    PyObject *dot = PyUnicode_FromString(".");
    if (dot == NULL)
        return NULL;
    PyObject *lst = PyList_New(0);
    if (lst == NULL) {
        Py_DECREF(dot);
        return NULL;
    }
    for (int i = 0; i < w->npath; i++) {
        PyObject *name = w->path[i];
        int rc;
        if (name == NULL) {
            name = PyObject_GetAttrString((PyObject *)Py_TYPE(w->root), "__name__");
            rc = name == NULL ? -1 : PyList_Append(lst, name);
            Py_XDECREF(name);
        } else {
            rc = PyList_Append(lst, name);
        }
        if (rc < 0) {
            Py_DECREF(lst);
            Py_DECREF(dot);
            return NULL;
        }
    }
    PyObject *s = PyUnicode_Join(dot, lst);
    Py_DECREF(lst);
    Py_DECREF(dot);
    return s;
}

static void enc_error(Enc *w, const char *fmt, ...)
{
    PyObject *path = w_path(w);
    if (path == NULL)
        return;
    va_list va;
    va_start(va, fmt);
    PyObject *rest = PyUnicode_FromFormatV(fmt, va);
    va_end(va);
    if (rest != NULL) {
        PyObject *msg = PyUnicode_FromFormat("%U%U", path, rest);
        if (msg != NULL) {
            PyObject *exc = PyObject_CallOneArg(ExiEncodeError, msg);
            if (exc != NULL) {
                PyErr_SetObject(ExiEncodeError, exc);
                Py_DECREF(exc);
            }
            Py_DECREF(msg);
        }
        Py_DECREF(rest);
    }
    Py_DECREF(path);
}

/* type(o).__name__ (a new reference), for error messages */
static PyObject *type_name(PyObject *o)
{
    return PyObject_GetAttrString((PyObject *)Py_TYPE(o), "__name__");
}

static void set_type_error(PyObject *exc_cls, const char *fmt, PyObject *o, PyObject *key)
{
    PyObject *name = type_name(o);
    if (name == NULL)
        return;
    PyObject *msg = PyUnicode_FromFormat(fmt, name, key);
    Py_DECREF(name);
    if (msg != NULL) {
        PyErr_SetObject(exc_cls, msg);
        Py_DECREF(msg);
    }
}

/* ---------------------------------------------------------------- decoding */

static int d_header(Dec *d)
{
    if (d->end < 8) {
        raise_at(ExiTruncatedError, 0, "no EXI header");
        return -1;
    }
    if (d->end >= 32 && memcmp(d->data, "$EXI", 4) == 0) {
        raise_at(ExiUnsupportedError, 0, "EXI cookie: V2G streams start with the header byte 0x80");
        return -1;
    }
    uint32_t b;
    if (rd(d, 8, &b) < 0)
        return -1;
    if (b >> 6 != 2) {
        char hex[8];
        snprintf(hex, sizeof hex, "0x%02x", (unsigned)b);
        raise_at(ExiDecodeError, 0, "not an EXI stream (header byte %s)", hex);
        return -1;
    }
    if (b & 0x20) {
        raise_at(ExiUnsupportedError, 2, "EXI options in the header: V2G agrees them out of band");
        return -1;
    }
    if (b & 0x1F) {
        raise_at(ExiUnsupportedError, 3, "EXI version %d (preview/version bits) is not 1.0", (int)(b & 0x1F));
        return -1;
    }
    return 0;
}

static int st_add(Dec *d, PyObject *s, int qid)
{
    if (d->st == NULL) {
        d->st = d->st_small;
        d->cap = (Py_ssize_t)(sizeof d->st_small / sizeof d->st_small[0]);
    }
    if (d->nst == d->cap) {
        Py_ssize_t cap = d->cap * 2;
        STR *n = PyMem_Malloc((size_t)cap * sizeof(STR));
        if (n == NULL) {
            PyErr_NoMemory();
            return -1;
        }
        memcpy(n, d->st, (size_t)d->nst * sizeof(STR));
        if (d->st != d->st_small)
            PyMem_Free(d->st);
        d->st = n;
        d->cap = cap;
    }
    d->st[d->nst].s = Py_NewRef(s);
    d->st[d->nst].qid = qid;
    d->nst++;
    return 0;
}

static void st_free(Dec *d)
{
    for (Py_ssize_t i = 0; i < d->nst; i++)
        Py_DECREF(d->st[i].s);
    if (d->st != d->st_small)
        PyMem_Free(d->st);
    d->st = NULL;
    d->nst = d->cap = 0;
}

static PyObject *d_string(Dec *d, int qid)
{
    uint64_t n;
    int over;
    if (rd_uns64(d, 5, &n, &over) < 0)
        return NULL;
    if (n == 0) {
        Py_ssize_t count = 0;
        for (Py_ssize_t i = 0; i < d->nst; i++)
            count += d->st[i].qid == qid;
        uint32_t idx;
        if (rd(d, bits_for(count), &idx) < 0)
            return NULL;
        if ((Py_ssize_t)idx >= count) {
            raise_at(ExiDecodeError, (long long)d->pos, "local string-table hit out of range");
            return NULL;
        }
        for (Py_ssize_t i = 0; i < d->nst; i++)
            if (d->st[i].qid == qid && idx-- == 0)
                return Py_NewRef(d->st[i].s);
        return NULL; /* not reached */
    }
    if (n == 1) {
        uint32_t idx;
        if (rd(d, bits_for(d->nst), &idx) < 0)
            return NULL;
        if ((Py_ssize_t)idx >= d->nst) {
            raise_at(ExiDecodeError, (long long)d->pos, "global string-table hit out of range");
            return NULL;
        }
        return Py_NewRef(d->st[idx].s);
    }
    n -= 2;
    if (over || n > (d->end - d->pos) / 8) {
        raise_at(ExiTruncatedError, (long long)d->pos, "string length %llu exceeds the input left",
                 (unsigned long long)n);
        return NULL;
    }
    size_t start = d->pos;
    PyObject *s = PyUnicode_New((Py_ssize_t)n, 127);
    if (s == NULL)
        return NULL;
    Py_UCS1 *p = PyUnicode_1BYTE_DATA(s);
    int ascii = 1;
    for (uint64_t i = 0; i < n; i++) {
        uint32_t b = 0;
        rd8(d, &b); /* cannot fail: n bytes are left */
        if (b >= 0x80) {
            ascii = 0;
            break;
        }
        p[i] = (Py_UCS1)b;
    }
    if (!ascii) {
        Py_DECREF(s);
        d->pos = start;
        Py_UCS4 *cps = PyMem_Malloc((size_t)(n ? n : 1) * sizeof(Py_UCS4));
        if (cps == NULL)
            return PyErr_NoMemory();
        for (uint64_t i = 0; i < n; i++) {
            uint64_t c;
            if (rd_uns64(d, 3, &c, &over) < 0) {
                PyMem_Free(cps);
                return NULL;
            }
            if (c > 0x10FFFF) {
                char hex[24];
                snprintf(hex, sizeof hex, "0x%llx", (unsigned long long)c);
                raise_at(ExiDecodeError, (long long)d->pos, "code point %s out of range", hex);
                PyMem_Free(cps);
                return NULL;
            }
            cps[i] = (Py_UCS4)c;
        }
        s = PyUnicode_FromKindAndData(PyUnicode_4BYTE_KIND, cps, (Py_ssize_t)n);
        PyMem_Free(cps);
        if (s == NULL)
            return NULL;
    }
    if (n && st_add(d, s, qid) < 0) {
        Py_DECREF(s);
        return NULL;
    }
    return s;
}

/* is v within [lo, hi] of dt (decode direction); small = v when it fits int64, else use the object */
static int d_range(Dec *d, DT *dt, PyObject *v, int small_ok, long long small, int unsigned_msg)
{
    int above = 0, below = 0;
    if (dt->hi != Py_None) {
        if (small_ok && dt->hi_ok)
            above = small > dt->hi64;
        else if ((above = PyObject_RichCompareBool(v, dt->hi, Py_GT)) < 0)
            return -1;
    }
    if (!above && dt->lo != Py_None) {
        if (small_ok && dt->lo_ok)
            below = small < dt->lo64;
        else if ((below = PyObject_RichCompareBool(v, dt->lo, Py_LT)) < 0)
            return -1;
    }
    if (!above && !below)
        return 0;
    if (!unsigned_msg)
        raise_at(ExiDecodeError, (long long)d->pos, "%U value %S out of range", dt->name, v);
    else if (above)
        raise_at(ExiDecodeError, (long long)d->pos, "%U value %S above %S", dt->name, v, dt->hi);
    else
        raise_at(ExiDecodeError, (long long)d->pos, "%U value %S below %S", dt->name, v, dt->lo);
    return -1;
}

static inline PyObject *d_value(Dec *d, DT *dt, int qid)
{
    uint32_t u;
    switch (dt->kind) {
    case DT_NBIT:
        if (rd(d, dt->bits, &u) < 0)
            return NULL;
        return PyLong_FromLongLong((long long)u + (dt->lo_ok ? dt->lo64 : 0));
    case DT_ENUM:
        if (rd(d, dt->bits, &u) < 0)
            return NULL;
        if ((Py_ssize_t)u >= dt->nmembers) {
            raise_at(ExiDecodeError, (long long)d->pos, "%U enumeration index %u out of range", dt->name, u);
            return NULL;
        }
        return Py_NewRef(PyTuple_GET_ITEM(dt->members, u));
    case DT_BOOLEAN:
        if (rd(d, 1, &u) < 0)
            return NULL;
        return Py_NewRef(u ? Py_True : Py_False);
    case DT_UNSIGNED: {
        long long small;
        PyObject *v = rd_uns_obj(d, dt->groups, &small);
        if (v == NULL)
            return NULL;
        if (d_range(d, dt, v, small >= 0, small, 1) < 0) {
            Py_DECREF(v);
            return NULL;
        }
        return v;
    }
    case DT_INTEGER: {
        if (rd(d, 1, &u) < 0)
            return NULL;
        long long small;
        PyObject *mag = rd_uns_obj(d, dt->groups, &small);
        if (mag == NULL)
            return NULL;
        PyObject *v;
        int small_ok = small >= 0;
        if (!u) {
            v = mag;
        } else if (small_ok) {
            Py_DECREF(mag);
            small = -small - 1;
            v = PyLong_FromLongLong(small);
        } else {
            PyObject *one = PyLong_FromLong(1);
            PyObject *t = one ? PyNumber_Add(mag, one) : NULL;
            Py_XDECREF(one);
            Py_DECREF(mag);
            v = t ? PyNumber_Negative(t) : NULL;
            Py_XDECREF(t);
        }
        if (v == NULL)
            return NULL;
        if (d_range(d, dt, v, small_ok, small, 0) < 0) {
            Py_DECREF(v);
            return NULL;
        }
        return v;
    }
    case DT_BINARY: {
        uint64_t n;
        int over;
        size_t start = d->pos;
        if (rd_uns64(d, 10, &n, &over) < 0)
            return NULL;
        if (over) { /* above 64 bits: named in full, as the pure engine does */
            size_t end = d->pos;
            long long small;
            d->pos = start;
            PyObject *big = rd_uns_obj(d, 10, &small);
            d->pos = end;
            if (big != NULL) {
                raise_at(ExiTruncatedError, (long long)end, "declared length %S exceeds the input left", big);
                Py_DECREF(big);
            }
            return NULL;
        }
        if (n > (d->end - d->pos) / 8) {
            raise_at(ExiTruncatedError, (long long)d->pos, "declared length %llu exceeds the input left",
                     (unsigned long long)n);
            return NULL;
        }
        PyObject *b = PyBytes_FromStringAndSize(NULL, (Py_ssize_t)n);
        if (b == NULL)
            return NULL;
        uint8_t *p = (uint8_t *)PyBytes_AS_STRING(b);
        if ((d->pos & 7) == 0) {
            memcpy(p, d->data + (d->pos >> 3), (size_t)n);
            d->pos += (size_t)n * 8;
        } else {
            for (uint64_t i = 0; i < n; i++) {
                uint32_t x = 0;
                rd8(d, &x); /* cannot fail: n bytes are left */
                p[i] = (uint8_t)x;
            }
        }
        return b;
    }
    case DT_STRING:
        return d_string(d, qid);
    default:
        raise_at(ExiDecodeError, (long long)d->pos, "unknown datatype %U", dt->kind_name);
        return NULL;
    }
}

static int d_level2(Dec *d, PyObject *level2, PyObject *where)
{
    size_t at = d->pos;
    Py_ssize_t m = PyTuple_GET_SIZE(level2);
    uint32_t code;
    if (rd(d, bits_for(m), &code) < 0)
        return -1;
    if ((Py_ssize_t)code >= m)
        raise_at(ExiDecodeError, (long long)at, "invalid second-level event code %u in %U", code, where);
    else
        raise_at(ExiUnsupportedError, (long long)at,
                 "second-level event %U in %U: not produced by V2G peers and refused like the C references do",
                 PyTuple_GET_ITEM(level2, code), where);
    return -1;
}

/* A second-level event where a typed CH is next and EE is not first level: EE (code 0, how EXIficient
   ends an element with empty simple content) is the datatype's empty value, the rest are refused. */
static PyObject *d_level2_empty(Dec *d, PyObject *level2, PyObject *where, DT *dt)
{
    size_t at = d->pos;
    uint32_t code;
    if (rd(d, bits_for(PyTuple_GET_SIZE(level2)), &code) < 0)
        return NULL;
    if (code != 0) {
        d->pos = at;
        d_level2(d, level2, where);
        return NULL;
    }
    if (dt->empty == Py_None) {
        raise_at(ExiDecodeError, (long long)at, "%U ends without a value (second-level EE), but %U", where,
                 dt->no_empty);
        return NULL;
    }
    return Py_NewRef(dt->empty);
}

static PyObject *d_complex(Dec *d, int tid, int depth, PyTypeObject *cls, EL *el);

static PyObject *d_element(Dec *d, int eid, int depth, int as_element)
{
    Gram *g = d->g;
    if (depth > g->max_depth) {
        raise_at(ExiDecodeError, (long long)d->pos, "elements nested too deeply");
        return NULL;
    }
    EL *el = &g->els[eid];
    if (el->simple) {
        uint32_t b;
        if (rd(d, 1, &b) < 0)
            return NULL;
        PyObject *v;
        if (b) {
            v = d_level2_empty(d, g->l2_first, el->local, &g->dts[el->ref]);
            if (v == NULL)
                return NULL;
        } else {
            v = d_value(d, &g->dts[el->ref], el->qid);
            if (v == NULL)
                return NULL;
            if (rd(d, 1, &b) < 0 || (b && d_level2(d, g->l2_end, el->local) < 0)) {
                Py_DECREF(v);
                return NULL;
            }
        }
        if (as_element && el->cls != Py_None) {
            PyTypeObject *tp = (PyTypeObject *)el->cls;
            PyObject *o = tp->tp_alloc(tp, 0);
            if (o == NULL) {
                Py_DECREF(v);
                return NULL;
            }
            *(PyObject **)((char *)o + el->value_offset) = v;
            return o;
        }
        return v;
    }
    PyTypeObject *cls = (as_element && el->cls != Py_None) ? (PyTypeObject *)el->cls : NULL;
    return d_complex(d, el->ref, depth, cls, el);
}

#define SLOT(o, off) (*(PyObject **)((char *)(o) + (off)))

static PyObject *d_complex(Dec *d, int tid, int depth, PyTypeObject *cls, EL *el)
{
    Gram *g = d->g;
    TYPE *t = &g->types[tid];
    PyTypeObject *tp = cls ? cls : t->cls;
    PyObject *obj = tp->tp_alloc(tp, 0);
    if (obj == NULL)
        return NULL;
    STATE *state = &t->states[0];
    int cur = -1, count = 0;
    /* types with wildcard content record the stream order of their content items (order_) when it
       is not the field order */
    int *seq = NULL, seq_small[32];
    Py_ssize_t nseq = 0, seq_cap = 32;
    int unsorted = 0;
    if (t->order_offset >= 0)
        seq = seq_small;
    for (;;) {
        uint32_t code;
        if (rd(d, state->bits, &code) < 0)
            goto fail;
        if ((int)code >= state->n) {
            if ((int)code == state->n && state->ee < 0 && state->code_c >= 0) {
                /* no first-level EE, a typed CH next: a second-level EE is the empty value */
                PROD *p = &state->prods[state->code_c];
                PyObject *v = d_level2_empty(d, state->level2, el->local, (DT *)p->dt);
                if (v == NULL)
                    goto fail;
                Py_XSETREF(SLOT(obj, p->f->offset), v);
                break;
            }
            if ((int)code == state->n)
                d_level2(d, state->level2, el->local);
            else
                raise_at(ExiDecodeError, (long long)d->pos, "invalid event code %u in %U", code, el->local);
            goto fail;
        }
        PROD *p = &state->prods[code];
        if (p->kind == K_EE)
            break;
        PyObject *value;
        FIELD *f = p->f;
        if (p->inline_simple && depth < g->max_depth) {
            /* SE of a simple element (the commonest event): SE, CH, value, EE without a call */
            EL *sel = (EL *)p->el;
            uint32_t b;
            if (rd(d, 1, &b) < 0)
                goto fail;
            if (b) {
                value = d_level2_empty(d, g->l2_first, sel->local, (DT *)p->dt);
                if (value == NULL)
                    goto fail;
            } else {
                value = d_value(d, (DT *)p->dt, sel->qid);
                if (value == NULL)
                    goto fail;
                if (rd(d, 1, &b) < 0 || (b && d_level2(d, g->l2_end, sel->local) < 0)) {
                    Py_DECREF(value);
                    goto fail;
                }
            }
        } else if (p->kind == K_SE) {
            value = d_element(d, p->arg, depth + 1, f->substitution);
        } else if (p->kind == K_AT) {
            value = d_value(d, (DT *)p->dt, f->qid);
        } else if (p->kind == K_CH) {
            value = d_value(d, (DT *)p->dt, el->qid);
        } else {
            PyErr_SetNone(Fallback); /* wildcard content or mixed text: the pure engine's */
            goto fail;
        }
        if (value == NULL)
            goto fail;
        PyObject **slot = &SLOT(obj, f->offset);
        if (f->repeated) {
            if (*slot == NULL && (*slot = PyList_New(0)) == NULL) {
                Py_DECREF(value);
                goto fail;
            }
            int rc = PyList_Append(*slot, value);
            Py_DECREF(value);
            if (rc < 0)
                goto fail;
        } else {
            Py_XSETREF(*slot, value);
        }
        if (seq != NULL && p->kind != K_AT) {
            if (nseq == seq_cap) {
                int *bigger = PyMem_Malloc((size_t)seq_cap * 2 * sizeof(int));
                if (bigger == NULL) {
                    PyErr_NoMemory();
                    goto fail;
                }
                memcpy(bigger, seq, (size_t)nseq * sizeof(int));
                if (seq != seq_small)
                    PyMem_Free(seq);
                seq = bigger;
                seq_cap *= 2;
            }
            unsorted |= nseq > 0 && p->field < seq[nseq - 1];
            seq[nseq++] = p->field;
        }
        if (p->next != NULL) {
            cur = p->target;
            count = 1;
            state = p->next;
            continue;
        }
        if (p->target < 0 || p->target >= t->npos) {
            raise_at(ExiDecodeError, (long long)d->pos, "grammar table has no position %d", p->target);
            goto fail;
        }
        POS *pos = &t->pos[p->target];
        if (p->target == cur && (pos->hi < 0 || count < pos->hi)) {
            count++;
        } else {
            cur = p->target;
            count = 1;
        }
        int next = count < pos->lo ? pos->s_low : ((pos->hi < 0 || count < pos->hi) ? pos->s_mid : pos->s_top);
        if (next < 0)
            next += t->nstates;
        if (next < 0 || next >= t->nstates) {
            raise_at(ExiDecodeError, (long long)d->pos, "grammar table has no state %d", next);
            goto fail;
        }
        state = &t->states[next];
    }
    for (int i = 0; i < t->nfields; i++) {
        FIELD *f = &t->fields[i];
        PyObject **slot = &SLOT(obj, f->offset);
        if (f->repeated) {
            if (*slot == NULL) {
                *slot = Py_NewRef(EmptyTuple);
            } else {
                PyObject *tup = PyList_AsTuple(*slot);
                if (tup == NULL)
                    goto fail;
                Py_SETREF(*slot, tup);
            }
        } else if (*slot == NULL) {
            if (f->dflt == NULL) {
                raise_at(ExiDecodeError, (long long)d->pos, "%U: missing required %U", el->local, f->name);
                goto fail;
            }
            *slot = Py_NewRef(f->dflt);
        }
    }
    if (t->order_offset >= 0) {
        PyObject *order;
        if (unsorted) {
            order = PyTuple_New(nseq);
            if (order == NULL)
                goto fail;
            for (Py_ssize_t i = 0; i < nseq; i++) {
                PyObject *x = PyLong_FromLong(seq[i]);
                if (x == NULL) {
                    Py_DECREF(order);
                    goto fail;
                }
                PyTuple_SET_ITEM(order, i, x);
            }
        } else {
            order = Py_NewRef(t->order_dflt);
        }
        Py_XSETREF(SLOT(obj, t->order_offset), order);
    }
    if (seq != NULL && seq != seq_small)
        PyMem_Free(seq);
    return obj;
fail:
    if (seq != NULL && seq != seq_small)
        PyMem_Free(seq);
    Py_DECREF(obj);
    return NULL;
}

static int get_buffer(PyObject *data, Py_buffer *view)
{
    if (PyBytes_CheckExact(data)) { /* immutable: no export needed */
        view->obj = NULL;
        view->buf = PyBytes_AS_STRING(data);
        view->len = PyBytes_GET_SIZE(data);
        return 0;
    }
    if (!PyBytes_Check(data) && !PyByteArray_Check(data) && !PyMemoryView_Check(data)) {
        PyErr_SetString(PyExc_TypeError, "data must be bytes");
        return -1;
    }
    return PyObject_GetBuffer(data, view, PyBUF_SIMPLE);
}

static void release_buffer(Py_buffer *view)
{
    if (view->obj != NULL)
        PyBuffer_Release(view);
}

static PyObject *g_decode_document(Gram *g, PyObject *data, int with_bits)
{
    Py_buffer view;
    if (get_buffer(data, &view) < 0)
        return NULL;
    if ((size_t)view.len > (SIZE_MAX >> 4)) {
        release_buffer(&view);
        return PyErr_NoMemory();
    }
    Dec d = {view.buf, 0, (size_t)view.len * 8, g, NULL, 0, 0, {{NULL, 0}}};
    PyObject *res = NULL, *obj = NULL;
    uint32_t code;
    if (d_header(&d) < 0 || rd(&d, g->doc_bits, &code) < 0)
        goto done;
    if ((int)code >= g->nglobals) {
        if ((int)code == g->nglobals)
            raise_at(ExiUnsupportedError, (long long)d.pos, "document root is an undeclared element (SE(*))");
        else
            raise_at(ExiDecodeError, (long long)d.pos, "invalid document event code %u", code);
        goto done;
    }
    obj = d_element(&d, g->globals[code], 0, 1);
    if (obj == NULL)
        goto done;
    res = with_bits ? Py_BuildValue("(Nn)", obj, (Py_ssize_t)d.pos) : obj;
done:
    st_free(&d);
    release_buffer(&view);
    if (res == NULL && PyErr_ExceptionMatches(Fallback)) {
        PyErr_Clear();
        res = PyObject_CallMethod(g->pure, "decode_document", "O", data);
        if (res != NULL && !with_bits) {
            if (!PyTuple_Check(res) || PyTuple_GET_SIZE(res) != 2) {
                Py_DECREF(res);
                PyErr_SetString(PyExc_TypeError, "the pure engine's decode_document gave no pair");
                return NULL;
            }
            Py_SETREF(res, Py_NewRef(PyTuple_GET_ITEM(res, 0)));
        }
    }
    return res;
}

static PyObject *g_decode_fragment(Gram *g, PyObject *data)
{
    Py_buffer view;
    if (get_buffer(data, &view) < 0)
        return NULL;
    if ((size_t)view.len > (SIZE_MAX >> 4)) {
        release_buffer(&view);
        return PyErr_NoMemory();
    }
    Dec d = {view.buf, 0, (size_t)view.len * 8, g, NULL, 0, 0, {{NULL, 0}}};
    PyObject *res = NULL, *out = PyList_New(0);
    if (out == NULL || d_header(&d) < 0)
        goto done;
    for (;;) {
        uint32_t code;
        if (rd(&d, g->fragment_bits, &code) < 0)
            goto done;
        int n = g->nfrag;
        if ((int)code == n + 1) {
            res = Py_BuildValue("(On)", out, (Py_ssize_t)d.pos);
            goto done;
        }
        if ((int)code == n) {
            raise_at(ExiUnsupportedError, (long long)d.pos, "undeclared element (SE(*)) in a fragment");
            goto done;
        }
        if ((int)code > n + 1) {
            raise_at(ExiDecodeError, (long long)d.pos, "invalid fragment event code %u", code);
            goto done;
        }
        if (PyList_GET_SIZE(out) >= 1024) {
            raise_at(ExiDecodeError, (long long)d.pos, "too many elements in a fragment");
            goto done;
        }
        FRAG *fr = &g->frags[code];
        if (fr->eid < 0) {
            PyErr_SetNone(Fallback); /* relaxed element fragment grammar (8.5.3): the pure engine's */
            goto done;
        }
        PyObject *v = d_element(&d, fr->eid, 0, 1);
        if (v == NULL)
            goto done;
        if (g->els[fr->eid].cls == Py_None) {
            PyObject *fe = PyObject_CallFunctionObjArgs(g->fragment_element, fr->uri, fr->local, v, NULL);
            Py_DECREF(v);
            if (fe == NULL)
                goto done;
            v = fe;
        }
        int rc = PyList_Append(out, v);
        Py_DECREF(v);
        if (rc < 0)
            goto done;
    }
done:
    Py_XDECREF(out);
    st_free(&d);
    release_buffer(&view);
    if (res == NULL && PyErr_ExceptionMatches(Fallback)) {
        PyErr_Clear();
        return PyObject_CallMethod(g->pure, "decode_fragment", "O", data);
    }
    return res;
}

/* ---------------------------------------------------------------- encoding */

static int e_range(Enc *w, DT *dt, PyObject *v, int chk)
{
    PyObject *hi = chk || dt->kind != DT_NBIT ? dt->hi : dt->hi_loose;
    int hi_ok = chk || dt->kind != DT_NBIT ? dt->hi_ok : dt->hl_ok;
    long long hi64 = chk || dt->kind != DT_NBIT ? dt->hi64 : dt->hl64;
    int overflow = 0;
    long long x = PyLong_AsLongLongAndOverflow(v, &overflow);
    if (x == -1 && PyErr_Occurred())
        return -1;
    int bad = 0;
    if (dt->lo != Py_None) {
        if (!overflow && dt->lo_ok)
            bad = x < dt->lo64;
        else if ((bad = PyObject_RichCompareBool(v, dt->lo, Py_LT)) < 0)
            return -1;
    }
    if (!bad && hi != Py_None) {
        if (!overflow && hi_ok)
            bad = x > hi64;
        else if ((bad = PyObject_RichCompareBool(v, hi, Py_GT)) < 0)
            return -1;
    }
    if (bad)
        enc_error(w, ": %S outside %U range [%S, %S]", v, dt->name, dt->lo, hi);
    return bad ? -1 : 0;
}

static int e_len(Enc *w, DT *dt, Py_ssize_t n)
{
    if (dt->max_len >= 0 && n > dt->max_len) {
        enc_error(w, ": length %zd above maxLength %zd of %U", n, dt->max_len, dt->name);
        return -1;
    }
    if (dt->min_len >= 0 && n < dt->min_len) {
        enc_error(w, ": length %zd below minLength %zd of %U", n, dt->min_len, dt->name);
        return -1;
    }
    return 0;
}

static int e_value(Enc *w, DT *dt, PyObject *v, int chk)
{
    switch (dt->kind) {
    case DT_ENUM: {
        PyObject *m = Py_NewRef(v);
        if (dt->enum_cls == Py_None || !PyObject_TypeCheck(v, (PyTypeObject *)dt->enum_cls)) {
            if (dt->enum_cls != Py_None) {
                Py_SETREF(m, PyObject_CallOneArg(dt->enum_cls, v));
                if (m == NULL) {
                    if (PyErr_ExceptionMatches(PyExc_ValueError)) {
                        PyErr_Clear();
                        enc_error(w, ": %R is not a %U value", v, dt->name);
                    }
                    return -1;
                }
            }
        }
        /* members are singletons: find by identity, else by the index (equality) */
        for (Py_ssize_t i = 0; i < dt->nmembers; i++)
            if (PyTuple_GET_ITEM(dt->members, i) == m) {
                Py_DECREF(m);
                return wb(w, (uint32_t)i, dt->bits);
            }
        PyObject *idx = PyDict_GetItemWithError(dt->index, m);
        Py_DECREF(m);
        if (idx == NULL) {
            if (!PyErr_Occurred())
                PyErr_SetString(PyExc_ValueError, "enumeration member not in the datatype's list");
            return -1;
        }
        return wb(w, (uint32_t)PyLong_AsLong(idx), dt->bits);
    }
    case DT_BOOLEAN:
        if (!PyBool_Check(v)) {
            enc_error(w, ": expected a bool");
            return -1;
        }
        return wb(w, v == Py_True, 1);
    case DT_NBIT:
    case DT_UNSIGNED:
    case DT_INTEGER: {
        if (!PyLong_Check(v) || PyBool_Check(v)) {
            enc_error(w, ": expected an int");
            return -1;
        }
        if (e_range(w, dt, v, chk) < 0)
            return -1;
        if (dt->kind == DT_NBIT) {
            long long x = PyLong_AsLongLong(v);
            if (x == -1 && PyErr_Occurred())
                return -1;
            return wb(w, (uint32_t)(x - (dt->lo_ok ? dt->lo64 : 0)), dt->bits);
        }
        if (dt->kind == DT_UNSIGNED)
            return w_uns_obj(w, v);
        int overflow = 0;
        long long x = PyLong_AsLongLongAndOverflow(v, &overflow);
        if (x == -1 && PyErr_Occurred())
            return -1;
        if (!overflow) {
            if (x < 0)
                return wb(w, 1, 1) < 0 ? -1 : w_uns64(w, (uint64_t)(-(x + 1)));
            return wb(w, 0, 1) < 0 ? -1 : w_uns64(w, (uint64_t)x);
        }
        if (overflow > 0)
            return wb(w, 0, 1) < 0 ? -1 : w_uns_obj(w, v);
        PyObject *inv = PyNumber_Invert(v); /* -v - 1 */
        if (inv == NULL)
            return -1;
        int rc = wb(w, 1, 1) < 0 ? -1 : w_uns_obj(w, inv);
        Py_DECREF(inv);
        return rc;
    }
    case DT_BINARY: {
        if (!PyBytes_Check(v) && !PyByteArray_Check(v)) {
            enc_error(w, ": expected bytes");
            return -1;
        }
        Py_ssize_t n = PyBytes_Check(v) ? PyBytes_GET_SIZE(v) : PyByteArray_GET_SIZE(v);
        if (chk && e_len(w, dt, n) < 0)
            return -1;
        if (w_uns64(w, (uint64_t)n) < 0)
            return -1;
        const char *p = PyBytes_Check(v) ? PyBytes_AS_STRING(v) : PyByteArray_AS_STRING(v);
        return w_bytes(w, (const uint8_t *)p, (size_t)n);
    }
    case DT_STRING: {
        if (!PyUnicode_Check(v)) {
            enc_error(w, ": expected a str");
            return -1;
        }
#if PY_VERSION_HEX < 0x030C0000
        if (PyUnicode_READY(v) < 0)
            return -1;
#endif
        Py_ssize_t n = PyUnicode_GET_LENGTH(v);
        if (chk && e_len(w, dt, n) < 0)
            return -1;
        if (w_uns64(w, (uint64_t)n + 2) < 0)
            return -1;
        if (PyUnicode_IS_ASCII(v))
            return w_bytes(w, PyUnicode_1BYTE_DATA(v), (size_t)n);
        int kind = PyUnicode_KIND(v);
        const void *data = PyUnicode_DATA(v);
        for (Py_ssize_t i = 0; i < n; i++)
            if (w_uns64(w, PyUnicode_READ(kind, data, i)) < 0)
                return -1;
        return 0;
    }
    default:
        enc_error(w, ": unknown datatype %U", dt->kind_name);
        return -1;
    }
}

static int e_complex(Enc *w, int tid, PyObject *obj, int depth, int chk);

static int e_element(Enc *w, int eid, PyObject *obj, int depth, int chk)
{
    Gram *g = w->g;
    if (depth > g->max_depth) {
        enc_error(w, ": elements nested too deeply");
        return -1;
    }
    EL *el = &g->els[eid];
    if (el->simple) {
        PyObject *v = Py_NewRef(obj);
        if (el->cls != Py_None && PyObject_TypeCheck(obj, (PyTypeObject *)el->cls)) {
            PyObject *inner = SLOT(obj, el->value_offset);
            if (inner == NULL) {
                Py_DECREF(v);
                enc_error(w, ": value is not set");
                return -1;
            }
            Py_SETREF(v, Py_NewRef(inner));
        }
        int rc = wb(w, 0, 1) < 0 || e_value(w, &g->dts[el->ref], v, chk) < 0 || wb(w, 0, 1) < 0 ? -1 : 0;
        Py_DECREF(v);
        return rc;
    }
    return e_complex(w, el->ref, obj, depth, chk);
}

static int e_complex(Enc *w, int tid, PyObject *obj, int depth, int chk)
{
    Gram *g = w->g;
    TYPE *t = &g->types[tid];
    if (!PyObject_TypeCheck(obj, t->cls)) {
        PyObject *want_m = PyObject_GetAttrString((PyObject *)t->cls, "__module__");
        PyObject *want_q = want_m ? PyObject_GetAttrString((PyObject *)t->cls, "__qualname__") : NULL;
        PyObject *got_m = want_q ? PyObject_GetAttrString((PyObject *)Py_TYPE(obj), "__module__") : NULL;
        PyObject *got_q = got_m ? PyObject_GetAttrString((PyObject *)Py_TYPE(obj), "__qualname__") : NULL;
        if (got_q != NULL)
            enc_error(w, ": expected %S.%S, got %S.%S", want_m, want_q, got_m, got_q);
        Py_XDECREF(want_m);
        Py_XDECREF(want_q);
        Py_XDECREF(got_m);
        Py_XDECREF(got_q);
        return -1;
    }
    if (w->npath >= (int)(sizeof w->path / sizeof w->path[0]) - 1) {
        enc_error(w, ": elements nested too deeply");
        return -1;
    }
    if (t->order_offset >= 0) {
        /* a recorded stream order (order_) is the pure engine's to follow */
        PyObject *order = SLOT(obj, t->order_offset);
        int truth = order == NULL ? 1 : PyObject_IsTrue(order);
        if (truth < 0)
            return -1;
        if (truth) {
            PyErr_SetNone(Fallback);
            return -1;
        }
    }
    STATE *state = &t->states[0];
    int cur = -1, count = 0;
    for (int fi = 0; fi < t->nfields; fi++) {
        FIELD *f = &t->fields[fi];
        PyObject *v = SLOT(obj, f->offset);
        if (v == NULL) {
            w->path[w->npath++] = f->name;
            enc_error(w, ": field is not set");
            w->npath--;
            return -1;
        }
        if (f->kind == F_ANY) {
            if ((PyTuple_Check(v) && PyTuple_GET_SIZE(v) == 0) || (PyList_Check(v) && PyList_GET_SIZE(v) == 0))
                continue;
            PyErr_SetNone(Fallback); /* wildcard content or mixed text: the pure engine's */
            return -1;
        }
        if (v == Py_None)
            continue;
        PyObject *items; /* a strong reference: the value itself, or a tuple copy of a list */
        PyObject *const *arr;
        Py_ssize_t nitems;
        if (f->repeated) {
            if (PyTuple_Check(v)) {
                items = Py_NewRef(v);
            } else if (PyList_Check(v)) {
                items = PyList_AsTuple(v);
                if (items == NULL)
                    return -1;
            } else {
                w->path[w->npath++] = f->name;
                enc_error(w, ": expected a tuple");
                w->npath--;
                return -1;
            }
            arr = &PyTuple_GET_ITEM(items, 0);
            nitems = PyTuple_GET_SIZE(items);
        } else {
            items = Py_NewRef(v);
            arr = &items;
            nitems = 1;
        }
        w->path[w->npath++] = f->name;
        for (Py_ssize_t k = 0; k < nitems; k++) {
            PyObject *item = arr[k];
            int code = -1;
            if (f->kind == F_ATTR) {
                code = state->code_a[fi];
            } else if (f->kind == F_VALUE) {
                code = state->code_c;
            } else if (f->substitution) {
                PyObject *sub = PyDict_GetItemWithError(g->class_element, (PyObject *)Py_TYPE(item));
                if (sub == NULL && PyErr_Occurred())
                    goto fail;
                if (sub == NULL) {
                    /* an instance of the type itself stands for the referenced element when exactly
                       one candidate element has that very type */
                    sub = PyDict_GetItemWithError(f->by_type, (PyObject *)Py_TYPE(item));
                    if (sub == NULL) {
                        if (!PyErr_Occurred()) {
                            PyObject *name = type_name(item);
                            if (name != NULL) {
                                enc_error(w, ": a %U does not say which element it is; use the element's class",
                                          name);
                                Py_DECREF(name);
                            }
                        }
                        goto fail;
                    }
                }
                long se = PyLong_AsLong(sub);
                for (int j = 0; j < state->ne; j++)
                    if (state->code_e[3 * j] == fi && state->code_e[3 * j + 1] == se)
                        code = state->code_e[3 * j + 2];
            } else {
                code = state->code_p[fi];
            }
            if (code < 0) {
                enc_error(w, ": not allowed here (order, count or choice)");
                goto fail;
            }
            PROD *p = &state->prods[code];
            if (wb(w, (uint32_t)code, state->bits) < 0)
                goto fail;
            if (p->kind == K_SE) {
                if (e_element(w, p->arg, item, depth + 1, chk) < 0)
                    goto fail;
            } else if (e_value(w, &g->dts[f->datatype], item, chk) < 0) {
                goto fail;
            }
            if (p->next != NULL) {
                cur = p->target;
                count = 1;
                state = p->next;
                continue;
            }
            if (p->target < 0 || p->target >= t->npos) {
                enc_error(w, ": grammar table has no position %d", p->target);
                goto fail;
            }
            POS *pos = &t->pos[p->target];
            if (p->target == cur && (pos->hi < 0 || count < pos->hi)) {
                count++;
            } else {
                cur = p->target;
                count = 1;
            }
            int next = count < pos->lo ? pos->s_low : ((pos->hi < 0 || count < pos->hi) ? pos->s_mid : pos->s_top);
            if (next < 0)
                next += t->nstates;
            if (next < 0 || next >= t->nstates) {
                enc_error(w, ": grammar table has no state %d", next);
                goto fail;
            }
            state = &t->states[next];
        }
        w->npath--;
        Py_DECREF(items);
        continue;
fail:
        w->npath--;
        Py_DECREF(items);
        return -1;
    }
    if (state->ee < 0) {
        enc_error(w, ": missing required content (%U)", state->missing);
        return -1;
    }
    return wb(w, (uint32_t)state->ee, state->bits);
}

static PyObject *g_encode_document(Gram *g, PyObject *obj, int chk)
{
    PyObject *e = PyDict_GetItemWithError(g->class_element, (PyObject *)Py_TYPE(obj));
    if (e == NULL && PyErr_Occurred())
        return NULL;
    long eid = e ? PyLong_AsLong(e) : -1;
    if (eid < 0 || eid >= g->nel || g->els[eid].global_code < 0) {
        set_type_error(ExiEncodeError, "%U is not a global element of %U", obj, g->key);
        return NULL;
    }
    Enc w;
    w_init(&w, g);
    PyObject *res = NULL;
    w.root = obj;
    w.path[w.npath++] = NULL; /* type(obj).__name__, made only for an error message */
    if (wb(&w, 0x80, 8) == 0 && wb(&w, (uint32_t)g->els[eid].global_code, g->doc_bits) == 0 &&
        e_element(&w, (int)eid, obj, 0, chk) == 0)
        res = w_value(&w);
    w_free(&w);
    if (res == NULL && PyErr_ExceptionMatches(Fallback)) {
        PyErr_Clear();
        return PyObject_CallMethod(g->pure, "encode_document", "OO", obj, chk ? Py_True : Py_False);
    }
    return res;
}

static PyObject *g_encode_fragment(Gram *g, PyObject *elements, int chk)
{
    PyObject *seq = PySequence_Tuple(elements);
    if (seq == NULL)
        return NULL;
    Enc w;
    w_init(&w, g);
    PyObject *res = NULL;
    if (wb(&w, 0x80, 8) < 0)
        goto done;
    for (Py_ssize_t i = 0; i < PyTuple_GET_SIZE(seq); i++) {
        PyObject *o = PyTuple_GET_ITEM(seq, i);
        PyObject *code_obj = NULL, *value;
        if (PyObject_TypeCheck(o, (PyTypeObject *)g->fragment_element)) {
            PyObject *ns = PyObject_GetAttrString(o, "namespace");
            PyObject *nm = ns ? PyObject_GetAttrString(o, "name") : NULL;
            PyObject *key = nm ? PyTuple_Pack(2, ns, nm) : NULL;
            Py_XDECREF(ns);
            Py_XDECREF(nm);
            if (key == NULL)
                goto done;
            code_obj = PyDict_GetItemWithError(g->fragment_code, key);
            Py_DECREF(key);
            if (code_obj == NULL && PyErr_Occurred())
                goto done;
            value = PyObject_GetAttrString(o, "value");
            if (value == NULL)
                goto done;
        } else {
            PyObject *e = PyDict_GetItemWithError(g->class_element, (PyObject *)Py_TYPE(o));
            if (e == NULL && PyErr_Occurred())
                goto done;
            if (e != NULL) {
                EL *el = &g->els[PyLong_AsLong(e)];
                PyObject *key = PyTuple_Pack(2, el->uri, el->local);
                if (key == NULL)
                    goto done;
                code_obj = PyDict_GetItemWithError(g->fragment_code, key);
                Py_DECREF(key);
                if (code_obj == NULL && PyErr_Occurred())
                    goto done;
            }
            value = Py_NewRef(o);
        }
        if (code_obj == NULL) {
            set_type_error(ExiEncodeError, "%U is not an element of %U", o, g->key);
            Py_DECREF(value);
            goto done;
        }
        long code = PyLong_AsLong(code_obj);
        FRAG *fr = &g->frags[code];
        if (fr->eid < 0) {
            Py_DECREF(value);
            PyErr_SetNone(Fallback); /* relaxed element fragment grammar: the pure engine's */
            goto done;
        }
        w.npath = 0;
        w.path[w.npath++] = fr->local;
        int rc = wb(&w, (uint32_t)code, g->fragment_bits) < 0 || e_element(&w, fr->eid, value, 0, chk) < 0;
        Py_DECREF(value);
        if (rc)
            goto done;
    }
    if (wb(&w, (uint32_t)g->nfrag + 1, g->fragment_bits) == 0)
        res = w_value(&w);
done:
    w_free(&w);
    if (res == NULL && PyErr_ExceptionMatches(Fallback)) {
        PyErr_Clear();
        PyObject *lst = PySequence_List(seq);
        Py_DECREF(seq);
        if (lst == NULL)
            return NULL;
        res = PyObject_CallMethod(g->pure, "encode_fragment", "OO", lst, chk ? Py_True : Py_False);
        Py_DECREF(lst);
        return res;
    }
    Py_DECREF(seq);
    return res;
}

/* ---------------------------------------------------------------- table loading */

static int geti(PyObject *tup, Py_ssize_t i, int *out)
{
    long v = PyLong_AsLong(PyTuple_GET_ITEM(tup, i));
    if (v == -1 && PyErr_Occurred())
        return -1;
    if (v < INT32_MIN || v > INT32_MAX) {
        PyErr_SetString(PyExc_ValueError, "table value out of range");
        return -1;
    }
    *out = (int)v;
    return 0;
}

static int need_tuple(PyObject *o, Py_ssize_t n, const char *what)
{
    if (!PyTuple_Check(o) || (n >= 0 && PyTuple_GET_SIZE(o) != n)) {
        PyErr_Format(PyExc_ValueError, "malformed table: %s", what);
        return -1;
    }
    return 0;
}

static int int_tuple(PyObject *o, int **out, Py_ssize_t *n)
{
    if (need_tuple(o, -1, "int tuple") < 0)
        return -1;
    *n = PyTuple_GET_SIZE(o);
    *out = PyMem_Calloc((size_t)(*n ? *n : 1), sizeof(int));
    if (*out == NULL) {
        PyErr_NoMemory();
        return -1;
    }
    for (Py_ssize_t i = 0; i < *n; i++)
        if (geti(o, i, &(*out)[i]) < 0)
            return -1;
    return 0;
}

static int bound64(PyObject *b, long long *out, int *ok)
{
    *ok = 0;
    if (b == Py_None)
        return 0;
    if (!PyLong_Check(b)) {
        PyErr_SetString(PyExc_ValueError, "malformed table: bound");
        return -1;
    }
    int overflow = 0;
    long long v = PyLong_AsLongLongAndOverflow(b, &overflow);
    if (v == -1 && PyErr_Occurred())
        return -1;
    if (!overflow) {
        *out = v;
        *ok = 1;
    }
    return 0;
}

static int load_dt(DT *dt, PyObject *row)
{
    if (need_tuple(row, 15, "datatype") < 0)
        return -1;
    if (geti(row, 0, &dt->kind) < 0 || geti(row, 4, &dt->bits) < 0 || geti(row, 5, &dt->groups) < 0)
        return -1;
    int mn, mx;
    if (geti(row, 9, &mn) < 0 || geti(row, 10, &mx) < 0)
        return -1;
    dt->min_len = mn;
    dt->max_len = mx;
    dt->lo = Py_NewRef(PyTuple_GET_ITEM(row, 1));
    dt->hi = Py_NewRef(PyTuple_GET_ITEM(row, 2));
    dt->hi_loose = Py_NewRef(PyTuple_GET_ITEM(row, 3));
    dt->members = Py_NewRef(PyTuple_GET_ITEM(row, 6));
    dt->index = Py_NewRef(PyTuple_GET_ITEM(row, 7));
    dt->enum_cls = Py_NewRef(PyTuple_GET_ITEM(row, 8));
    dt->name = Py_NewRef(PyTuple_GET_ITEM(row, 11));
    dt->kind_name = Py_NewRef(PyTuple_GET_ITEM(row, 12));
    dt->empty = Py_NewRef(PyTuple_GET_ITEM(row, 13));
    dt->no_empty = Py_NewRef(PyTuple_GET_ITEM(row, 14));
    if (!PyTuple_Check(dt->members) || !PyDict_Check(dt->index) || !PyUnicode_Check(dt->name) ||
        !PyUnicode_Check(dt->no_empty) || (dt->empty != Py_None && !PyUnicode_CheckExact(dt->empty) &&
                                           !PyBytes_CheckExact(dt->empty)) ||
        (dt->enum_cls != Py_None && !PyType_Check(dt->enum_cls)) || dt->bits < 0 || dt->bits > 32 ||
        dt->groups < 1 || dt->groups > MAX_GROUPS) {
        PyErr_SetString(PyExc_ValueError, "malformed table: datatype");
        return -1;
    }
    dt->nmembers = PyTuple_GET_SIZE(dt->members);
    if (bound64(dt->lo, &dt->lo64, &dt->lo_ok) < 0 || bound64(dt->hi, &dt->hi64, &dt->hi_ok) < 0 ||
        bound64(dt->hi_loose, &dt->hl64, &dt->hl_ok) < 0)
        return -1;
    if (dt->kind == DT_NBIT && (dt->lo == Py_None || !dt->lo_ok)) {
        PyErr_SetString(PyExc_ValueError, "malformed table: n-bit datatype without a lower bound");
        return -1;
    }
    return 0;
}

static int load_el(EL *el, PyObject *row)
{
    if (need_tuple(row, 8, "element") < 0)
        return -1;
    int vo;
    if (geti(row, 0, &el->simple) < 0 || geti(row, 1, &el->ref) < 0 || geti(row, 3, &el->qid) < 0 ||
        geti(row, 6, &vo) < 0 || geti(row, 7, &el->global_code) < 0)
        return -1;
    el->value_offset = vo;
    el->cls = Py_NewRef(PyTuple_GET_ITEM(row, 2));
    el->local = Py_NewRef(PyTuple_GET_ITEM(row, 4));
    el->uri = Py_NewRef(PyTuple_GET_ITEM(row, 5));
    if ((el->cls != Py_None && !PyType_Check(el->cls)) || !PyUnicode_Check(el->local) ||
        (el->simple && el->cls != Py_None && vo < (int)sizeof(PyObject))) {
        PyErr_SetString(PyExc_ValueError, "malformed table: element");
        return -1;
    }
    return 0;
}

static int load_type(Gram *g, TYPE *t, PyObject *row)
{
    if (need_tuple(row, 7, "type") < 0)
        return -1;
    PyObject *cls = PyTuple_GET_ITEM(row, 0);
    int order_offset;
    if (!PyType_Check(cls) || geti(row, 1, &t->any_field) < 0 || geti(row, 5, &order_offset) < 0) {
        PyErr_SetString(PyExc_ValueError, "malformed table: type class");
        return -1;
    }
    t->cls = (PyTypeObject *)Py_NewRef(cls);
    t->order_offset = order_offset;
    t->order_dflt = Py_NewRef(PyTuple_GET_ITEM(row, 6));
    if (order_offset >= 0 && ((size_t)order_offset < sizeof(PyObject) ||
                              (size_t)order_offset + sizeof(PyObject *) > (size_t)t->cls->tp_basicsize)) {
        PyErr_SetString(PyExc_ValueError, "malformed table: order_ slot");
        return -1;
    }
    PyObject *fields = PyTuple_GET_ITEM(row, 2), *states = PyTuple_GET_ITEM(row, 3);
    if (need_tuple(fields, -1, "fields") < 0 || need_tuple(states, -1, "states") < 0)
        return -1;
    t->nfields = (int)PyTuple_GET_SIZE(fields);
    t->fields = PyMem_Calloc((size_t)t->nfields + 1, sizeof(FIELD));
    t->nstates = (int)PyTuple_GET_SIZE(states);
    t->states = PyMem_Calloc((size_t)t->nstates + 1, sizeof(STATE));
    if (t->fields == NULL || t->states == NULL) {
        PyErr_NoMemory();
        return -1;
    }
    for (int i = 0; i < t->nfields; i++) {
        FIELD *f = &t->fields[i];
        PyObject *fr = PyTuple_GET_ITEM(fields, i);
        if (need_tuple(fr, 9, "field") < 0)
            return -1;
        int off;
        f->name = Py_NewRef(PyTuple_GET_ITEM(fr, 0));
        if (geti(fr, 1, &f->kind) < 0 || geti(fr, 2, &f->repeated) < 0 || geti(fr, 3, &f->datatype) < 0 ||
            geti(fr, 4, &f->substitution) < 0 || geti(fr, 5, &off) < 0 || geti(fr, 7, &f->qid) < 0)
            return -1;
        f->offset = off;
        PyObject *dflt = PyTuple_GET_ITEM(fr, 6);
        if (need_tuple(dflt, -1, "default") < 0)
            return -1;
        f->dflt = PyTuple_GET_SIZE(dflt) ? Py_NewRef(PyTuple_GET_ITEM(dflt, 0)) : NULL;
        f->by_type = Py_NewRef(PyTuple_GET_ITEM(fr, 8));
        if (!PyDict_Check(f->by_type)) {
            PyErr_SetString(PyExc_ValueError, "malformed table: field");
            return -1;
        }
        if (off < (int)sizeof(PyObject) || (size_t)off + sizeof(PyObject *) > (size_t)t->cls->tp_basicsize ||
            (f->kind != F_ELEM && f->kind != F_ANY && (f->datatype < 0 || f->datatype >= g->ndt))) {
            PyErr_SetString(PyExc_ValueError, "malformed table: field");
            return -1;
        }
    }
    for (int s = 0; s < t->nstates; s++) {
        STATE *st = &t->states[s];
        PyObject *sr = PyTuple_GET_ITEM(states, s);
        if (need_tuple(sr, 12, "state") < 0)
            return -1;
        if (geti(sr, 0, &st->bits) < 0 || geti(sr, 1, &st->n) < 0 || geti(sr, 3, &st->ee) < 0 ||
            geti(sr, 4, &st->code_c) < 0 || geti(sr, 5, &st->code_w) < 0 || geti(sr, 6, &st->code_x) < 0)
            return -1;
        int *flat;
        Py_ssize_t nflat, np, na, ne;
        if (int_tuple(PyTuple_GET_ITEM(sr, 2), &flat, &nflat) < 0)
            return -1;
        st->prods = PyMem_Calloc((size_t)st->n + 1, sizeof(PROD));
        if (st->prods == NULL || nflat != 4 * (Py_ssize_t)st->n || st->bits < 0 || st->bits > 16 ||
            st->ee >= st->n || st->code_c >= st->n) {
            PyMem_Free(flat);
            PyErr_SetString(PyExc_ValueError, "malformed table: productions");
            return -1;
        }
        for (int k = 0; k < st->n; k++) {
            PROD *p = &st->prods[k];
            p->kind = flat[4 * k];
            p->field = flat[4 * k + 1];
            p->arg = flat[4 * k + 2];
            p->target = flat[4 * k + 3];
            int bad = p->kind < 0 || p->kind > K_CHX;
            if (p->kind == K_SE || p->kind == K_AT || p->kind == K_CH || p->kind == K_ANY)
                bad |= p->field < 0 || p->field >= t->nfields;
            if (p->kind == K_SE)
                bad |= p->arg < 0 || p->arg >= g->nel;
            if ((p->kind == K_AT || p->kind == K_CH) && !bad) {
                int dt = t->fields[p->field].datatype;
                bad |= dt < 0 || dt >= g->ndt;
            }
            if (bad) {
                PyMem_Free(flat);
                PyErr_SetString(PyExc_ValueError, "malformed table: production");
                return -1;
            }
        }
        PyMem_Free(flat);
        if (st->code_c >= 0 && (st->prods[st->code_c].kind != K_CH ||
                                t->fields[st->prods[st->code_c].field].repeated)) {
            /* the decoder fills this field with the empty value of a second-level EE */
            PyErr_SetString(PyExc_ValueError, "malformed table: character production");
            return -1;
        }
        if (int_tuple(PyTuple_GET_ITEM(sr, 7), &st->code_p, &np) < 0 ||
            int_tuple(PyTuple_GET_ITEM(sr, 8), &st->code_a, &na) < 0 ||
            int_tuple(PyTuple_GET_ITEM(sr, 9), &st->code_e, &ne) < 0)
            return -1;
        if (np != t->nfields || na != t->nfields || ne % 3) {
            PyErr_SetString(PyExc_ValueError, "malformed table: encoder lookups");
            return -1;
        }
        st->ne = (int)(ne / 3);
        for (int k = 0; k < t->nfields; k++)
            if (st->code_p[k] >= st->n || st->code_a[k] >= st->n) {
                PyErr_SetString(PyExc_ValueError, "malformed table: encoder lookups");
                return -1;
            }
        for (int k = 0; k < st->ne; k++)
            if (st->code_e[3 * k + 2] < 0 || st->code_e[3 * k + 2] >= st->n) {
                PyErr_SetString(PyExc_ValueError, "malformed table: encoder lookups");
                return -1;
            }
        st->level2 = Py_NewRef(PyTuple_GET_ITEM(sr, 10));
        st->missing = Py_NewRef(PyTuple_GET_ITEM(sr, 11));
        if (need_tuple(st->level2, -1, "level2") < 0 || !PyUnicode_Check(st->missing))
            return -1;
    }
    int *flat;
    Py_ssize_t nflat;
    if (int_tuple(PyTuple_GET_ITEM(row, 4), &flat, &nflat) < 0)
        return -1;
    if (nflat % 5) {
        PyMem_Free(flat);
        PyErr_SetString(PyExc_ValueError, "malformed table: positions");
        return -1;
    }
    t->npos = (int)(nflat / 5);
    t->pos = PyMem_Calloc((size_t)t->npos + 1, sizeof(POS));
    if (t->pos == NULL) {
        PyMem_Free(flat);
        PyErr_NoMemory();
        return -1;
    }
    for (int k = 0; k < t->npos; k++) {
        POS *p = &t->pos[k];
        p->lo = flat[5 * k];
        p->hi = flat[5 * k + 1];
        p->s_low = flat[5 * k + 2];
        p->s_mid = flat[5 * k + 3];
        p->s_top = flat[5 * k + 4];
    }
    PyMem_Free(flat);
    return 0;
}

static void gram_clear_tables(Gram *g)
{
    if (g->dts) {
        for (int i = 0; i < g->ndt; i++) {
            DT *dt = &g->dts[i];
            Py_XDECREF(dt->lo);
            Py_XDECREF(dt->hi);
            Py_XDECREF(dt->hi_loose);
            Py_XDECREF(dt->members);
            Py_XDECREF(dt->index);
            Py_XDECREF(dt->enum_cls);
            Py_XDECREF(dt->name);
            Py_XDECREF(dt->kind_name);
            Py_XDECREF(dt->empty);
            Py_XDECREF(dt->no_empty);
        }
        PyMem_Free(g->dts);
        g->dts = NULL;
    }
    if (g->els) {
        for (int i = 0; i < g->nel; i++) {
            Py_XDECREF(g->els[i].cls);
            Py_XDECREF(g->els[i].local);
            Py_XDECREF(g->els[i].uri);
        }
        PyMem_Free(g->els);
        g->els = NULL;
    }
    if (g->types) {
        for (int i = 0; i < g->ntypes; i++) {
            TYPE *t = &g->types[i];
            Py_XDECREF(t->cls);
            Py_XDECREF(t->order_dflt);
            if (t->fields) {
                for (int k = 0; k < t->nfields; k++) {
                    Py_XDECREF(t->fields[k].name);
                    Py_XDECREF(t->fields[k].dflt);
                    Py_XDECREF(t->fields[k].by_type);
                }
                PyMem_Free(t->fields);
            }
            if (t->states) {
                for (int k = 0; k < t->nstates; k++) {
                    STATE *st = &t->states[k];
                    PyMem_Free(st->prods);
                    PyMem_Free(st->code_p);
                    PyMem_Free(st->code_a);
                    PyMem_Free(st->code_e);
                    Py_XDECREF(st->level2);
                    Py_XDECREF(st->missing);
                }
                PyMem_Free(t->states);
            }
            PyMem_Free(t->pos);
        }
        PyMem_Free(g->types);
        g->types = NULL;
    }
    if (g->frags) {
        for (int i = 0; i < g->nfrag; i++) {
            Py_XDECREF(g->frags[i].uri);
            Py_XDECREF(g->frags[i].local);
        }
        PyMem_Free(g->frags);
        g->frags = NULL;
    }
    PyMem_Free(g->globals);
    g->globals = NULL;
}

static int gram_traverse(Gram *g, visitproc visit, void *arg)
{
    Py_VISIT(g->class_element);
    Py_VISIT(g->fragment_code);
    Py_VISIT(g->fragment_element);
    Py_VISIT(g->pure);
    return 0;
}

static int gram_clear(Gram *g)
{
    Py_CLEAR(g->class_element);
    Py_CLEAR(g->fragment_code);
    Py_CLEAR(g->fragment_element);
    Py_CLEAR(g->pure);
    return 0;
}

static void gram_dealloc(Gram *g)
{
    PyObject_GC_UnTrack(g);
    gram_clear(g);
    gram_clear_tables(g);
    Py_XDECREF(g->key);
    Py_XDECREF(g->l2_first);
    Py_XDECREF(g->l2_end);
    Py_TYPE(g)->tp_free((PyObject *)g);
}

static int gram_init(Gram *g, PyObject *args, PyObject *kwds)
{
    PyObject *tab;
    (void)kwds;
    if (!PyArg_ParseTuple(args, "O!:Grammar", &PyTuple_Type, &tab))
        return -1;
    if (g->dts || g->key) {
        PyErr_SetString(PyExc_RuntimeError, "Grammar already initialised");
        return -1;
    }
    if (need_tuple(tab, 15, "grammar") < 0)
        return -1;
    g->key = Py_NewRef(PyTuple_GET_ITEM(tab, 0));
    PyObject *dts = PyTuple_GET_ITEM(tab, 1), *els = PyTuple_GET_ITEM(tab, 2), *types = PyTuple_GET_ITEM(tab, 3);
    if (need_tuple(dts, -1, "datatypes") < 0 || need_tuple(els, -1, "elements") < 0 ||
        need_tuple(types, -1, "types") < 0)
        return -1;
    g->ndt = (int)PyTuple_GET_SIZE(dts);
    g->nel = (int)PyTuple_GET_SIZE(els);
    g->ntypes = (int)PyTuple_GET_SIZE(types);
    g->dts = PyMem_Calloc((size_t)g->ndt + 1, sizeof(DT));
    g->els = PyMem_Calloc((size_t)g->nel + 1, sizeof(EL));
    g->types = PyMem_Calloc((size_t)g->ntypes + 1, sizeof(TYPE));
    if (g->dts == NULL || g->els == NULL || g->types == NULL) {
        PyErr_NoMemory();
        return -1;
    }
    for (int i = 0; i < g->ndt; i++)
        if (load_dt(&g->dts[i], PyTuple_GET_ITEM(dts, i)) < 0)
            return -1;
    for (int i = 0; i < g->nel; i++)
        if (load_el(&g->els[i], PyTuple_GET_ITEM(els, i)) < 0)
            return -1;
    for (int i = 0; i < g->ntypes; i++)
        if (load_type(g, &g->types[i], PyTuple_GET_ITEM(types, i)) < 0)
            return -1;
    for (int i = 0; i < g->nel; i++) {
        EL *el = &g->els[i];
        if (el->ref < 0 || el->ref >= (el->simple ? g->ndt : g->ntypes)) {
            PyErr_SetString(PyExc_ValueError, "malformed table: element reference");
            return -1;
        }
    }
    /* resolve the productions' pointers (every index was checked above) */
    for (int i = 0; i < g->ntypes; i++) {
        TYPE *t = &g->types[i];
        for (int s = 0; s < t->nstates; s++) {
            STATE *st = &t->states[s];
            for (int k = 0; k < st->n; k++) {
                PROD *p = &st->prods[k];
                if (p->kind == K_SE || p->kind == K_AT || p->kind == K_CH || p->kind == K_ANY)
                    p->f = &t->fields[p->field];
                if (p->kind == K_SE) {
                    EL *el = &g->els[p->arg];
                    p->el = el;
                    if (el->simple) {
                        p->dt = &g->dts[el->ref];
                        p->inline_simple = !(p->f->substitution && el->cls != Py_None);
                    }
                } else if (p->kind == K_AT || p->kind == K_CH) {
                    p->dt = &g->dts[p->f->datatype];
                }
                if (p->kind != K_EE && p->kind != K_CHX && p->target >= 0 && p->target < t->npos) {
                    POS *pos = &t->pos[p->target];
                    int next = pos->s_top < 0 ? pos->s_top + t->nstates : pos->s_top;
                    if (pos->hi == 1 && pos->lo <= 1 && next >= 0 && next < t->nstates)
                        p->next = &t->states[next];
                }
            }
        }
    }
    Py_ssize_t ng;
    if (int_tuple(PyTuple_GET_ITEM(tab, 4), &g->globals, &ng) < 0)
        return -1;
    g->nglobals = (int)ng;
    for (int i = 0; i < g->nglobals; i++)
        if (g->globals[i] < 0 || g->globals[i] >= g->nel) {
            PyErr_SetString(PyExc_ValueError, "malformed table: globals");
            return -1;
        }
    if (geti(tab, 5, &g->doc_bits) < 0 || geti(tab, 9, &g->fragment_bits) < 0 || geti(tab, 11, &g->max_depth) < 0)
        return -1;
    if (g->doc_bits < 0 || g->doc_bits > 16 || g->fragment_bits < 0 || g->fragment_bits > 16) {
        PyErr_SetString(PyExc_ValueError, "malformed table: event code widths");
        return -1;
    }
    g->class_element = Py_NewRef(PyTuple_GET_ITEM(tab, 6));
    g->fragment_code = Py_NewRef(PyTuple_GET_ITEM(tab, 8));
    g->fragment_element = Py_NewRef(PyTuple_GET_ITEM(tab, 10));
    g->pure = Py_NewRef(PyTuple_GET_ITEM(tab, 12));
    g->l2_first = Py_NewRef(PyTuple_GET_ITEM(tab, 13));
    g->l2_end = Py_NewRef(PyTuple_GET_ITEM(tab, 14));
    if (need_tuple(g->l2_first, -1, "second level") < 0 || need_tuple(g->l2_end, -1, "second level") < 0)
        return -1;
    if (!PyDict_Check(g->class_element) || !PyDict_Check(g->fragment_code) || !PyType_Check(g->fragment_element) ||
        g->max_depth < 0 || g->max_depth > 1000) {
        PyErr_SetString(PyExc_ValueError, "malformed table: grammar");
        return -1;
    }
    PyObject *frags = PyTuple_GET_ITEM(tab, 7);
    if (need_tuple(frags, -1, "fragment") < 0)
        return -1;
    g->nfrag = (int)PyTuple_GET_SIZE(frags);
    g->frags = PyMem_Calloc((size_t)g->nfrag + 1, sizeof(FRAG));
    if (g->frags == NULL) {
        PyErr_NoMemory();
        return -1;
    }
    for (int i = 0; i < g->nfrag; i++) {
        PyObject *fr = PyTuple_GET_ITEM(frags, i);
        if (need_tuple(fr, 3, "fragment row") < 0 || geti(fr, 2, &g->frags[i].eid) < 0)
            return -1;
        if (g->frags[i].eid >= g->nel) {
            PyErr_SetString(PyExc_ValueError, "malformed table: fragment row");
            return -1;
        }
        g->frags[i].uri = Py_NewRef(PyTuple_GET_ITEM(fr, 0));
        g->frags[i].local = Py_NewRef(PyTuple_GET_ITEM(fr, 1));
    }
    /* the class -> element map must only name valid elements */
    PyObject *k, *v;
    Py_ssize_t it = 0;
    while (PyDict_Next(g->class_element, &it, &k, &v)) {
        long e = PyLong_AsLong(v);
        if (e < 0 || e >= g->nel) {
            if (!PyErr_Occurred())
                PyErr_SetString(PyExc_ValueError, "malformed table: class map");
            return -1;
        }
    }
    it = 0;
    while (PyDict_Next(g->fragment_code, &it, &k, &v)) {
        long c = PyLong_AsLong(v);
        if (c < 0 || c >= g->nfrag) {
            if (!PyErr_Occurred())
                PyErr_SetString(PyExc_ValueError, "malformed table: fragment codes");
            return -1;
        }
    }
    return 0;
}

static int check_ready(Gram *g)
{
    if (g->dts == NULL || g->pure == NULL) {
        PyErr_SetString(PyExc_RuntimeError, "Grammar is not initialised");
        return -1;
    }
    return 0;
}

static PyObject *m_decode_document(Gram *g, PyObject *data)
{
    return check_ready(g) < 0 ? NULL : g_decode_document(g, data, 1);
}

static PyObject *m_decode(Gram *g, PyObject *data)
{
    return check_ready(g) < 0 ? NULL : g_decode_document(g, data, 0);
}

static PyObject *m_decode_fragment(Gram *g, PyObject *data)
{
    return check_ready(g) < 0 ? NULL : g_decode_fragment(g, data);
}

static PyObject *m_encode_document(Gram *g, PyObject *const *args, Py_ssize_t nargs)
{
    if (check_ready(g) < 0)
        return NULL;
    if (nargs < 1 || nargs > 2) {
        PyErr_SetString(PyExc_TypeError, "encode_document(obj, check_facets=True)");
        return NULL;
    }
    int chk = 1;
    if (nargs == 2 && (chk = PyObject_IsTrue(args[1])) < 0)
        return NULL;
    return g_encode_document(g, args[0], chk);
}

static PyObject *m_encode_fragment(Gram *g, PyObject *const *args, Py_ssize_t nargs)
{
    if (check_ready(g) < 0)
        return NULL;
    if (nargs < 1 || nargs > 2) {
        PyErr_SetString(PyExc_TypeError, "encode_fragment(elements, check_facets=True)");
        return NULL;
    }
    int chk = 1;
    if (nargs == 2 && (chk = PyObject_IsTrue(args[1])) < 0)
        return NULL;
    return g_encode_fragment(g, args[0], chk);
}

static PyMethodDef gram_methods[] = {
    {"decode_document", (PyCFunction)m_decode_document, METH_O,
     "decode_document(data) -> (root element, bits used)"},
    {"decode", (PyCFunction)m_decode, METH_O, "decode(data) -> root element (decode_document without the bit count)"},
    {"decode_fragment", (PyCFunction)m_decode_fragment, METH_O,
     "decode_fragment(data) -> ([elements], bits used)"},
    {"encode_document", (PyCFunction)(void (*)(void))m_encode_document, METH_FASTCALL,
     "encode_document(obj, check_facets=True) -> bytes"},
    {"encode_fragment", (PyCFunction)(void (*)(void))m_encode_fragment, METH_FASTCALL,
     "encode_fragment(elements, check_facets=True) -> bytes"},
    {NULL, NULL, 0, NULL},
};

static PyMemberDef gram_members[] = {
    {"key", T_OBJECT, offsetof(Gram, key), READONLY, "schema key"},
    {"pure", T_OBJECT, offsetof(Gram, pure), READONLY, "the pure engine's Grammar (the twin)"},
    {NULL, 0, 0, 0, NULL},
};

static PyTypeObject GramType = {
    PyVarObject_HEAD_INIT(NULL, 0)
    .tp_name = "exi._cengine.Grammar",
    .tp_basicsize = sizeof(Gram),
    .tp_flags = Py_TPFLAGS_DEFAULT | Py_TPFLAGS_HAVE_GC,
    .tp_doc = "C tables of one schema set, built from exi._ctables.tables(pure_grammar, slot_offset)",
    .tp_traverse = (traverseproc)gram_traverse,
    .tp_clear = (inquiry)gram_clear,
    .tp_dealloc = (destructor)gram_dealloc,
    .tp_methods = gram_methods,
    .tp_members = gram_members,
    .tp_init = (initproc)gram_init,
    .tp_new = PyType_GenericNew,
};

/* slot_offset(cls, name): the instance offset of an object slot (T_OBJECT_EX member), else -1 */
static PyObject *m_slot_offset(PyObject *self, PyObject *args)
{
    PyObject *cls, *name;
    (void)self;
    if (!PyArg_ParseTuple(args, "O!U:slot_offset", &PyType_Type, &cls, &name))
        return NULL;
    PyObject *d = PyObject_GetAttr(cls, name);
    if (d == NULL) {
        PyErr_Clear();
        return PyLong_FromLong(-1);
    }
    long off = -1;
    if (Py_IS_TYPE(d, &PyMemberDescr_Type)) {
        PyMemberDef *m = ((PyMemberDescrObject *)d)->d_member;
        if (m->type == T_OBJECT_EX && !(m->flags & READONLY))
            off = (long)m->offset;
    }
    Py_DECREF(d);
    return PyLong_FromLong(off);
}

static PyMethodDef module_methods[] = {
    {"slot_offset", m_slot_offset, METH_VARARGS, "slot_offset(cls, name) -> offset of an object slot or -1"},
    {NULL, NULL, 0, NULL},
};

static struct PyModuleDef module_def = {
    PyModuleDef_HEAD_INIT, "exi._cengine", "The C EXI engine (see exi/_cengine.c).", -1, module_methods,
    NULL, NULL, NULL, NULL,
};

PyMODINIT_FUNC PyInit__cengine(void)
{
    if (PyType_Ready(&GramType) < 0)
        return NULL;
    PyObject *errors = PyImport_ImportModule("exi.errors");
    if (errors == NULL)
        return NULL;
    ExiError = PyObject_GetAttrString(errors, "ExiError");
    ExiDecodeError = PyObject_GetAttrString(errors, "ExiDecodeError");
    ExiTruncatedError = PyObject_GetAttrString(errors, "ExiTruncatedError");
    ExiUnsupportedError = PyObject_GetAttrString(errors, "ExiUnsupportedError");
    ExiEncodeError = PyObject_GetAttrString(errors, "ExiEncodeError");
    Py_DECREF(errors);
    if (!ExiError || !ExiDecodeError || !ExiTruncatedError || !ExiUnsupportedError || !ExiEncodeError)
        return NULL;
    EmptyTuple = PyTuple_New(0);
    if (EmptyTuple == NULL)
        return NULL;
    PyObject *m = PyModule_Create(&module_def);
    if (m == NULL)
        return NULL;
    Fallback = PyErr_NewExceptionWithDoc("exi._cengine.Fallback",
                                         "internal: the input needs the pure engine (never escapes the C engine)",
                                         NULL, NULL);
    if (Fallback == NULL || PyModule_AddObjectRef(m, "Fallback", Fallback) < 0 ||
        PyModule_AddObjectRef(m, "Grammar", (PyObject *)&GramType) < 0) {
        Py_DECREF(m);
        return NULL;
    }
    return m;
}
