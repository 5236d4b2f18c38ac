# GENERATED - do not edit. Produced by `python -m exi.codegen` from the ISO 15118-2:2013 XSDs.
"""Generated code of the ISO 15118-2:2013 schema set."""
