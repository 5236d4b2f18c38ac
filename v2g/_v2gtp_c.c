/* C twin of v2g/_v2gtp_py.py: parse one 8-byte V2GTP header out of a buffer.
 *
 * header(buffer, offset, max_payload) -> (status, payload_type, length)
 *   status 0: complete, valid header    1: fewer than 8 bytes from offset
 *          2: wrong version/inverse      3: length above max_payload
 * Reads through the buffer protocol, never past its end.
 */
#define PY_SSIZE_T_CLEAN
#include <Python.h>
#include <stdint.h>

static PyObject *
v2gtp_header(PyObject *self, PyObject *args)
{
    Py_buffer view;
    Py_ssize_t offset;
    unsigned long long max_payload;
    (void)self;
    if (!PyArg_ParseTuple(args, "y*nK", &view, &offset, &max_payload)) {
        return NULL;
    }
    int status = 0;
    unsigned int payload_type = 0;
    unsigned long length = 0;
    if (offset < 0 || offset > view.len) {
        PyBuffer_Release(&view);
        PyErr_SetString(PyExc_ValueError, "offset outside the buffer");
        return NULL;
    }
    if (view.len - offset < 8) {
        status = 1;
    } else {
        const uint8_t *p = (const uint8_t *)view.buf + offset;
        payload_type = ((unsigned int)p[2] << 8) | p[3];
        length = ((unsigned long)p[4] << 24) | ((unsigned long)p[5] << 16) |
                 ((unsigned long)p[6] << 8) | (unsigned long)p[7];
        if (p[0] != 0x01 || p[1] != 0xFE) {
            status = 2;
        } else if ((unsigned long long)length > max_payload) {
            status = 3;
        }
    }
    PyBuffer_Release(&view);
    return Py_BuildValue("iIk", status, payload_type, length);
}

static PyMethodDef methods[] = {
    {"header", v2gtp_header, METH_VARARGS, "Parse one V2GTP header: (status, payload_type, length)."},
    {NULL, NULL, 0, NULL},
};

static struct PyModuleDef module = {
    PyModuleDef_HEAD_INIT, "_v2gtp_c", "C twin of the V2GTP header parser.", -1, methods,
    NULL, NULL, NULL, NULL,
};

PyMODINIT_FUNC
PyInit__v2gtp_c(void)
{
    return PyModule_Create(&module);
}
