/* libFuzzer harness for the C EXI engine (exi/_cengine.c), built with ASan and UBSan by fuzz/build.sh.
 *
 * The engine is compiled into this binary (registered as the built-in module _cengine_fuzz) and an
 * embedded CPython loads the exi package from the source tree to build the C tables of one schema
 * set (FUZZ_SCHEMA, default din). Each input is handed to decode_document and decode_fragment as a
 * memoryview over libFuzzer's own buffer, which has exactly the input's size, so any read past the
 * end is an ASan report. Checked properties (a failure aborts, which libFuzzer records as a crash):
 * - every failure is an exi.ExiError (nothing else may escape, no crash, no sanitizer report);
 * - whatever decodes re-encodes (check_facets=False), and that encoding decodes to an equal object,
 *   unless the pure twin fails the same way on the same object (the engines agree: a limitation of
 *   the codec, e.g. interleaved xmldsig wildcard content that is not kept, reported separately).
 * Run with PYTHONMALLOC=malloc so that every Python object lives on ASan's heap.
 */
#define PY_SSIZE_T_CLEAN
#include <Python.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

PyMODINIT_FUNC PyInit__cengine(void);

static PyObject *Grammar, *Pure, *ExiError;

static void die(const char *what)
{
    fprintf(stderr, "fuzz_exi: %s\n", what);
    if (PyErr_Occurred())
        PyErr_Print();
    abort();
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc;
    (void)argv;
    if (PyImport_AppendInittab("_cengine_fuzz", PyInit__cengine) < 0)
        die("cannot register the engine");
    Py_InitializeEx(0);
    const char *repo = getenv("FUZZ_REPO");
    const char *schema = getenv("FUZZ_SCHEMA");
    PyObject *main = PyImport_AddModule("__main__");
    PyObject *globals = PyModule_GetDict(main);
    if (PyDict_SetItemString(globals, "REPO", PyUnicode_FromString(repo ? repo : ".")) < 0 ||
        PyDict_SetItemString(globals, "SCHEMA", PyUnicode_FromString(schema ? schema : "din")) < 0)
        die("cannot set up");
    const char *code =
        "import sys\n"
        "sys.path.insert(0, REPO)\n"
        "import exi, exi.errors\n"
        "from exi import _ctables\n"
        "import _cengine_fuzz as cm\n"
        "GRAMMAR = cm.Grammar(_ctables.tables(exi.grammar(SCHEMA), cm.slot_offset))\n"
        "EXI_ERROR = exi.errors.ExiError\n";
    PyObject *r = PyRun_String(code, Py_file_input, globals, globals);
    if (r == NULL)
        die("cannot load the grammar");
    Py_DECREF(r);
    Grammar = PyDict_GetItemString(globals, "GRAMMAR");
    Pure = Grammar ? PyObject_GetAttrString(Grammar, "pure") : NULL;
    ExiError = PyDict_GetItemString(globals, "EXI_ERROR");
    if (Grammar == NULL || Pure == NULL || ExiError == NULL)
        die("no grammar");
    return 0;
}

/* decode with `method`; on success re-encode with `encoder` and check the round trip */
static void check(PyObject *view, const char *method, const char *encoder)
{
    PyObject *res = PyObject_CallMethod(Grammar, method, "O", view);
    if (res == NULL) {
        if (!PyErr_ExceptionMatches(ExiError))
            die("a decoder raised something other than ExiError");
        PyErr_Clear();
        return;
    }
    if (!PyTuple_Check(res) || PyTuple_GET_SIZE(res) != 2)
        die("decoder result is not a pair");
    PyObject *obj = PyTuple_GET_ITEM(res, 0);
    PyObject *enc = PyObject_CallMethod(Grammar, encoder, "OO", obj, Py_False);
    if (enc == NULL) {
        if (!PyErr_ExceptionMatches(ExiError))
            die("an encoder raised something other than ExiError");
        PyErr_Clear();
        PyObject *twin = PyObject_CallMethod(Pure, encoder, "OO", obj, Py_False);
        if (twin != NULL)
            die("a decoded value does not re-encode, but the pure engine encodes it");
        if (!PyErr_ExceptionMatches(ExiError))
            die("the pure encoder raised something other than ExiError");
        PyErr_Clear();
        Py_DECREF(res);
        return;
    }
    PyObject *again = PyObject_CallMethod(Grammar, method, "O", enc);
    if (again == NULL)
        die("a re-encoded value does not decode");
    int eq = PyObject_RichCompareBool(obj, PyTuple_GET_ITEM(again, 0), Py_EQ);
    if (eq != 1)
        die("decode(encode(decode(x))) differs from decode(x)");
    Py_DECREF(again);
    Py_DECREF(enc);
    Py_DECREF(res);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    PyObject *view = PyMemoryView_FromMemory((char *)data, (Py_ssize_t)size, PyBUF_READ);
    if (view == NULL)
        die("memoryview");
    check(view, "decode_document", "encode_document");
    check(view, "decode_fragment", "encode_fragment");
    Py_DECREF(view);
    return 0;
}
